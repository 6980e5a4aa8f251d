package io.aiosedge.benchmarks.scheduler;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.scheduler.internal.core.SchedulerEngine;
import io.aiosedge.scheduler.internal.policy.Policies;
import io.aiosedge.scheduler.internal.policy.PolicyOptions;

/**
 * JMH: the placement decision per task on the 10-node roster of {@link DecisionLatencyBenchmark} (gateway, 3 peers,
 * 6 cloud workers), for the default policy (min-completion) and the cheapest one (round-robin, the baseline), both
 * in the same run. Two measurements:
 * <ul>
 * <li>{@link #place}: the policy alone ({@code PlacementPolicy.place}) on a one-task cost table built once: what the
 * policy itself adds;</li>
 * <li>{@link #decide}: {@code SchedulerEngine.decide}, the cost table of one task over the nodes plus the policy's
 * choice, without admitting the task: what a decision costs;</li>
 * <li>{@link #submit}: the whole {@code submit} path (admission, cost table, policy, book-keeping) with executors
 * that answer at once: what a caller waits before its task is on its way.</li>
 * </ul>
 * Sample-time mode, so the runner can read the p99 against the scheduler's goal (decision p99 under 50 µs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementDecisionJmh {

    /** The baseline first: the runner divides every other policy's figure by round-robin's. */
    @Param({Policies.ROUND_ROBIN, Policies.MIN_COMPLETION})
    public String policy;

    private SchedulerEngine engine;
    private PlacementPolicy placementPolicy;
    private CostTable table;
    private final float[] input = new float[64];
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        if (!Policies.NAMES.contains(policy)) {
            throw new IllegalArgumentException("policy '" + policy + "' is not one of " + Policies.NAMES);
        }
        engine = DecisionLatencyBenchmark.instantEngine(policy, DecisionLatencyBenchmark.nodes());
        // A decision that places nothing would make the comparison meaningless: check one before measuring.
        Explanation explanation = engine.decide(task());
        if (!explanation.assignment().placed()) {
            throw new IllegalStateException(policy + " placed no node for a plain task: " + explanation.assignment());
        }
        placementPolicy = Policies.create(policy, PolicyOptions.defaults());
        table = explanation.table();
    }

    @Benchmark
    public Placement place() {
        return placementPolicy.place(table);
    }

    @Benchmark
    public Explanation decide() {
        return engine.decide(task());
    }

    @Benchmark
    public CompletionStage<TaskResult> submit() {
        return engine.submit(task());
    }

    /** Alternating light and heavy tasks, as the scenario runner submits; ids are unique (the engine refuses twins). */
    private Task task() {
        long k = sequence++;
        boolean light = (k & 1) == 0;
        return Task.builder("t" + k, light ? "light" : "heavy").edgeModel("small").input(input, 1, 64)
                .instructions(light ? 1e6 : 1e8).build();
    }
}
