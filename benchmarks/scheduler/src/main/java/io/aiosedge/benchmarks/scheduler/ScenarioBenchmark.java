package io.aiosedge.benchmarks.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.scheduler.internal.policy.Policies;

/**
 * Runs every scenario file of {@code scenarios/} (or the files given as arguments) through the discrete-event
 * {@link Simulation} for each policy and load level, and prints per level: counted tasks (after the warm-up),
 * mean and p95 completion (ms, over completed tasks), the penalized mean (ms, over all counted tasks, a task that
 * never completed counted at its deadline: the figure every comparison below uses), miss rate (late results plus tasks refused or failed, over
 * all counted), failures by cause, share offloaded, MB sent, decision µs per task, and the ratio of the mean
 * completion to the offline lower bound on the same tasks; then per application; then the default policy against
 * the best baseline, with GOAL lines for the high load.
 */
public final class ScenarioBenchmark {

    static final String DEFAULT_POLICY = Policies.MIN_COMPLETION;
    static final List<String> BASELINES = List.of(Policies.LOCAL_ONLY, Policies.CLOUD_ONLY, Policies.ROUND_ROBIN,
            Policies.RANDOM);

    private ScenarioBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<String> goals = new ArrayList<>();
        Map<String, String> overrides = overrides(System.getProperty("scenario.set", ""));
        for (Path file : scenarioFiles(args)) {
            run(Scenario.load(file).with(overrides), goals);
        }
        System.out.println();
        goals.forEach(System.out::println);
    }

    /** {@code -Dscenario.set=key=value;key=value}: properties replaced in every scenario (ablations). */
    static Map<String, String> overrides(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("scenario.set: '" + pair + "' is not key=value");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    static List<Path> scenarioFiles(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        if (args.length > 0) {
            for (String arg : args) {
                files.add(Paths.get(arg));
            }
        } else {
            try (Stream<Path> list = Files.list(Paths.get(System.getProperty("scenario.dir", "scenarios")))) {
                list.filter(p -> p.toString().endsWith(".properties")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static void run(Scenario scenario, List<String> goals) {
        System.out.printf("%nScenario %s (seed %d, %.0f s per run, %.0f s warm-up, %s contention, %d gateway(s))%n",
                scenario.name, scenario.seed, scenario.durationSeconds, scenario.warmupSeconds,
                scenario.contention.name().toLowerCase(), scenario.gateways);
        String last = null;
        Map<String, Simulation> lastRuns = Map.of();
        for (Map.Entry<String, Integer> load : scenario.loads.entrySet()) {
            last = load.getKey();
            System.out.printf("%nload %s: %d devices%n", load.getKey(), load.getValue());
            System.out.printf("%-16s %7s %9s %9s %9s %8s %7s %7s %7s %7s %7s %9s %8s %8s%n", "policy", "tasks",
                    "mean ms", "p95 ms", "pen. ms", "miss %", "f.dead", "f.cap", "f.net", "f.other", "offl %", "sent MB", "dec us", "/bound");
            Map<String, Simulation> runs = new LinkedHashMap<>();
            for (String policy : scenario.policies) {
                Simulation simulation = new Simulation(scenario, load.getValue());
                long start = System.nanoTime();
                simulation.run(policy);
                runs.put(policy, simulation);
                lastRuns = runs;
                int deadline = simulation.failed(FailureReason.DEADLINE_UNREACHABLE, FailureReason.DEADLINE_EXPIRED);
                int capacity = simulation.failed(FailureReason.QUEUE_FULL);
                int network = simulation.failed(FailureReason.NETWORK);
                int all = simulation.failures.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf("%-16s %7d %9.1f %9.1f %9.1f %8.2f %7d %7d %7d %7d %7.1f %9.2f %8.2f %8.2f   (%.1f s)%n",
                        policy, simulation.submitted(), simulation.meanCompletion(), simulation.p95Completion(),
                        simulation.penalizedMean(), simulation.missPercent(), deadline, capacity, network, all - deadline - capacity - network,
                        simulation.offloadedPercent(), simulation.bytesSent / 1e6, simulation.decisionMicros,
                        simulation.penalizedMean() / simulation.meanBound(), (System.nanoTime() - start) / 1e9);
            }
            System.out.println("per application (mean ms / miss %):");
            for (Map.Entry<String, Simulation> run : runs.entrySet()) {
                StringBuilder line = new StringBuilder(String.format("  %-16s", run.getKey()));
                run.getValue().perApp().forEach((app, row) -> line.append(String.format("  %s %.1f / %.2f", app,
                        row[1], row[2])));
                System.out.println(line);
            }
            Simulation any = runs.values().iterator().next();
            System.out.printf("offline lower bound (mean ms): %.1f (contention-free alone: %.1f)%n", any.meanBound(),
                    any.meanContentionFreeBound());
            Simulation ours = runs.get(DEFAULT_POLICY);
            String bestBaseline = bestBaseline(runs);
            if (ours != null && bestBaseline != null) {
                Simulation base = runs.get(bestBaseline);
                double change = 100 * (1 - ours.penalizedMean() / base.penalizedMean());
                System.out.printf("%s vs best baseline (%s): penalized mean %.1f vs %.1f ms = %.1f %% %s; miss %.2f vs"
                        + " %.2f %%; vs the offline lower bound: %.1f %% above%n", DEFAULT_POLICY, bestBaseline,
                        ours.penalizedMean(), base.penalizedMean(), Math.abs(change), change >= 0 ? "lower" : "higher",
                        ours.missPercent(), base.missPercent(), 100 * (ours.penalizedMean() / ours.meanBound() - 1));
            }
        }
        // GOALs on the highest load level (the last one listed).
        Simulation mine = lastRuns.get(DEFAULT_POLICY);
        String best = bestBaseline(lastRuns);
        if (mine != null && best != null) {
            double lower = 100 * (1 - mine.penalizedMean() / lastRuns.get(best).penalizedMean());
            goals.add(String.format("GOAL %s-%s-vs-best-baseline %.1f%% 25%% %s", scenario.name, last, lower,
                    lower >= 25 ? "MET" : "MISSED"));
            double aboveBound = 100 * (mine.penalizedMean() / mine.meanBound() - 1);
            goals.add(String.format("GOAL %s-%s-vs-offline-bound %.1f%% 25%% %s", scenario.name, last, aboveBound,
                    aboveBound <= 25 ? "MET" : "MISSED"));
        }
    }

    /** The baseline with the least penalized mean. */
    static String bestBaseline(Map<String, Simulation> runs) {
        String best = null;
        for (String baseline : BASELINES) {
            Simulation candidate = runs.get(baseline);
            if (candidate != null && (best == null || candidate.penalizedMean() < runs.get(best).penalizedMean())) {
                best = baseline;
            }
        }
        return best;
    }
}
