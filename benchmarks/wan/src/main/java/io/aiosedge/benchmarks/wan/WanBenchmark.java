package io.aiosedge.benchmarks.wan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.aiosedge.e2e.CloudTier;
import io.aiosedge.e2e.NodeProcess;
import io.aiosedge.e2e.Outcome;

/**
 * Placement policies with the cloud worker behind an emulated WAN link: Mosquitto, one cloud worker (the real
 * distribution) behind the link and one gateway (the real bundles and scheduler, driven by the e2e probe) on the
 * broker's side. Every policy runs the same mixed workload (same windows, same arrival times, same draw of large
 * and small tasks) in the same run; the table gives mean and p95 completion of the completed tasks and the
 * deadline misses (late or failed), with local-only and cloud-only as the baselines.
 *
 * <p>System properties (defaults in brackets): {@code bench.link} auto|netem|proxy|none [auto: netem when the
 * machine allows it, else the user-space proxy], {@code bench.delay.ms} one-way delay [25], {@code bench.mbit}
 * [10], {@code bench.tasks} per policy [300], {@code bench.rate} tasks/s [20], {@code bench.policies},
 * {@code bench.small.deadline.ms} [300], {@code bench.large.share} [0.2], {@code bench.large.rows} [256],
 * {@code bench.large.deadline.ms} [2000], {@code bench.worker.threads} [2], {@code bench.gateway.cpu} share of one CPU
 * the gateway may use [0: unlimited].
 */
public final class WanBenchmark {

    private WanBenchmark() {
    }

    private static String prop(String name, String fallback) {
        return System.getProperty("bench." + name, fallback);
    }

    public static void main(String[] args) throws Exception {
        long delay = Long.parseLong(prop("delay.ms", "25"));
        long bits = (long) (Double.parseDouble(prop("mbit", "10")) * 1_000_000);
        int tasks = Integer.parseInt(prop("tasks", "300"));
        double rate = Double.parseDouble(prop("rate", "20"));
        List<String> policies = List.of(prop("policies", "local-only,cloud-only,round-robin,random,min-completion,"
                + "batch-optimal,joint-inference").split(","));
        int threads = Integer.parseInt(prop("worker.threads", "2"));
        double gatewayCpu = Double.parseDouble(prop("gateway.cpu", "0"));
        Map<String, Object> mix = new LinkedHashMap<>();
        mix.put("count", tasks);
        mix.put("seed", 5001);
        mix.put("rate.per.s", rate);
        mix.put("model", "anomaly-cloud");
        mix.put("edge.model", "anomaly-edge");
        mix.put("deadline.ms", Long.parseLong(prop("small.deadline.ms", "300")));
        mix.put("small.priority", 2);
        mix.put("large.share", Double.parseDouble(prop("large.share", "0.2")));
        mix.put("large.rows", Integer.parseInt(prop("large.rows", "256")));
        mix.put("large.deadline.ms", Long.parseLong(prop("large.deadline.ms", "2000")));
        mix.put("large.priority", 7);

        String mode = prop("link", "auto");
        String why = mode.equals("netem") || mode.equals("auto") ? WanLink.netemUnavailable() : null;
        WanLink link;
        if (mode.equals("netem") && why != null) {
            System.out.println("SKIPPED: " + why + ". Run as root on a kernel with sch_netem, or choose"
                    + " -Dbench.link=proxy (user-space emulation).");
            return;
        } else if (mode.equals("netem") || mode.equals("auto") && why == null) {
            link = new WanLink.Netem(delay, bits);
        } else if (mode.equals("none")) {
            link = new WanLink.None();
        } else {
            if (why != null) {
                System.out.println("tc netem cannot be used here: " + why + ". The WAN is emulated by a user-space"
                        + " delay proxy instead.");
            }
            link = new WanLink.Proxy(delay, bits);
        }

        List<String> rows = new ArrayList<>();
        CpuLimit cpuLimit = null;
        try (CloudTier tier = new CloudTier("wan", link.brokerAddresses()); WanLink l = link) {
            l.start(tier.broker.port());
            System.out.println("link: " + l.describe());
            tier.startWorker("wan-worker", threads, l.brokerUrl(tier.broker.port()), l.commandPrefix());
            NodeProcess gateway = tier.startGateway("round-robin", 3000, threads * 4);
            String gatewayNote = "gateway unconstrained";
            if (gatewayCpu > 0) {
                try {
                    cpuLimit = CpuLimit.apply(gateway.pid(), gatewayCpu);
                    gatewayNote = "gateway limited to " + Math.round(gatewayCpu * 100) + " % of one CPU (cgroup CFS"
                            + " quota), as a small gateway next to a cloud worker";
                } catch (java.io.IOException e) {
                    gatewayNote = "gateway NOT limited (" + e.getMessage() + ")";
                }
                System.out.println(gatewayNote);
            }
            // Warm both paths (JIT, TensorFlow sessions, the cost model's estimates of both nodes) before measuring.
            for (String warmPolicy : List.of("local-only", "cloud-only", "round-robin")) {
                System.out.println("warm-up with " + warmPolicy + " (not measured) ...");
                Map<String, Object> warm = new LinkedHashMap<>(mix);
                warm.put("count", Math.min(tasks, 100));
                warm.put("seed", 4999);
                warm.put("policy", warmPolicy);
                tier.startRun("warm-up-" + warmPolicy, warm);
                tier.awaitRun("warm-up-" + warmPolicy, Duration.ofMinutes(5), new int[1]);
            }
            // The first policy runs again at the end: the two rows differ by the run-to-run drift of the machine.
            Map<String, Row> byPolicy = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(policies);
            order.add(policies.get(0));
            for (int i = 0; i < order.size(); i++) {
                String policy = order.get(i);
                String run = i == order.size() - 1 ? policy + "-again" : policy;
                Map<String, Object> m = new LinkedHashMap<>(mix);
                m.put("policy", policy);
                System.out.println("policy " + policy + " ...");
                tier.startRun(run, m);
                List<Outcome> outcomes = tier.awaitRun(run, Duration.ofMinutes(10), new int[1]);
                Row row = Row.of(i == order.size() - 1 ? policy + " (again, last)" : policy, outcomes);
                if (i < order.size() - 1) {
                    byPolicy.put(policy, row);
                }
                rows.add(row.markdown());
                System.out.println(row.markdown());
            }
            tier.keepLogs(Path.of(System.getProperty("aios.e2e.results", "target/runs")));
            String table = String.join("\n",
                    "Placement under an emulated WAN (" + LocalDate.now() + ")",
                    "",
                    "- link: " + l.describe(),
                    "- workload per policy: " + tasks + " tasks at " + rate + "/s, " + Math.round(
                            100 * (double) mix.get("large.share")) + " % large (" + mix.get("large.rows")
                            + " windows = " + (4 + 16 + 4 * 64 * (int) mix.get("large.rows")) / 1024 + " KiB input,"
                            + " full model, deadline " + mix.get("large.deadline.ms") + " ms, priority 7), the rest"
                            + " small (1 window, edge model anomaly-edge / full model anomaly-cloud, deadline "
                            + mix.get("deadline.ms") + " ms, priority 2); same windows, arrivals and mix for every"
                            + " policy",
                    "- nodes: gateway (1 local slot, both models; " + gatewayNote + "), one cloud worker (" + threads
                            + " slots, capacity " + threads * 4 + ") behind the link; Mosquitto, the gateway and the"
                            + " worker share one machine (" + Runtime.getRuntime().availableProcessors() + " cores)",
                    "",
                    "| policy | completed | mean ms | p95 ms | deadline misses (small / large) | on the gateway |"
                            + " in the cloud | fell back |",
                    "|---|---|---|---|---|---|---|---|",
                    String.join("\n", rows),
                    "",
                    goals(byPolicy),
                    "");
            System.out.println();
            System.out.println(table);
            Path results = Path.of(prop("results", "results"));
            Files.createDirectories(results);
            Path file = results.resolve("wan-" + (l instanceof WanLink.Netem ? "netem" : l instanceof WanLink.Proxy
                    ? "proxy" : "none") + (gatewayCpu > 0 ? "-gateway-cpu-" + Math.round(gatewayCpu * 100) : "")
                    + ".md");
            Files.writeString(file, table);
            System.out.println("written to " + file);
        } finally {
            if (cpuLimit != null) {
                cpuLimit.close();
            }
        }
    }

