package io.aiosedge.benchmarks.scheduler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The robustness sweep: every scenario × load level × seed × compute spread (none, log-normal σ 0.5, exponential) ×
 * link bandwidth (×0.3, ×1, ×3) × contention model (slot queues, processor sharing), each cell run with the default
 * policy and every baseline on the same arrivals. One line per cell; then GOAL lines:
 * <ul>
 * <li>{@code sweep-miss}: cells where the default policy's miss rate ≤ max(1 %, best baseline's);</li>
 * <li>{@code sweep-mean}: cells where its mean completion ≤ 1.05 × the best baseline's (the penalized mean: a task
 * that never completed counts at its deadline, see {@link Simulation#penalizedMean()});</li>
 * </ul>
 * "best baseline" per criterion: the least miss rate, the least mean completion. System properties:
 * {@code sweep.seeds} (5), {@code sweep.max.duration.s} (none: the scenario's duration; a longer scenario is
 * cut to it, its warm-up scaled by the same factor), {@code sweep.threads} (available processors), {@code sweep.scenarios} (all files).
 */
public final class SweepBenchmark {

    private static final String[][] SPREADS = {{"none", "0"}, {"lognormal", "0.5"}, {"exponential", "0"}};
    private static final double[] BANDWIDTH = {0.3, 1, 3};
    private static final String[] CONTENTION = {"slots", "shared"};

    private SweepBenchmark() {
    }

    private record Cell(String scenario, String load, int devices, long seed, String spread, double bandwidth,
            String contention) {
        String label() {
            return String.format(Locale.ROOT, "%-13s %-6s seed %-3d %-11s bw x%-3.1f %-6s", scenario, load, seed, spread,
                    bandwidth, contention);
        }
    }

    private record Row(Cell cell, Map<String, double[]> byPolicy) {
    }

    public static void main(String[] args) throws Exception {
        int seeds = Integer.getInteger("sweep.seeds", 5);
        double maxDuration = Double.parseDouble(System.getProperty("sweep.max.duration.s", "1e9"));
        int threads = Integer.getInteger("sweep.threads", Runtime.getRuntime().availableProcessors());
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : ScenarioBenchmark.scenarioFiles(args)) {
            scenarios.add(Scenario.load(file));
        }
        List<String> policies = new ArrayList<>(ScenarioBenchmark.BASELINES);
        policies.add(ScenarioBenchmark.DEFAULT_POLICY);
        List<Cell> cells = new ArrayList<>();
        Map<Cell, Scenario> variants = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            for (Map.Entry<String, Integer> load : scenario.loads.entrySet()) {
                for (int s = 0; s < seeds; s++) {
                    for (String[] spread : SPREADS) {
                        for (double bandwidth : BANDWIDTH) {
                            for (String contention : CONTENTION) {
                                Cell cell = new Cell(scenario.name, load.getKey(), load.getValue(), scenario.seed + s,
                                        spread[0], bandwidth, contention);
                                Map<String, String> o = new LinkedHashMap<>();
                                o.put("seed", Long.toString(cell.seed()));
                                o.put("compute.dist", spread[0]);
                                if (spread[0].equals("lognormal")) {
                                    o.put("compute.sigma", spread[1]);
                                }
                                o.put("link.bandwidth.factor", Double.toString(bandwidth));
                                o.put("contention", contention);
                                double factor = Math.min(1, maxDuration / scenario.durationSeconds);
                                o.put("duration.s", Double.toString(scenario.durationSeconds * factor));
                                o.put("warmup.s", Double.toString(scenario.warmupSeconds * factor));
                                cells.add(cell);
                                variants.put(cell, scenario.with(o));
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("Robustness sweep: %d cells x %d policies, %d threads, runs of at most %.0f s (warm-up"
                + " scaled with them)%n", cells.size(), policies.size(), threads, maxDuration);
        System.out.printf("%-58s | %-34s | %-34s | %s%n", "cell", "default: pen. mean ms / miss %",
                "best baseline pen. mean (policy) / miss", "mean ratio, miss ok");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Row>> futures = new ArrayList<>();
        for (Cell cell : cells) {
            futures.add(pool.submit(() -> {
                Map<String, double[]> byPolicy = new LinkedHashMap<>();
                for (String policy : policies) {
                    Simulation simulation = new Simulation(variants.get(cell), cell.devices());
                    simulation.run(policy);
                    byPolicy.put(policy, new double[] {simulation.penalizedMean(), simulation.missPercent()});
                }
                return new Row(cell, byPolicy);
            }));
        }
        int missOk = 0;
        int meanOk = 0;
        List<String> failing = new ArrayList<>();
        long start = System.nanoTime();
        for (Future<Row> future : futures) {
            Row row = future.get();
            double[] ours = row.byPolicy().get(ScenarioBenchmark.DEFAULT_POLICY);
            String bestMeanPolicy = null;
            double bestMean = Double.POSITIVE_INFINITY;
            double bestMiss = Double.POSITIVE_INFINITY;
            for (String baseline : ScenarioBenchmark.BASELINES) {
                double[] b = row.byPolicy().get(baseline);
                if (b[0] < bestMean) {
                    bestMean = b[0];
                    bestMeanPolicy = baseline;
                }
                bestMiss = Math.min(bestMiss, b[1]);
            }
            boolean missGood = ours[1] <= Math.max(1.0, bestMiss) + 1e-9;
            boolean meanGood = ours[0] <= 1.05 * bestMean;
            missOk += missGood ? 1 : 0;
            meanOk += meanGood ? 1 : 0;
            String line = String.format(Locale.ROOT, "%-58s | %10.1f / %6.2f %-14s | %10.1f (%-11s) / %6.2f | %5.3f %s%s",
                    row.cell().label(), ours[0], ours[1], "", bestMean, bestMeanPolicy, bestMiss, ours[0] / bestMean,
                    missGood ? "ok" : "MISS", meanGood ? "" : " SLOWER");
            System.out.println(line);
            if (!missGood || !meanGood) {
                failing.add(line);
            }
        }
        pool.shutdown();
        System.out.printf("%nswept in %.0f s; cells failing a criterion: %d%n", (System.nanoTime() - start) / 1e9,
                failing.size());
        failing.forEach(System.out::println);
        int n = cells.size();
        System.out.printf("GOAL sweep-miss %d/%d %d/%d %s%n", missOk, n, n, n, missOk == n ? "MET" : "MISSED");
        System.out.printf("GOAL sweep-mean %d/%d %d/%d %s%n", meanOk, n, n, n, meanOk == n ? "MET" : "MISSED");
    }
}
