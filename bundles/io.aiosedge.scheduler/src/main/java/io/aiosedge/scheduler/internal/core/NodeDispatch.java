package io.aiosedge.scheduler.internal.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskExecutor;
import io.aiosedge.api.scheduler.TaskState;

/**
 * The per-node queues and the start of runs: a placed task is queued on its node (priority, then earliest
 * deadline) with its estimates under the node's load, and starts on a free slot through the node's
 * {@link TaskExecutor}, after its estimates are taken again and its link time reserved; a task whose deadline passed
 * in the queue, or whose node no executor reaches any more, fails or falls back to the gateway. It also gives the
 * cost model each node's load ({@link #load}, {@link #table}).
 *
 * <p>Not thread-safe on its own: every method is called while the caller holds the engine lock. Executors are
 * called only from the actions it adds to {@code after}, which the engine runs outside the lock; an executor's
 * completion comes back through {@link Executed}, which takes the engine lock again.
 */
final class NodeDispatch {

    /** Where a run's completion goes (the engine, which takes its lock). Called outside the engine lock. */
    @FunctionalInterface
    interface Executed {
        void executed(TaskRecord record, NodeRuntime node, Execution execution, Throwable error);
    }

    private final Supplier<SchedulerOptions> options;
    private final SchedulerEngine.Environment environment;
    private final CostModel costModel;
    private final NodeRoster roster;
    private final LinkChannels links;
    private final TaskLedger ledger;
    private final Executed executed;

    NodeDispatch(Supplier<SchedulerOptions> options, SchedulerEngine.Environment environment, CostModel costModel,
            NodeRoster roster, LinkChannels links, TaskLedger ledger, Executed executed) {
        this.options = options;
        this.environment = environment;
        this.costModel = costModel;
        this.roster = roster;
        this.links = links;
        this.ledger = ledger;
        this.executed = executed;
    }

    /** The load of a node as the cost model sees it now. Caller holds the engine lock. */
    NodeLoad load(NodeRuntime runtime, long now, LinkState link) {
        NodeState state = runtime.state;
        Node node = state.node();
        if (!runtime.present && state.available()) {
            state = new NodeState(node, false, state.load(), state.queueLength(), state.freeMemoryBytes(),
                    state.updatedAtMillis());
        }
        NodePath path = environment.path(node, link, options.get());
        double uplink = links.uplinkBacklogMillis(path, now);
        double downlink = links.downlinkBacklogMillis(path);
        return new NodeLoad(state, runtime.running.size(), runtime.queue.size(), runtime.backlogMillis(now), path,
                uplink, downlink, environment.executorFor(node) != null);
    }

    /** The cost table of the tasks over the nodes known now, under their loads now. Caller holds the engine lock. */
    CostTable table(List<Task> tasks, long now, LinkState link) {
        return costModel.table(now, tasks, roster.list(), runtime -> load(runtime, now, link));
    }

    /** Queues the task on the node to run the model, and starts what the node has slots for. Caller holds the engine lock. */
    void enqueue(TaskRecord record, NodeRuntime node, String model, long now, LinkState link, List<Runnable> after) {
        record.node = node;
        record.model = model;
        record.state = TaskState.ASSIGNED;
        record.updatedAtMillis = now;
        record.enqueuedAtMillis = now;
        estimateRun(record, node, now, link);
        record.estimatedWaitMillis = record.lastEstimate.allowed() ? record.lastEstimate.waitMillis() : 0;
        node.queue.add(record);
        node.queuedMillis += record.estimatedHoldMillis;
        pump(node, now, after);
    }

