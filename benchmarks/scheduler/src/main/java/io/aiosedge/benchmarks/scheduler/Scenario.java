package io.aiosedge.benchmarks.scheduler;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A scenario read from a properties file (see {@code scenarios/*.properties} for the keys): the nodes, the link
 * with its outage schedule, the applications and the load levels to sweep. Immutable.
 */
record Scenario(String name, long seed, double durationSeconds, Map<String, Integer> loads, List<String> policies,
        int gatewaySlots, double gatewaySpeed, int peerCount, int peerSlots, double peerSpeed, int cloudSlots,
        double cloudSpeed, double computeSigma, double rttMillis, double bandwidth, List<double[]> outagesSeconds,
        double detectMillis, long offloadTimeoutMillis, List<App> apps) {

    /** One application: the share of devices running it and what each of its tasks looks like. */
    record App(String name, double share, double rateHz, long inputBytes, long outputBytes, double instructions,
            double deadlineMillis, double edgeOnlyShare, boolean edgeModel, double unsureShare) {
    }

    static Scenario load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        Map<String, Integer> loads = new LinkedHashMap<>();
        for (String level : get(p, "loads").split(",")) {
            String[] parts = level.trim().split(":");
            loads.put(parts[0], Integer.parseInt(parts[1]));
        }
        List<double[]> outages = new ArrayList<>();
        String outageText = p.getProperty("link.outages", "").trim();
        if (!outageText.isEmpty()) {
            for (String outage : outageText.split(",")) {
                String[] parts = outage.trim().split("-");
                outages.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
            }
        }
        List<App> apps = new ArrayList<>();
        for (String app : get(p, "apps").split(",")) {
            String k = "app." + app.trim() + ".";
            apps.add(new App(app.trim(), num(p, k + "share"), num(p, k + "rate.hz"), (long) num(p, k + "input.bytes"),
                    (long) num(p, k + "output.bytes"), num(p, k + "instructions"), num(p, k + "deadline.ms"),
                    num(p, k + "edge.only"), Boolean.parseBoolean(get(p, k + "edge.model")), num(p, k + "unsure.share")));
        }
        return new Scenario(get(p, "name"), (long) num(p, "seed"), num(p, "duration.s"), loads,
                List.of(get(p, "policies").split("\\s*,\\s*")), (int) num(p, "gateway.slots"), num(p, "gateway.speed"),
                (int) num(p, "peer.count"), (int) num(p, "peer.slots"), num(p, "peer.speed"), (int) num(p, "cloud.slots"),
                num(p, "cloud.speed"), num(p, "compute.sigma"), num(p, "link.rtt.ms"), num(p, "link.bandwidth"), outages,
                num(p, "link.detect.ms"), (long) num(p, "offload.timeout.ms"), apps);
    }

    private static String get(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("scenario property " + key + " is missing");
        }
        return value.trim();
    }

    private static double num(Properties p, String key) {
        try {
            return Double.parseDouble(get(p, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scenario property " + key + " = '" + p.getProperty(key)
                    + "' is not a number", e);
        }
    }

    /** Whether the link is down at {@code seconds} after the start. */
    boolean outage(double seconds) {
        for (double[] outage : outagesSeconds) {
            if (seconds >= outage[0] && seconds < outage[1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether an outage overlaps the interval [from, to) (s). */
    boolean outageDuring(double from, double to) {
        for (double[] outage : outagesSeconds) {
            if (from < outage[1] && to > outage[0]) {
                return true;
            }
        }
        return false;
    }
}
