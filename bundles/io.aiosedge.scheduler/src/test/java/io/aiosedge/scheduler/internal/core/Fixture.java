package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletionListener;
import io.aiosedge.api.scheduler.TaskExecutor;

/**
 * A gateway (2 slots, 10^9 instructions/s), a cloud node (8 slots, 10^10 instructions/s) and a link, with
 * executors whose runs the test completes by hand.
 */
final class Fixture implements SchedulerEngine.Environment {

    static final long START = 1_000_000L;

    final ManualClock clock = new ManualClock(START);
    NodeState local = new NodeState(new Node("gw", NodeKind.LOCAL, "", 4, 2, 1e9, 0, List.of(), Set.of()), true, 0, 0,
            0, START);
    final Map<String, NodeState> remote = new LinkedHashMap<>();
    LinkState link = new LinkState(true, 20, 1_000_000, START);
    final Map<String, RecordingExecutor> executors = new LinkedHashMap<>();
    final List<TaskCompletionListener> listeners = new ArrayList<>();

    Fixture() {
        remote.put("cloud", new NodeState(new Node("cloud", NodeKind.CLOUD, "inference", 32, 8, 1e10, 0, List.of(),
                Set.of()), true, 0, 0, 0, START));
        executors.put("gw", new RecordingExecutor());
        executors.put("cloud", new RecordingExecutor());
    }

    SchedulerEngine engine(PlacementPolicy policy) {
        return engine(policy, SchedulerOptions.defaults());
    }

    SchedulerEngine engine(PlacementPolicy policy, SchedulerOptions options) {
        return new SchedulerEngine(options, clock, this, policy, new ExecutionHistory(options.learningAlpha()));
    }

    @Override
    public NodeState localNode() {
        return local;
    }

    @Override
    public Collection<NodeState> remoteNodes() {
        return remote.values();
    }

    @Override
    public LinkState link() {
        return link;
    }

    @Override
    public TaskExecutor executorFor(Node node) {
        return executors.get(node.id());
    }

    @Override
    public Collection<TaskCompletionListener> completionListeners() {
        return listeners;
    }

    RecordingExecutor executor(String node) {
        return executors.get(node);
    }

    /** An executor that records runs and lets the test complete them. */
    static final class RecordingExecutor implements TaskExecutor {
        final List<Run> runs = new ArrayList<>();

        record Run(Task task, String model, CompletableFuture<Execution> future) {
            void finish(double computeMillis, float... output) {
                future.complete(new Execution(output, computeMillis, 0, Map.of()));
            }

            void fail(Throwable error) {
                future.completeExceptionally(error);
            }
        }

        @Override
        public boolean serves(Node node) {
            return true;
        }

        @Override
        public synchronized CompletionStage<Execution> execute(Task task, Node node, String model) {
            CompletableFuture<Execution> future = new CompletableFuture<>();
            runs.add(new Run(task, model, future));
            return future;
        }

        synchronized List<String> ids() {
            List<String> ids = new ArrayList<>();
            runs.forEach(r -> ids.add(r.task().id()));
            return ids;
        }

        synchronized Run run(String taskId) {
            return runs.stream().filter(r -> r.task().id().equals(taskId)).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no run of " + taskId + " in " + ids()));
        }
    }

    static Task.Builder task(String id) {
        return Task.builder(id, "anomaly").input(new float[] {1, 2, 3, 4}, 1, 4);
    }
}