    /** Sets the record's estimates of its run on the node under the node's load now. */
    private void estimateRun(TaskRecord record, NodeRuntime node, long now, LinkState link) {
        NodeLoad load = load(node, now, link);
        Task task = record.task;
        Node description = node.state.node();
        Estimate estimate = costModel.estimate(now, task, record.model,
                new NodeLoad(load.state(), load.running(), load.queued(), load.backlogMillis(), load.path(),
                        load.uplinkBacklogMillis(), load.downlinkBacklogMillis(), true));
        record.lastEstimate = estimate;
        record.path = load.path();
        record.priorComputeMillis = costModel.priorMillis(task, description, record.model) * CostModel.stretch(load);
        if (estimate.allowed()) {
            record.estimatedComputeMillis = estimate.computeMillis();
            double transfers = estimate.inputTransferMillis() + estimate.outputTransferMillis();
            record.estimatedTransferMillis = transfers;
            double factor = description.kind() == NodeKind.LOCAL ? 1
                    : costModel.history().networkFactor(CostModel.learningKey(task, record.model), node.id(), now);
            double pathMillis = load.path().inputMillis(task.inputBytes()) + load.path().outputMillis(task.outputBytes());
            // What the link model said before the learned factor: the factor is learned against this.
            record.rawTransferMillis = transfers - pathMillis * (factor - 1);
        } else {
            record.estimatedComputeMillis = record.priorComputeMillis;
            record.estimatedTransferMillis = 0;
            record.rawTransferMillis = 0;
        }
        record.estimatedHoldMillis = record.estimatedComputeMillis + record.estimatedTransferMillis;
    }

    /** Starts queued tasks on the node's free slots (the executor calls go to {@code after}). Caller holds the engine lock. */
    void pump(NodeRuntime node, long now, List<Runnable> after) {
        while (node.running.size() < node.slots() && !node.queue.isEmpty()) {
            TaskRecord record = node.queue.poll();
            node.queuedMillis = node.queue.isEmpty() ? 0 : node.queuedMillis - record.estimatedHoldMillis;
            if (options.get().dropExpired() && now > record.task.deadlineMillis()) {
                ledger.fail(record, FailureReason.DEADLINE_EXPIRED, "its deadline passed "
                        + (now - record.task.deadlineMillis()) + " ms before a slot on " + node.id() + " was free", after);
                continue;
            }
            Node description = node.state.node();
            TaskExecutor executor = environment.executorFor(description);
            if (executor == null) {
                if (!fallBackToGateway(record, node, now, "no executor reaches " + node.id() + " any more", after)) {
                    ledger.fail(record, FailureReason.NO_NODE, "no executor reaches " + node.id() + " any more", after);
                }
                continue;
            }
            String key = CostModel.learningKey(record.task, record.model);
            costModel.history().recordWait(key, node.id(), record.estimatedWaitMillis, now - record.enqueuedAtMillis);
            // Estimated again now that it has a slot: the links and the node are as they are at its start.
            LinkState link = environment.link();
            estimateRun(record, node, now, link);
            links.reserve(record, now);
            record.state = TaskState.RUNNING;
            record.startedAtMillis = now;
            record.updatedAtMillis = now;
            node.running.add(record);
            String model = record.model;
            after.add(() -> start(record, node, executor, description, model));
        }
    }

    /** Runs outside the lock: hands the task to the executor; its completion goes to {@link Executed}. */
    private void start(TaskRecord record, NodeRuntime node, TaskExecutor executor, Node description, String model) {
        CompletionStage<Execution> stage;
        try {
            stage = executor.execute(record.task, description, model);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((execution, error) -> executed.executed(record, node, execution, error));
    }

    /**
     * Runs a task whose remote node failed on the gateway, when allowed and still useful; whether it did. Caller
     * holds the engine lock.
     */
    boolean fallBackToGateway(TaskRecord record, NodeRuntime failed, long now, String why, List<Runnable> after) {
        NodeRuntime local = roster.local();
        SchedulerOptions current = options.get();
        if (!current.fallbackLocally() || record.retriedLocally || local == null || local == failed
                || (current.dropExpired() && now > record.task.deadlineMillis())) {
            return false;
        }
        Task task = record.task;
        LinkState link = environment.link();
        NodeLoad load = load(local, now, link);
        String model = task.model();
        if (!costModel.estimate(now, task, model, load).allowed()) {
            model = task.edgeModel();
            if (!task.hasEdgeModel() || !costModel.estimate(now, task, model, load).allowed()) {
                return false;
            }
        }
        record.retriedLocally = true;
        record.detail = "offload to " + failed.id() + " failed (" + why + "); ran on the gateway";
        enqueue(record, local, model, now, link, after);
        return true;
    }
}
