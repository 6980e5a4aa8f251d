package io.aiosedge.benchmarks.scheduler;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.aiosedge.scheduler.internal.policy.Policies;

/**
 * Runs {@link PlacementDecisionJmh} with fixed settings (1 fork per benchmark, 3 warm-up and 5 measured iterations of
 * 2 s each, one thread: 6 benchmarks, about 2 minutes), then prints each policy's mean and p99 against round-robin's
 * from the same run and one {@code GOAL} line per goal. The scheduler's goal is a decision p99 under 50 µs with 10
 * nodes.
 *
 * <p>Run with {@code mvn -q -f benchmarks/pom.xml -pl scheduler compile exec:exec@jmh} (a forked {@code java}: JMH
 * forks the benchmark JVM with this JVM's class path, which under {@code exec:java} would be Maven's).
 */
public final class SchedulerJmhRunner {

    /** Goal of the scheduler for one placement decision with 10 nodes, p99 (µs). */
    static final double DECISION_P99_GOAL_MICROS = 50;

    private SchedulerJmhRunner() {
    }

    public static void main(String[] args) throws RunnerException {
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, load average %.2f; %d nodes%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), loadAverage(), DecisionLatencyBenchmark.nodes().size());
        Options options = new OptionsBuilder()
                .include(PlacementDecisionJmh.class.getName() + "\\.")
                .forks(1)
                .threads(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        System.out.println();
        System.out.printf(Locale.ROOT, "load average after the run %.2f%n", loadAverage());
        System.out.println("Placement decision per task, 10 nodes (us; ratio = policy / round-robin, same run)");
        System.out.printf(Locale.ROOT, "%-8s %-16s %9s %9s %11s %10s%n", "path", "policy", "mean", "p99", "mean ratio",
                "p99 ratio");
        report(results, "place");
        double decideP99 = report(results, "decide");
        double submitP99 = report(results, "submit");
        System.out.println();
        goal("jmh-decide-p99-10-nodes", decideP99);
        goal("jmh-submit-p99-10-nodes", submitP99);
    }

    /** Prints the rows of one benchmark method and returns min-completion's p99 (µs). */
    private static double report(Collection<RunResult> results, String method) {
        Result<?> baseline = find(results, method, Policies.ROUND_ROBIN);
        double defaultP99 = Double.NaN;
        for (String policy : new String[] {Policies.ROUND_ROBIN, Policies.MIN_COMPLETION}) {
            Result<?> result = find(results, method, policy);
            double p99 = result.getStatistics().getPercentile(99);
            System.out.printf(Locale.ROOT, "%-8s %-16s %9.3f %9.3f %11.2f %10.2f%n", method, policy, result.getScore(),
                    p99, result.getScore() / baseline.getScore(), p99 / baseline.getStatistics().getPercentile(99));
            if (policy.equals(Policies.MIN_COMPLETION)) {
                defaultP99 = p99;
            }
        }
        return defaultP99;
    }

    private static Result<?> find(Collection<RunResult> results, String method, String policy) {
        for (RunResult run : results) {
            String benchmark = run.getParams().getBenchmark();
            if (benchmark.endsWith("." + method) && policy.equals(run.getParams().getParam("policy"))) {
                return run.getPrimaryResult();
            }
        }
        throw new IllegalStateException("no JMH result for " + method + " with policy " + policy);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void goal(String id, double p99Micros) {
        System.out.printf(Locale.ROOT, "GOAL %s %.2fus %.0fus %s%n", id, p99Micros, DECISION_P99_GOAL_MICROS,
                p99Micros < DECISION_P99_GOAL_MICROS ? "MET" : "MISSED");
    }
}
