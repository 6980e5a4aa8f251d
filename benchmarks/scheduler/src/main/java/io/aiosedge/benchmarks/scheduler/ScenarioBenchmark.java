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
import io.aiosedge.scheduler.internal.policy.PolicyOptions;

/**
 * Runs every scenario file of {@code scenarios/} (or the files given as arguments) through the discrete-event
 * {@link Simulation} for each policy and load level, and prints per level: mean and p95 completion (ms, over
 * completed tasks), deadline-miss rate (late results plus tasks refused or expired for their deadline, over all
 * submitted), failed tasks by cause, MB sent, decision µs per task, and the ratio of the mean completion to the
 * offline lower bound on the same completed tasks. Then, per level, min-completion against the best baseline.
 */
public final class ScenarioBenchmark {

    private static final List<String> BASELINES = List.of(Policies.LOCAL_ONLY, Policies.CLOUD_ONLY,
            Policies.ROUND_ROBIN, Policies.RANDOM);

    private ScenarioBenchmark() {
    }

    public static void main(String[] args) throws IOException {
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
        for (Path file : files) {
            run(Scenario.load(file));
        }
    }

    private static void run(Scenario scenario) {
        System.out.printf("%nScenario %s (seed %d, %.0f s per run)%n", scenario.name(), scenario.seed(),
                scenario.durationSeconds());
        for (Map.Entry<String, Integer> load : scenario.loads().entrySet()) {
            System.out.printf("%nload %s: %d devices%n", load.getKey(), load.getValue());
            System.out.printf("%-16s %7s %9s %9s %8s %8s %8s %8s %8s %9s %8s %8s%n", "policy", "tasks", "mean ms",
                    "p95 ms", "miss %", "f.dead", "f.cap", "f.net", "f.other", "sent MB", "dec us", "/bound");
            Map<String, Simulation> runs = new LinkedHashMap<>();
            for (String policy : scenario.policies()) {
                Simulation simulation = new Simulation(scenario, load.getValue());
                long start = System.nanoTime();
                simulation.run(Policies.create(policy, new PolicyOptions(scenario.seed(), 0.8, 12, 2, 10_000)));
                runs.put(policy, simulation);
                int deadline = simulation.failed(FailureReason.DEADLINE_UNREACHABLE, FailureReason.DEADLINE_EXPIRED);
                int capacity = simulation.failed(FailureReason.QUEUE_FULL);
                int network = simulation.failed(FailureReason.NETWORK);
                int all = simulation.failures.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf("%-16s %7d %9.1f %9.1f %8.2f %8d %8d %8d %8d %9.2f %8.2f %8.2f   (%.1f s)%n",
                        policy, simulation.submitted, simulation.meanCompletion(), simulation.p95Completion(),
                        100.0 * (simulation.completedLate + deadline) / simulation.submitted, deadline, capacity,
                        network, all - deadline - capacity - network, simulation.bytesSent / 1e6,
                        simulation.decisionMicros, simulation.meanCompletion() / simulation.meanBound(),
                        (System.nanoTime() - start) / 1e9);
            }
            Simulation ours = runs.get(Policies.MIN_COMPLETION);
            String bestBaseline = null;
            for (String baseline : BASELINES) {
                Simulation candidate = runs.get(baseline);
                if (candidate != null && (bestBaseline == null
                        || candidate.meanCompletion() < runs.get(bestBaseline).meanCompletion())) {
                    bestBaseline = baseline;
                }
            }
            if (ours != null && bestBaseline != null) {
                Simulation base = runs.get(bestBaseline);
                System.out.printf("min-completion vs best baseline (%s): mean completion %.1f vs %.1f ms = %.1f %% lower;"
                        + " tasks completed %d vs %d; vs its offline lower bound: %.1f %% above%n", bestBaseline,
                        ours.meanCompletion(), base.meanCompletion(),
                        100 * (1 - ours.meanCompletion() / base.meanCompletion()), ours.completed(), base.completed(),
                        100 * (ours.meanCompletion() / ours.meanBound() - 1));
            }
        }
    }
}
