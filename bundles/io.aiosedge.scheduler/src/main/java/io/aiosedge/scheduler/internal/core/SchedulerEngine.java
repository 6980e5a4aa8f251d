package io.aiosedge.scheduler.internal.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.KuraTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.LearnedEstimate;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskExecutor;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskCompletionListener;
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
 * State is guarded by this object's monitor; futures are completed and executors called outside it, so
 * callbacks may re-enter. Time comes from a {@link SchedulerClock}, so tests and the scenario simulator drive
 * the same code with virtual time.
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

    /** The engine's view of one shared link: until when its uplink is busy, and the downlink time promised. */
    private static final class Channel {
        double uplinkFreeAtMillis;
        double pendingDownlinkMillis;
    }

    private volatile SchedulerOptions options;
    private final SchedulerClock clock;
    private final Environment environment;
    private final CostModel costModel;
    private final Predicate<Node> hasExecutor;

    private volatile PlacementPolicy policy;

    private final NodeRoster roster = new NodeRoster();
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, TaskRecord> records = new HashMap<>();
    private final ArrayDeque<TaskRecord> recent = new ArrayDeque<>();
    private final List<TaskRecord> window = new ArrayList<>();
    private SchedulerClock.Cancellable windowTimer;
    private long sequence;
    private int active;
    private boolean draining;

    private long submitted;
    private long completed;
    private long deadlinesMissed;
    private long degraded;
    private long escalated;
    private long jointInferenceTasks;
    private final Map<FailureReason, Long> failures = new EnumMap<>(FailureReason.class);
    private long decisionNanos;
    private long decidedTasks;

    public SchedulerEngine(SchedulerOptions options, SchedulerClock clock, Environment environment,
            PlacementPolicy policy, ExecutionHistory history) {
        this.options = options;
        this.clock = clock;
        this.environment = environment;
        this.policy = policy;
        this.costModel = new CostModel(options, history);
        this.hasExecutor = node -> environment.executorFor(node) != null;
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
            submitted++;
            record = new TaskRecord(task, sequence++, now);
            if (records.containsKey(task.id())) {
                record.state = TaskState.FAILED;
                countFailure(FailureReason.DUPLICATE_ID);
                after.add(() -> record.future.completeExceptionally(new TaskFailedException(task.id(),
                        FailureReason.DUPLICATE_ID, "a task with this id is still in the scheduler")));
            } else {
                records.put(task.id(), record);
                active++;
                if (draining) {
                    fail(record, FailureReason.SHUTDOWN, "the scheduler is stopping and admits no new task", after);
                } else if (active > options.queueCapacity()) {
                    fail(record, FailureReason.QUEUE_FULL,
                            "the scheduler holds " + (active - 1) + " tasks, its bound", after);
                } else {
                    refreshNodes(now, after);
                    admit(record, now, after);
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
            TaskRecord record = records.get(taskId);
            if (record != null && (record.state == TaskState.QUEUED || record.state == TaskState.ASSIGNED)) {
                if (record.state == TaskState.QUEUED) {
                    window.remove(record);
                } else if (record.node.queue.remove(record)) {
                    record.node.queuedMillis -= record.estimatedHoldMillis;
                }
                fail(record, FailureReason.CANCELLED, "cancelled by a caller", after);
                cancelled = true;
            }
        }
        runAll(after);
        return cancelled;
    }

    public synchronized Optional<TaskStatus> status(String taskId) {
        TaskRecord record = records.get(taskId);
        return record == null ? Optional.empty() : Optional.of(record.status());
    }

    public synchronized List<TaskStatus> active() {
        List<TaskRecord> list = new ArrayList<>();
        for (TaskRecord record : records.values()) {
            if (!record.state.terminal()) {
                list.add(record);
            }
        }
        list.sort(TaskRecord.URGENCY);
        List<TaskStatus> out = new ArrayList<>(list.size());
        list.forEach(r -> out.add(r.status()));
        return out;
    }

    public synchronized List<TaskStatus> recent(int max) {
        List<TaskStatus> out = new ArrayList<>();
        Iterator<TaskRecord> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext() && out.size() < max) {
            out.add(newestFirst.next().status());
        }
        return out;
    }

    public synchronized Optional<Explanation> explain(String taskId) {
        TaskRecord record = records.get(taskId);
        return record == null ? Optional.empty() : Optional.ofNullable(record.explanation);
    }

    public List<NodeState> nodes() {
        List<Runnable> after = new ArrayList<>();
        List<NodeState> out = new ArrayList<>();
        synchronized (this) {
            refreshNodes(clock.nowMillis(), after);
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
     * known now and the assignment ({@link #submit} decides through the same table and {@link #choose}). A
     * batching policy is asked for this task alone.
     */
    public Explanation decide(Task task) {
        List<Runnable> after = new ArrayList<>();
        Explanation explanation;
        synchronized (this) {
            long now = clock.nowMillis();
            refreshNodes(now, after);
            CostTable single = tableOf(List.of(task), now, environment.link());
            PlacementPolicy current = policy;
            long start = clock.nanoTime();
            Assignment assignment = choose(current, single, 1)[0];
            double micros = (clock.nanoTime() - start) / 1000.0;
            explanation = new Explanation(task.id(), current.name(), single, 0, assignment, micros);
        }
        runAll(after);
        return explanation;
    }

    /** The policy's assignments for a table of {@code count} tasks, each checked against what may run where. */
    private static Assignment[] choose(PlacementPolicy current, CostTable table, int count) {
        Placement placement;
        try {
            placement = current.place(table);
        } catch (RuntimeException e) {
            LOG.warn("Placement policy {} failed; placing on the fastest nodes instead", current.name(), e);
            placement = null;
        }
        Assignment[] out = new Assignment[count];
        for (int j = 0; j < count; j++) {
            Assignment assignment = placement != null && placement.size() == count ? placement.get(j)
                    : fastestAssignment(table, j, "policy gave no answer for this task");
            if (assignment.placed() && !table.allowed(j, assignment.node())) {
                assignment = fastestAssignment(table, j, "policy chose " + table.node(assignment.node()).id()
                        + " where the task may not run (" + table.estimate(j, assignment.node()).note() + ")");
            }
            if (assignment.placed() && assignment.escalates() && !table.allowed(j, assignment.escalationNode())) {
                assignment = new Assignment(assignment.node(), assignment.model(), Double.NaN, -1,
                        assignment.note() + "; escalation node not allowed, no escalation");
            }
            out[j] = assignment;
        }
        return out;
    }

    /** The load of a node as the cost model sees it now. */
    private NodeLoad load(NodeRuntime runtime, long now, LinkState link) {
        NodeState state = runtime.state;
        Node node = state.node();
        if (!runtime.present && state.available()) {
            state = new NodeState(node, false, state.load(), state.queueLength(), state.freeMemoryBytes(),
                    state.updatedAtMillis());
        }
        NodePath path = environment.path(node, link, options);
        double uplink = 0;
        double downlink = 0;
        if (path.hops() > 0) {
            Channel channel = channels.get(path.channel());
            if (channel != null) {
                uplink = Math.max(0, channel.uplinkFreeAtMillis - now);
                downlink = channel.pendingDownlinkMillis;
            }
        }
        return new NodeLoad(state, runtime.running.size(), runtime.queue.size(), runtime.backlogMillis(now), path,
                uplink, downlink, hasExecutor.test(node));
    }

    private CostTable tableOf(List<Task> tasks, long now, LinkState link) {
        return costModel.table(now, tasks, roster.list(), runtime -> load(runtime, now, link));
    }

    public PlacementPolicy policy() {
        return policy;
    }

    /** Switches the policy for the next decision; tasks collected for a batch are decided at once by the new one. */
    public void setPolicy(PlacementPolicy newPolicy) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            PlacementPolicy old = policy;
            policy = newPolicy;
            if (old != newPolicy && !window.isEmpty() && !newPolicy.batching()) {
                flushWindow(after);
            }
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
        queued += window.size();
        return new SchedulerStatistics(submitted, completed, deadlinesMissed, failures, degraded, escalated,
                jointInferenceTasks, queued, running, decidedTasks == 0 ? 0 : decisionNanos / 1000.0 / decidedTasks);
    }

    /** Tasks admitted and not finished. */
    public synchronized int activeCount() {
        return active;
    }

    // ------------------------------------------------------------------ draining

    /** Stops admitting; tasks collected for a batch are placed now. Accepted tasks keep running. */
    public void beginDrain() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            draining = true;
            if (!window.isEmpty()) {
                flushWindow(after);
            }
        }
        runAll(after);
    }

    /** Waits (real time) until every accepted task finished, at most {@code timeoutMillis}; whether it did. */
    public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (active > 0) {
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
            if (windowTimer != null) {
                windowTimer.cancel();
                windowTimer = null;
            }
            for (TaskRecord record : new ArrayList<>(records.values())) {
                if (!record.state.terminal()) {
                    if (record.node != null) {
                        record.node.queue.remove(record);
                        record.node.running.remove(record);
                    }
                    fail(record, FailureReason.SHUTDOWN, why, after);
                    count++;
                }
            }
            window.clear();
        }
        runAll(after);
        return count;
    }

    // ------------------------------------------------------------------ admission and placement

    private void admit(TaskRecord record, long now, List<Runnable> after) {
        Task task = record.task;
        LinkState link = environment.link();
        CostTable single = tableOf(List.of(task), now, link);
        int fastest = single.fastestNode(0);
        if (fastest < 0) {
            fail(record, FailureReason.NO_NODE, "no node may run it: " + reasons(single), after);
            return;
        }
        boolean reachable = false;
        for (int i = 0; i < single.nodeCount() && !reachable; i++) {
            reachable = single.meetsDeadline(0, i);
        }
        if (!reachable) {
            if (options.degradeToEdgeModel() && task.hasEdgeModel()) {
                NodeRuntime local = roster.local();
                if (local != null) {
                    Estimate edge = costModel.estimate(now, task, task.edgeModel(), load(local, now, link));
                    if (edge.allowed() && now + edge.completionMillis() <= task.deadlineMillis()) {
                        record.degraded = true;
                        degraded++;
                        int localIndex = roster.list().indexOf(local);
                        Assignment assignment = new Assignment(localIndex, task.edgeModel(), Double.NaN, -1,
                                String.format("degraded to edge model: fastest full-model estimate %.1f ms on %s, "
                                        + "deadline in %d ms, edge model %.1f ms", single.completionMillis(0, fastest),
                                        single.node(fastest).id(), task.deadlineMillis() - now, edge.completionMillis()));
                        record.detail = "degraded to edge model " + task.edgeModel();
                        record.explanation = new Explanation(task.id(), "admission", single, 0, assignment, 0);
                        record.assignment = assignment;
                        enqueue(record, local, task.edgeModel(), now, link, after);
                        return;
                    }
                }
            }
            fail(record, FailureReason.DEADLINE_UNREACHABLE, String.format(
                    "no node can finish it before its deadline: fastest is %s at %.1f ms, deadline in %d ms",
                    single.node(fastest).id(), single.completionMillis(0, fastest), task.deadlineMillis() - now), after);
            return;
        }
        PlacementPolicy current = policy;
        if (current.batching()) {
            window.add(record);
            if (window.size() >= options.batchMaxTasks()) {
                flushWindow(after);
            } else if (windowTimer == null) {
                windowTimer = clock.schedule(options.batchWindowMillis(), this::onWindowTimer);
            }
            return;
        }
        decide(current, List.of(record), single, now, link, after);
    }

    private void onWindowTimer() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            windowTimer = null;
            if (!window.isEmpty()) {
                flushWindow(after);
            }
        }
        runAll(after);
    }

    private void flushWindow(List<Runnable> after) {
        if (windowTimer != null) {
            windowTimer.cancel();
            windowTimer = null;
        }
        List<TaskRecord> batch = new ArrayList<>(window);
        window.clear();
        batch.sort(TaskRecord.URGENCY);
        long now = clock.nowMillis();
        refreshNodes(now, after);
        place(batch, now, after);
    }

    /** Decides a group of tasks with the current policy (used for windows and for re-placement). */
    private void place(List<TaskRecord> batch, long now, List<Runnable> after) {
        if (batch.isEmpty()) {
            return;
        }
        List<Task> tasks = new ArrayList<>(batch.size());
        batch.forEach(r -> tasks.add(r.task));
        LinkState link = environment.link();
        CostTable table = tableOf(tasks, now, link);
        decide(policy, batch, table, now, link, after);
    }

    private void decide(PlacementPolicy current, List<TaskRecord> batch, CostTable table, long now, LinkState link,
            List<Runnable> after) {
        long start = clock.nanoTime();
        Assignment[] assignments = choose(current, table, batch.size());
        long elapsed = clock.nanoTime() - start;
        decisionNanos += elapsed;
        decidedTasks += batch.size();
        double micros = elapsed / 1000.0;
        for (int j = 0; j < batch.size(); j++) {
            apply(batch.get(j), current.name(), assignments[j], table, j, micros, now, link, after);
        }
    }

    private static Assignment fastestAssignment(CostTable table, int j, String why) {
        int fastest = table.fastestNode(j);
        return fastest < 0 ? Assignment.none(table.task(j), why)
                : Assignment.to(fastest, table.task(j), why + "; fastest node instead");
    }

    private void apply(TaskRecord record, String policyName, Assignment assignment, CostTable table, int j,
            double micros, long now, LinkState link, List<Runnable> after) {
        record.explanation = new Explanation(record.task.id(), policyName, table, j, assignment, micros);
        if (!assignment.placed()) {
            fail(record, FailureReason.NO_NODE, "policy " + policyName + " placed it nowhere: " + assignment.note(),
                    after);
            return;
        }
        record.assignment = assignment;
        if (assignment.escalates()) {
            record.jointInference = true;
            jointInferenceTasks++;
        }
        NodeRuntime target = roster.get(table.node(assignment.node()).id());
        enqueue(record, target, assignment.model(), now, link, after);
    }

    private void enqueue(TaskRecord record, NodeRuntime node, String model, long now, LinkState link,
            List<Runnable> after) {
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

    private void pump(NodeRuntime node, long now, List<Runnable> after) {
        while (node.running.size() < node.slots() && !node.queue.isEmpty()) {
            TaskRecord record = node.queue.poll();
            node.queuedMillis = node.queue.isEmpty() ? 0 : node.queuedMillis - record.estimatedHoldMillis;
            if (options.dropExpired() && now > record.task.deadlineMillis()) {
                fail(record, FailureReason.DEADLINE_EXPIRED, "its deadline passed " + (now - record.task.deadlineMillis())
                        + " ms before a slot on " + node.id() + " was free", after);
                continue;
            }
            Node description = node.state.node();
            TaskExecutor executor = environment.executorFor(description);
            if (executor == null) {
                if (!fallBackToGateway(record, node, now, "no executor reaches " + node.id() + " any more", after)) {
                    fail(record, FailureReason.NO_NODE, "no executor reaches " + node.id() + " any more", after);
                }
                continue;
            }
            String key = CostModel.learningKey(record.task, record.model);
            costModel.history().recordWait(key, node.id(), record.estimatedWaitMillis, now - record.enqueuedAtMillis);
            // Estimated again now that it has a slot: the links and the node are as they are at its start.
            LinkState link = environment.link();
            estimateRun(record, node, now, link);
            reserveLinks(record, now);
            record.state = TaskState.RUNNING;
            record.startedAtMillis = now;
            record.updatedAtMillis = now;
            node.running.add(record);
            String model = record.model;
            after.add(() -> start(record, node, executor, description, model));
        }
    }

    /** A remote run starts: its input queues on the shared uplink, its result is promised to the downlink. */
    private void reserveLinks(TaskRecord record, long now) {
        NodePath path = record.path;
        if (path == null || path.hops() == 0) {
            return;
        }
        Channel channel = channels.computeIfAbsent(path.channel(), c -> new Channel());
        channel.uplinkFreeAtMillis = Math.max(now, channel.uplinkFreeAtMillis)
                + path.uplinkOccupancyMillis(record.task.inputBytes());
        record.reservedDownlinkMillis = path.downlinkOccupancyMillis(record.task.outputBytes());
        channel.pendingDownlinkMillis += record.reservedDownlinkMillis;
    }

    private void releaseLinks(TaskRecord record) {
        if (record.reservedDownlinkMillis > 0 && record.path != null) {
            Channel channel = channels.get(record.path.channel());
            if (channel != null) {
                channel.pendingDownlinkMillis = Math.max(0, channel.pendingDownlinkMillis - record.reservedDownlinkMillis);
            }
            record.reservedDownlinkMillis = 0;
        }
    }

    private void start(TaskRecord record, NodeRuntime node, TaskExecutor executor, Node description, String model) {
        CompletionStage<Execution> stage;
        try {
            stage = executor.execute(record.task, description, model);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((execution, error) -> onExecuted(record, node, execution, error));
    }

    private void onExecuted(TaskRecord record, NodeRuntime node, Execution execution, Throwable error) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            long now = clock.nowMillis();
            node.running.remove(record);
            releaseLinks(record);
            if (record.state == TaskState.RUNNING) {
                boolean remote = node.state.kind() != NodeKind.LOCAL;
                if (error != null) {
                    onFailure(record, node, unwrap(error), remote, now, after);
                } else {
                    onSuccess(record, node, execution, remote, now, after);
                }
            }
            pump(node, now, after);
            roster.removeIfGone(node);
        }
        runAll(after);
    }

    private void onSuccess(TaskRecord record, NodeRuntime node, Execution execution, boolean remote, long now,
            List<Runnable> after) {
        Task task = record.task;
        String key = CostModel.learningKey(task, record.model);
        ExecutionHistory history = costModel.history();
        history.recordCompute(key, node.id(), record.priorComputeMillis, record.estimatedComputeMillis,
                execution.computeMillis(), now);
        if (remote) {
            double wall = now - record.startedAtMillis;
            history.recordNetwork(key, node.id(), record.rawTransferMillis, Math.max(0, wall - execution.computeMillis()),
                    now);
        }
        history.recordOutcome(key, node.id(), false, 0, now);
        TaskResult result = result(record, node, execution, now);
        Assignment assignment = record.assignment;
        if (assignment != null && assignment.escalates() && !record.escalating
                && result.confidence() < assignment.escalateBelowConfidence()) {
            String target = record.explanation.table().node(assignment.escalationNode()).id();
            NodeRuntime escalation = roster.get(target);
            if (escalation != null && escalation.present) {
                record.edgeResult = result;
                record.escalating = true;
                record.detail = String.format("edge confidence %.3f < %.3f, escalated to %s", result.confidence(),
                        assignment.escalateBelowConfidence(), target);
                enqueue(record, escalation, task.model(), now, environment.link(), after);
                return;
            }
        }
        complete(record, result, after);
    }

    private void onFailure(TaskRecord record, NodeRuntime node, Throwable cause, boolean remote, long now,
            List<Runnable> after) {
        String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        // A failure teaches too: its rate and cost count against the node, and a remote run that timed out
        // took at least this long on the network.
        String key = CostModel.learningKey(record.task, record.model);
        double wall = now - record.startedAtMillis;
        // Except when the gateway's own connection is down: that says nothing about the node (the link state
        // already keeps tasks away while it lasts), and counting it would keep them away long after.
        boolean ownLinkDown = remote && (cause instanceof KuraNotConnectedException || !environment.link().connected());
        if (!ownLinkDown) {
            costModel.history().recordOutcome(key, node.id(), true, wall, now);
            if (remote && isNetworkFailure(cause)) {
                costModel.history().recordNetwork(key, node.id(), record.rawTransferMillis,
                        Math.max(0, wall - record.estimatedComputeMillis), now);
            }
        }
        if (record.escalating) {
            // The edge answer stands when the escalation cannot be had.
            TaskResult edge = record.edgeResult;
            Map<String, String> attributes = new HashMap<>(edge.attributes());
            attributes.put("escalation.failed", message);
            record.detail = "escalation to " + node.id() + " failed, edge result kept: " + message;
            complete(record, new TaskResult(edge.taskId(), edge.nodeId(), edge.nodeKind(), edge.model(), edge.output(),
                    edge.queueMillis(), edge.transferMillis(), edge.computeMillis(), now,
                    now <= record.task.deadlineMillis(), edge.score(), edge.confidence(), edge.degraded(), false,
                    attributes), after);
            return;
        }
        if (remote && isNetworkFailure(cause)) {
            if (!fallBackToGateway(record, node, now, message, after)) {
                fail(record, FailureReason.NETWORK, "offload to " + node.id() + " failed: " + message, after);
            }
            return;
        }
        fail(record, FailureReason.EXECUTION_FAILED, "on " + node.id() + ": " + message, after);
    }

    /** Runs a task whose remote node failed on the gateway, when allowed and still useful; whether it did. */
    private boolean fallBackToGateway(TaskRecord record, NodeRuntime failed, long now, String why,
            List<Runnable> after) {
        NodeRuntime local = roster.local();
        if (!options.fallbackLocally() || record.retriedLocally || local == null || local == failed
                || (options.dropExpired() && now > record.task.deadlineMillis())) {
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

    private TaskResult result(TaskRecord record, NodeRuntime node, Execution execution, long now) {
        double total = now - record.submittedAtMillis;
        double compute = execution.computeMillis();
        double transfer = execution.transferMillis();
        if (record.edgeResult != null) {
            compute += record.edgeResult.computeMillis();
            transfer += record.edgeResult.transferMillis();
        }
        double queue = Math.max(0, total - compute - transfer);
        String confidenceAttribute = execution.attributes().get("confidence");
        double confidence = TaskResult.confidenceOf(execution.output());
        if (confidenceAttribute != null) {
            try {
                confidence = Double.parseDouble(confidenceAttribute);
            } catch (NumberFormatException e) {
                LOG.debug("Ignoring confidence attribute '{}' of task {}", confidenceAttribute, record.task.id());
            }
        }
        double score = execution.output().length == 0 ? Double.NaN : execution.output()[0];
        return new TaskResult(record.task.id(), node.id(), node.state.kind(), record.model, execution.output(), queue,
                transfer, compute, now, now <= record.task.deadlineMillis(), score, confidence, record.degraded,
                record.escalating, execution.attributes());
    }

    // ------------------------------------------------------------------ completion

    private void complete(TaskRecord record, TaskResult result, List<Runnable> after) {
        record.result = result;
        completed++;
        if (!result.deadlineMet()) {
            deadlinesMissed++;
        }
        if (result.escalated()) {
            escalated++;
        }
        finish(record, TaskState.COMPLETED, null, record.detail, after);
        after.add(() -> record.future.complete(result));
        TaskCompletion completion = new TaskCompletion(record.task, result,
                result.escalated() ? record.edgeResult : null);
        after.add(() -> tellListeners(completion));
    }

    private void tellListeners(TaskCompletion completion) {
        for (TaskCompletionListener listener : environment.completionListeners()) {
            try {
                listener.taskCompleted(completion);
            } catch (RuntimeException e) {
                LOG.warn("Completion listener {} failed on task {}", listener, completion.task().id(), e);
            }
        }
    }

    private void fail(TaskRecord record, FailureReason reason, String message, List<Runnable> after) {
        finish(record, reason == FailureReason.CANCELLED ? TaskState.CANCELLED : TaskState.FAILED, reason, message,
                after);
        TaskFailedException failure = new TaskFailedException(record.task.id(), reason, message);
        after.add(() -> record.future.completeExceptionally(failure));
    }

    private void finish(TaskRecord record, TaskState state, FailureReason reason, String detail, List<Runnable> after) {
        record.state = state;
        record.failure = reason;
        record.detail = detail;
        record.updatedAtMillis = clock.nowMillis();
        if (reason != null) {
            countFailure(reason);
        }
        active--;
        recent.addLast(record);
        while (recent.size() > options.recentCapacity()) {
            TaskRecord evicted = recent.removeFirst();
            records.remove(evicted.task.id(), evicted);
        }
        notifyAll();
    }

    private void countFailure(FailureReason reason) {
        failures.merge(reason, 1L, Long::sum);
    }

    // ------------------------------------------------------------------ nodes

    private void refreshNodes(long now, List<Runnable> after) {
        List<TaskRecord> orphans = roster.refresh(environment.localNode(), environment.remoteNodes());
        if (orphans != null) {
            // Their node disappeared before they started: decide again among the nodes there are now.
            orphans.sort(TaskRecord.URGENCY);
            for (TaskRecord orphan : orphans) {
                orphan.state = TaskState.QUEUED;
            }
            place(orphans, now, after);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String reasons(CostTable table) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < table.nodeCount(); i++) {
            out.append(i == 0 ? "" : "; ").append(table.node(i).id()).append(": ").append(table.estimate(0, i).note());
        }
        return table.nodeCount() == 0 ? "no nodes known" : out.toString();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Failures after which the task may still succeed elsewhere: the request or reply did not get through. */
    static boolean isNetworkFailure(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof KuraNotConnectedException
                || cause instanceof KuraTimeoutException || cause instanceof KuraStoreException
                || cause instanceof RejectedExecutionException;
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