    /** One policy's figures. */
    /**
     * The default policy (min-completion) against the better of the two baselines (local-only, cloud-only) of the
     * same run (fewer misses, then lower mean): its mean completion at most 1.05 × the baseline's and no more
     * deadline misses.
     */
    private static String goals(Map<String, Row> byPolicy) {
        Row ours = byPolicy.get("min-completion");
        Row best = null;
        for (String baseline : List.of("local-only", "cloud-only")) {
            Row candidate = byPolicy.get(baseline);
            // The better baseline: fewer deadline misses, then the lower mean.
            if (candidate != null && (best == null || candidate.misses() < best.misses()
                    || candidate.misses() == best.misses() && candidate.mean() < best.mean())) {
                best = candidate;
            }
        }
        if (ours == null || best == null) {
            return "(no GOAL lines: min-completion and local-only or cloud-only must be among the policies)";
        }
        double ratio = ours.mean() / best.mean();
        return String.join("\n",
                String.format(java.util.Locale.ROOT, "GOAL wan-mean-vs-%s %.2fx 1.05x %s", best.policy(), ratio,
                        ratio <= 1.05 ? "MET" : "MISSED"),
                String.format(java.util.Locale.ROOT, "GOAL wan-misses-vs-%s %d %d %s", best.policy(), ours.misses(),
                        best.misses(), ours.misses() <= best.misses() ? "MET" : "MISSED"));
    }

    private record Row(String policy, int count, int completed, double mean, double p95, int misses,
            int smallMisses, int largeMisses, int local, int cloud, int fellBack) {

        static Row of(String policy, List<Outcome> outcomes) {
            List<Double> times = new ArrayList<>();
            int misses = 0;
            int smallMisses = 0;
            int largeMisses = 0;
            int local = 0;
            int cloud = 0;
            int fellBack = 0;
            for (Outcome o : outcomes) {
                boolean missed = !o.completed() || !o.deadlineMet();
                if (missed) {
                    misses++;
                    if (o.taskClass().equals("large")) {
                        largeMisses++;
                    } else {
                        smallMisses++;
                    }
                }
                if (o.completed()) {
                    times.add(o.totalMillis());
                    if (o.kind().equals("LOCAL")) {
                        local++;
                    } else {
                        cloud++;
                    }
                }
                if (o.fellBack()) {
                    fellBack++;
                }
            }
            times.sort(null);
            double mean = times.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double p95 = times.isEmpty() ? Double.NaN : times.get(Math.min(times.size() - 1,
                    (int) Math.ceil(0.95 * times.size()) - 1));
            return new Row(policy, outcomes.size(), times.size(), mean, p95, misses, smallMisses, largeMisses, local,
                    cloud, fellBack);
        }

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %d/%d | %.1f | %.1f | %d (%d / %d) | %d | %d | %d |", policy,
                    completed, count, mean, p95, misses, smallMisses, largeMisses, local, cloud, fellBack);
        }
    }
}
