package io.aiosedge.scheduler.internal.shell;

import java.util.List;
import java.util.Map;

import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.LearnedEstimate;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskStatus;

/** Text tables of the scheduler's state, for the Gogo commands. Times in ms. */
public final class SchedulerReport {

    private static final String NL = System.lineSeparator();

    private SchedulerReport() {
    }

    public static String active(List<TaskStatus> tasks, SchedulerStatistics statistics, long nowMillis) {
        StringBuilder out = new StringBuilder(String.format("queued %d, running %d, submitted %d, completed %d,"
                + " deadlines missed %d, failures %s, degraded %d, escalated %d of %d (%.1f %%), decision %.1f us/task%n",
                statistics.queued(), statistics.running(), statistics.submitted(), statistics.completed(),
                statistics.deadlinesMissed(), statistics.failures(), statistics.degraded(), statistics.escalated(),
                statistics.jointInferenceTasks(), 100 * statistics.escalatedShare(), statistics.meanDecisionMicros()));
        out.append(String.format("%-36s %-9s %-16s %4s %10s %12s%n", "TASK", "STATE", "NODE", "PRIO", "AGE ms",
                "DEADLINE ms"));
        for (TaskStatus task : tasks) {
            out.append(String.format("%-36s %-9s %-16s %4d %10d %12s%n", task.taskId(), task.state(), task.nodeId(),
                    task.priority(), nowMillis - task.submittedAtMillis(), left(task.deadlineMillis(), nowMillis)));
        }
        return out.toString();
    }

    public static String recent(List<TaskStatus> tasks) {
        StringBuilder out = new StringBuilder(String.format("%-36s %-9s %-16s %9s %9s %9s %9s %-8s %s%n", "TASK",
                "STATE", "NODE", "QUEUE", "TRANSFER", "COMPUTE", "TOTAL", "DEADLINE", "DETAIL"));
        for (TaskStatus task : tasks) {
            TaskResult result = task.result();
            if (result != null) {
                out.append(String.format("%-36s %-9s %-16s %9.1f %9.1f %9.1f %9.1f %-8s %s%n", task.taskId(),
                        task.state(), task.nodeId(), result.queueMillis(), result.transferMillis(),
                        result.computeMillis(), result.totalMillis(), result.deadlineMet() ? "met" : "MISSED",
                        task.detail()));
            } else {
                out.append(String.format("%-36s %-9s %-16s %9s %9s %9s %9s %-8s %s: %s%n", task.taskId(), task.state(),
                        task.nodeId(), "-", "-", "-", "-", "-", task.failure(), task.detail()));
            }
        }
        return out.toString();
    }

    public static String nodes(List<NodeState> nodes, List<LearnedEstimate> learned, List<Calibration> calibration) {
        StringBuilder out = new StringBuilder(String.format("%-16s %-6s %-14s %5s %5s %10s %6s %6s %s%n", "NODE", "KIND",
                "ADDRESS", "CORES", "SLOTS", "SPEED i/s", "LOAD", "QUEUE", "AVAILABLE"));
        for (NodeState node : nodes) {
            out.append(String.format("%-16s %-6s %-14s %5d %5d %10.3g %6.2f %6d %s%n", node.id(), node.kind(),
                    node.node().address(), node.node().cores(), node.node().slots(), node.node().speed(), node.load(),
                    node.queueLength(), node.available()));
        }
        out.append(NL).append(String.format("%-28s %-16s %8s %12s %12s %12s%n", "KIND", "NODE", "SAMPLES",
                "COMPUTE ms", "STDDEV ms", "OVERHEAD ms"));
        for (LearnedEstimate estimate : learned) {
            out.append(String.format("%-28s %-16s %8d %12.2f %12.2f %12.2f%n", estimate.kind(), estimate.nodeId(),
                    estimate.samples(), estimate.meanComputeMillis(), estimate.stddevComputeMillis(),
                    estimate.meanOverheadMillis()));
        }
        out.append(NL).append("prediction error (actual - estimate, ms: mean / mean absolute; factors as used now):")
                .append(NL);
        calibration(out, calibration);
        return out.toString();
    }

