package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.LearnedEstimate;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletionListener;
import io.aiosedge.api.scheduler.TaskExecutor;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskState;
import io.aiosedge.api.scheduler.TaskStatus;

/**
 * The scheduler without OSGi: admission, the batch window, placement through the current
 * {@link PlacementPolicy}, per-node queues (priority, then earliest deadline), execution through
 * {@link TaskExecutor}s, learning from every completion, fallback to the gateway when an offload fails on the
 * network, joint-inference escalation, and draining.
 *
 * <p>Every submitted task's future completes exactly once, with a result or a {@link TaskFailedException}.
 * State is guarded by this object's monitor, the engine's one lock: the parts it is made of ({@link NodeRoster},
 * {@link TaskLedger}, {@link LinkChannels}, {@link NodeDispatch}, {@link ExecutionOutcomes}, {@link TaskPlacer})
 * have no lock of their own and are only called while it is held. Futures are completed and executors called
 * outside it, so callbacks may re-enter. Time comes from a {@link SchedulerClock}, so tests and the scenario
 * simulator drive the same code with virtual time.
 */
public final class SchedulerEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerEngine.class);

    /** What the engine asks its surroundings: nodes, the link, executors. Called under the engine's lock. */
    public interface Environment {
        /** The gateway's own node with its live load, or null when it cannot run tasks. */
        NodeState localNode();

        /** Peers and cloud workers known now. */
        Collection<NodeState> remoteNodes();

        /** The link to the broker now. */
        LinkState link();

        /** The executor that runs tasks on the node, or null. */
        TaskExecutor executorFor(Node node);

        /**
         * How bytes reach the node now, per direction. By default every remote node is behind the gateway's one
         * broker link ({@link #link()}); a simulator or a deployment with several links says otherwise.
         */
        default NodePath path(Node node, LinkState link, SchedulerOptions options) {
            return NodePath.over(node.kind(), link, options);
        }

        /** Who is told about completed tasks ({@link TaskCompletionListener} services); none by default. */
        default Collection<TaskCompletionListener> completionListeners() {
            return List.of();
        }
    }

    private volatile SchedulerOptions options;
    private final SchedulerClock clock;
    private final Environment environment;
    private final CostModel costModel;

    private final NodeRoster roster = new NodeRoster();
    private final LinkChannels links = new LinkChannels();
    private final TaskLedger ledger;
    private final NodeDispatch dispatch;
    private final ExecutionOutcomes outcomes;
    private final TaskPlacer placer;
    private boolean draining;

    public SchedulerEngine(SchedulerOptions options, SchedulerClock clock, Environment environment,
            PlacementPolicy policy, ExecutionHistory history) {
        this.options = options;
        this.clock = clock;
        this.environment = environment;
        this.costModel = new CostModel(options, history);
        this.ledger = new TaskLedger(this, clock, environment, this::options);
        this.dispatch = new NodeDispatch(this::options, environment, costModel, roster, links, ledger, this::onExecuted);
        this.outcomes = new ExecutionOutcomes(environment, costModel, roster, dispatch, ledger);
        this.placer = new TaskPlacer(this::options, clock, environment, costModel, roster, dispatch, ledger, policy,
                this::onWindowTimer);
    }

    public SchedulerOptions options() {
        return options;
    }

    /** New tunables for the next decisions; tasks already admitted keep their place. */
    public void setOptions(SchedulerOptions newOptions) {
        synchronized (this) {
            options = newOptions;
            costModel.setOptions(newOptions);
        }
    }

    public CostModel costModel() {
        return costModel;
    }

    // ------------------------------------------------------------------ API

    public CompletionStage<TaskResult> submit(Task task) {
        List<Runnable> after = new ArrayList<>();
        TaskRecord record;
        synchronized (this) {
            long now = clock.nowMillis();
            record = ledger.open(task, now, after);
            if (record.state != TaskState.FAILED) {
                if (draining) {
                    ledger.fail(record, FailureReason.SHUTDOWN, "the scheduler is stopping and admits no new task",
                            after);
                } else if (ledger.active() > options.queueCapacity()) {
                    ledger.fail(record, FailureReason.QUEUE_FULL,
                            "the scheduler holds " + (ledger.active() - 1) + " tasks, its bound", after);
                } else {
                    placer.refreshNodes(now, after);
                    placer.admit(record, now, after);
                }
            }
        }
        runAll(after);
        return record.future.minimalCompletionStage();
    }

    public boolean cancel(String taskId) {
        List<Runnable> after = new ArrayList<>();
        boolean cancelled = false;
        synchronized (this) {
            TaskRecord record = ledger.get(taskId);
            if (record != null && (record.state == TaskState.QUEUED || record.state == TaskState.ASSIGNED)) {
                if (record.state == TaskState.QUEUED) {
                    placer.withdraw(record);
                } else if (record.node.queue.remove(record)) {
                    record.node.queuedMillis -= record.estimatedHoldMillis;
                }
                ledger.fail(record, FailureReason.CANCELLED, "cancelled by a caller", after);
                cancelled = true;
            }
        }
        runAll(after);
        return cancelled;
    }

    public synchronized Optional<TaskStatus> status(String taskId) {
        return ledger.status(taskId);
    }

    public synchronized List<TaskStatus> active() {
        return ledger.unfinished();
    }

    public synchronized List<TaskStatus> recent(int max) {
        return ledger.recent(max);
    }

    public synchronized Optional<Explanation> explain(String taskId) {
        return ledger.explain(taskId);
    }

    public List<NodeState> nodes() {
        List<Runnable> after = new ArrayList<>();
        List<NodeState> out = new ArrayList<>();
        synchronized (this) {
            placer.refreshNodes(clock.nowMillis(), after);
            roster.list().forEach(n -> out.add(n.state));
        }
        runAll(after);
        return out;
    }

    public List<LearnedEstimate> learnedEstimates() {
        return costModel.history().snapshot();
    }

    /** Prediction errors and factors per (kind, node), as used now. */
    public List<Calibration> calibration() {
        return costModel.history().calibration(clock.nowMillis());
    }

    /**
     * What the current policy would decide for the task now, without admitting it: the cost table over the nodes
     * known now and the assignment ({@link #submit} decides through the same table and the same check of the
     * policy's answer). A batching policy is asked for this task alone.
     */
    public Explanation decide(Task task) {
        List<Runnable> after = new ArrayList<>();
        Explanation explanation;
        synchronized (this) {
            long now = clock.nowMillis();
            placer.refreshNodes(now, after);
            explanation = placer.explain(task, now);
        }
        runAll(after);
        return explanation;
    }

    public PlacementPolicy policy() {
        return placer.policy();
    }

    /** Switches the policy for the next decision; tasks collected for a batch are decided at once by the new one. */
    public void setPolicy(PlacementPolicy newPolicy) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            placer.setPolicy(newPolicy, after);
        }
        runAll(after);
    }

    public synchronized SchedulerStatistics statistics() {
        int queued = 0;
        int running = 0;
        for (NodeRuntime node : roster.list()) {
            queued += node.queue.size();
            running += node.running.size();
        }
        queued += placer.collected();
        return ledger.statistics(queued, running);
    }

    /** Tasks admitted and not finished. */
    public synchronized int activeCount() {
        return ledger.active();
    }

    // ------------------------------------------------------------------ draining

    /** Stops admitting; tasks collected for a batch are placed now. Accepted tasks keep running. */
    public void beginDrain() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            draining = true;
            placer.flushCollected(after);
        }
        runAll(after);
    }

    /** Waits (real time) until every accepted task finished, at most {@code timeoutMillis}; whether it did. */
    public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (ledger.active() > 0) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Fails every task still in the scheduler with SHUTDOWN (after a drain timed out); how many. */
    public int abortRemaining(String why) {
        List<Runnable> after = new ArrayList<>();
        int count = 0;
        synchronized (this) {
            // Nothing below looks at the window, so dropping it first is the same as dropping it last.
            placer.discardWindow();
            for (TaskRecord record : ledger.all()) {
                if (!record.state.terminal()) {
                    if (record.node != null) {
                        record.node.queue.remove(record);
                        record.node.running.remove(record);
                    }
                    ledger.fail(record, FailureReason.SHUTDOWN, why, after);
                    count++;
                }
            }
        }
        runAll(after);
        return count;
    }

    // ------------------------------------------------------------------ callbacks, outside the lock until taken

    private void onWindowTimer() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            placer.windowTimerFired(after);
        }
        runAll(after);
    }

    private void onExecuted(TaskRecord record, NodeRuntime node, Execution execution, Throwable error) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            long now = clock.nowMillis();
            node.running.remove(record);
            links.release(record);
            outcomes.onExecuted(record, node, execution, error, now, after);
            dispatch.pump(node, now, after);
            roster.removeIfGone(node);
        }
        runAll(after);
    }

    private static void runAll(List<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("Scheduler callback failed", e);
            }
        }
    }

    /** Whether the task may run only on the gateway. */
    static boolean edgeOnly(Task task) {
        return task.locality() == Locality.EDGE_ONLY;
    }
}
