package io.aiosedge.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * One task's outcome as the gateway's probe reported it (one tab-separated line; columns in
 * {@code io.aiosedge.e2e.probe.WorkloadRun.header()}).
 */
public record Outcome(int index, String task, int label, String status, String node, String kind, String model,
        double score, boolean escalated, String worker, double totalMillis, boolean deadlineMet, String failure,
        String detail, String taskClass) {

    public boolean completed() {
        return status.equals("COMPLETED");
    }

    /** The answer at threshold 0.5: 1 anomalous, 0 normal. */
    public int predicted() {
        return score > 0.5 ? 1 : 0;
    }

    /** Whether the task ran on the gateway because its offload failed (timeout, rejection, link down). */
    public boolean fellBack() {
        return detail.contains("failed") && detail.contains("ran on the gateway");
    }

    /** The outcome lines of a probe report; the duplicate counter of the trailer goes to {@code duplicates[0]}. */
    public static List<Outcome> parse(String report, int[] duplicates) {
        List<Outcome> out = new ArrayList<>();
        for (String line : report.split("\n")) {
            if (line.isBlank() || line.startsWith("index\t")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            if (line.startsWith("#duplicate.outcomes")) {
                duplicates[0] = Integer.parseInt(c[1]);
                continue;
            }
            out.add(new Outcome(Integer.parseInt(c[0]), c[1], Integer.parseInt(c[2]), c[3], c[4], c[5], c[6],
                    Double.parseDouble(c[7]), Boolean.parseBoolean(c[8]), c[9],
                    c[10].isEmpty() ? Double.NaN : Double.parseDouble(c[10]), Boolean.parseBoolean(c[11]), c[12],
                    c[13], c.length > 14 ? c[14] : "small"));
        }
        return out;
    }
}