    private static void calibration(StringBuilder out, List<Calibration> rows) {
        out.append(String.format("%-28s %-16s %7s %7s %7s %17s %17s %17s %6s%n", "KIND", "NODE", "SAMPLES", "C.FACT",
                "N.FACT", "WAIT", "NETWORK", "COMPUTE", "FAIL%"));
        for (Calibration c : rows) {
            out.append(String.format("%-28s %-16s %7d %7.3f %7.3f %8.1f / %6.1f %8.1f / %6.1f %8.1f / %6.1f %6.1f%n",
                    c.kind(), c.nodeId(), c.samples(), c.computeFactor(), c.networkFactor(), c.waitErrorMillis(),
                    c.waitAbsErrorMillis(), c.networkErrorMillis(), c.networkAbsErrorMillis(), c.computeErrorMillis(),
                    c.computeAbsErrorMillis(), 100 * c.failureRate()));
        }
    }

    /** The cost table behind a placement, then how well the model has predicted the task's kind so far. */
    public static String explain(Explanation explanation, List<Calibration> calibration) {
        String kind = explanation.table().task(explanation.taskIndex()).kind();
        List<Calibration> mine = calibration.stream().filter(c -> c.kind().equals(kind) || c.kind().startsWith(kind + "@"))
                .toList();
        StringBuilder out = new StringBuilder(explain(explanation));
        out.append("prediction error so far for kind ").append(kind).append(" (ms: mean / mean absolute):").append(NL);
        if (mine.isEmpty()) {
            out.append("  none yet: the estimates above are the priors").append(NL);
        } else {
            calibration(out, mine);
        }
        return out.toString();
    }

    public static String explain(Explanation explanation) {
        CostTable table = explanation.table();
        int j = explanation.taskIndex();
        StringBuilder out = new StringBuilder(String.format("task %s placed by %s in %.1f us (window of %d tasks): %s%n",
                explanation.taskId(), explanation.policy(), explanation.decisionMicros(), table.taskCount(),
                explanation.assignment().placed() ? "on " + table.node(explanation.assignment().node()).id()
                        + " with model " + explanation.assignment().model() : "nowhere"));
        out.append("reason: ").append(explanation.assignment().note()).append(NL);
        long deadline = table.task(j).deadlineMillis();
        out.append("deadline: ").append(deadline == Long.MAX_VALUE ? "none" : (deadline - table.nowMillis()) + " ms after"
                + " the decision").append(NL);
        out.append(String.format("%-2s %-16s %-6s %9s %9s %9s %9s %9s %7s %7s %10s %s%n", "", "NODE", "KIND", "WAIT",
                "IN", "COMPUTE", "OUT", "TOTAL", "SAMPLES", "DEADL.", "CAPACITY", "NOTE"));
        for (int i = 0; i < table.nodeCount(); i++) {
            Estimate e = table.estimate(j, i);
            String mark = explanation.assignment().node() == i ? "=>" : "";
            if (e.allowed()) {
                out.append(String.format("%-2s %-16s %-6s %9.2f %9.2f %9.2f %9.2f %9.2f %7d %7s %10.0f %s%n", mark,
                        table.node(i).id(), table.node(i).kind(), e.waitMillis(), e.inputTransferMillis(),
                        e.computeMillis(), e.outputTransferMillis(), e.completionMillis(), e.samples(),
                        table.meetsDeadline(j, i) ? "meets" : "misses", table.capacityMillis(i), e.note()));
            } else {
                out.append(String.format("%-2s %-16s %-6s %9s %9s %9s %9s %9s %7s %7s %10.0f not allowed: %s%n", mark,
                        table.node(i).id(), table.node(i).kind(), "-", "-", "-", "-", "-", "-", "-",
                        table.capacityMillis(i), e.note()));
            }
        }
        return out.toString();
    }

    private static String left(long deadline, long now) {
        return deadline == Long.MAX_VALUE ? "-" : Long.toString(deadline - now);
    }

    /** A one-line summary of a result, for {@code aios:submit}. */
    public static String result(TaskResult result) {
        return String.format("%s on %s (%s, model %s): queue %.1f ms, transfer %.1f ms, compute %.1f ms, deadline %s,"
                + " score %s, confidence %s%s%s, output %s", result.taskId(), result.nodeId(), result.nodeKind(),
                result.model(), result.queueMillis(), result.transferMillis(), result.computeMillis(),
                result.deadlineMet() ? "met" : "MISSED", result.score(), result.confidence(),
                result.degraded() ? ", degraded" : "", result.escalated() ? ", escalated" : "",
                preview(result.output(), result.attributes()));
    }

    private static String preview(float[] output, Map<String, String> attributes) {
        StringBuilder out = new StringBuilder("[");
        for (int k = 0; k < Math.min(8, output.length); k++) {
            out.append(k == 0 ? "" : ", ").append(output[k]);
        }
        return out.append(output.length > 8 ? ", ...]" : "]").append(attributes.isEmpty() ? "" : " " + attributes)
                .toString();
    }
}
