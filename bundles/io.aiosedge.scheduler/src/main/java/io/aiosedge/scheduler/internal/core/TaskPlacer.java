package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskState;

/**
 * Admission and placement: a new task is refused when no node may run it or none can meet its deadline (unless
 * its edge model can on the gateway), collected in the batch window while the policy batches, and otherwise placed
 * by the current {@link PlacementPolicy}, whose every answer is checked against what may run where (the fastest
 * node instead). Tasks whose node left before they started are placed again among the nodes there are now.
 *
 * <p>Not thread-safe on its own: every method is called while the caller holds the engine lock. The window's
 * timer fires on the {@link SchedulerClock}'s thread into the engine, which takes the lock and calls
 * {@link #windowTimerFired}.
 */
final class TaskPlacer {

    // Logs under the engine's name, as it did before this was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerEngine.class);

    private final Supplier<SchedulerOptions> options;
    private final SchedulerClock clock;
    private final SchedulerEngine.Environment environment;
    private final CostModel costModel;
    private final NodeRoster roster;
    private final NodeDispatch dispatch;
    private final TaskLedger ledger;
    private final Runnable onWindowTimer;

    private volatile PlacementPolicy policy;
    private final List<TaskRecord> window = new ArrayList<>();
    private SchedulerClock.Cancellable windowTimer;

    TaskPlacer(Supplier<SchedulerOptions> options, SchedulerClock clock, SchedulerEngine.Environment environment,
            CostModel costModel, NodeRoster roster, NodeDispatch dispatch, TaskLedger ledger, PlacementPolicy policy,
            Runnable onWindowTimer) {
        this.options = options;
        this.clock = clock;
        this.environment = environment;
        this.costModel = costModel;
        this.roster = roster;
        this.dispatch = dispatch;
        this.ledger = ledger;
        this.policy = policy;
        this.onWindowTimer = onWindowTimer;
    }

    /** The policy now (a volatile read; any thread). */
    PlacementPolicy policy() {
        return policy;
    }

    /**
     * Switches the policy; tasks collected for a batch are placed at once when the new one does not batch. Caller
     * holds the engine lock.
     */
    void setPolicy(PlacementPolicy newPolicy, List<Runnable> after) {
        PlacementPolicy old = policy;
        policy = newPolicy;
        if (old != newPolicy && !window.isEmpty() && !newPolicy.batching()) {
            flushWindow(after);
        }
    }

    /** What the current policy would decide for the task now, without admitting it. Caller holds the engine lock. */
    Explanation explain(Task task, long now) {
        CostTable single = dispatch.table(List.of(task), now, environment.link());
        PlacementPolicy current = policy;
        long start = clock.nanoTime();
        Assignment assignment = choose(current, single, 1)[0];
        double micros = (clock.nanoTime() - start) / 1000.0;
        return new Explanation(task.id(), current.name(), single, 0, assignment, micros);
    }

    /** Tasks collected in the batch window. Caller holds the engine lock. */
    int collected() {
        return window.size();
    }

    /** Takes a queued task out of the batch window (it was cancelled). Caller holds the engine lock. */
    void withdraw(TaskRecord record) {
        window.remove(record);
    }

    /** Places the tasks collected for a batch now, if there are any. Caller holds the engine lock. */
    void flushCollected(List<Runnable> after) {
        if (!window.isEmpty()) {
            flushWindow(after);
        }
    }

    /** Stops the window's timer and forgets the collected tasks (they are being aborted). Caller holds the engine lock. */
    void discardWindow() {
        if (windowTimer != null) {
            windowTimer.cancel();
            windowTimer = null;
        }
        window.clear();
    }

    /** The window's timer fired (the engine took its lock for it). Caller holds the engine lock. */
    void windowTimerFired(List<Runnable> after) {
        windowTimer = null;
        if (!window.isEmpty()) {
            flushWindow(after);
        }
    }

    /**
     * Takes the nodes known now; tasks queued for a node that left are placed again. Caller holds the engine lock.
     */
    void refreshNodes(long now, List<Runnable> after) {
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

    /** Admits a new task: refuses, degrades, collects or places it. Caller holds the engine lock. */
    void admit(TaskRecord record, long now, List<Runnable> after) {
        Task task = record.task;
        LinkState link = environment.link();
        CostTable single = dispatch.table(List.of(task), now, link);
        int fastest = single.fastestNode(0);
        if (fastest < 0) {
            ledger.fail(record, FailureReason.NO_NODE, "no node may run it: " + reasons(single), after);
            return;
        }
        boolean reachable = false;
        for (int i = 0; i < single.nodeCount() && !reachable; i++) {
            reachable = single.meetsDeadline(0, i);
        }
        SchedulerOptions current = options.get();
        if (!reachable) {
            if (current.degradeToEdgeModel() && task.hasEdgeModel()) {
                NodeRuntime local = roster.local();
                if (local != null) {
                    Estimate edge = costModel.estimate(now, task, task.edgeModel(), dispatch.load(local, now, link));
                    if (edge.allowed() && now + edge.completionMillis() <= task.deadlineMillis()) {
                        record.degraded = true;
                        ledger.countDegraded();
                        int localIndex = roster.list().indexOf(local);
                        Assignment assignment = new Assignment(localIndex, task.edgeModel(), Double.NaN, -1,
                                String.format("degraded to edge model: fastest full-model estimate %.1f ms on %s, "
                                        + "deadline in %d ms, edge model %.1f ms", single.completionMillis(0, fastest),
                                        single.node(fastest).id(), task.deadlineMillis() - now, edge.completionMillis()));
                        record.detail = "degraded to edge model " + task.edgeModel();
                        record.explanation = new Explanation(task.id(), "admission", single, 0, assignment, 0);
                        record.assignment = assignment;
                        dispatch.enqueue(record, local, task.edgeModel(), now, link, after);
                        return;
                    }
                }
            }
            ledger.fail(record, FailureReason.DEADLINE_UNREACHABLE, String.format(
                    "no node can finish it before its deadline: fastest is %s at %.1f ms, deadline in %d ms",
                    single.node(fastest).id(), single.completionMillis(0, fastest), task.deadlineMillis() - now), after);
            return;
        }
        PlacementPolicy chosen = policy;
        if (chosen.batching()) {
            window.add(record);
            if (window.size() >= current.batchMaxTasks()) {
                flushWindow(after);
            } else if (windowTimer == null) {
                windowTimer = clock.schedule(current.batchWindowMillis(), onWindowTimer);
            }
            return;
        }
        decide(chosen, List.of(record), single, now, link, after);
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
        CostTable table = dispatch.table(tasks, now, link);
        decide(policy, batch, table, now, link, after);
    }

    private void decide(PlacementPolicy current, List<TaskRecord> batch, CostTable table, long now, LinkState link,
            List<Runnable> after) {
        long start = clock.nanoTime();
        Assignment[] assignments = choose(current, table, batch.size());
        long elapsed = clock.nanoTime() - start;
        ledger.countDecision(elapsed, batch.size());
        double micros = elapsed / 1000.0;
        for (int j = 0; j < batch.size(); j++) {
            apply(batch.get(j), current.name(), assignments[j], table, j, micros, now, link, after);
        }
    }

    private void apply(TaskRecord record, String policyName, Assignment assignment, CostTable table, int j,
            double micros, long now, LinkState link, List<Runnable> after) {
        record.explanation = new Explanation(record.task.id(), policyName, table, j, assignment, micros);
        if (!assignment.placed()) {
            ledger.fail(record, FailureReason.NO_NODE, "policy " + policyName + " placed it nowhere: "
                    + assignment.note(), after);
            return;
        }
        record.assignment = assignment;
        if (assignment.escalates()) {
            record.jointInference = true;
            ledger.countJointInference();
        }
        NodeRuntime target = roster.get(table.node(assignment.node()).id());
        dispatch.enqueue(record, target, assignment.model(), now, link, after);
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
            if (assignment.placed() && !mayRun(table, j, assignment)) {
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

    /**
     * Whether the assignment's node may run it. The table's estimates are for the task's own model; an assignment of
     * another model (the edge model of joint inference, first on the gateway) is checked by whether the node serves
     * that model and is this gateway (where every task may run), so a gateway that holds only the edge model still
     * runs it and escalates.
     */
    private static boolean mayRun(CostTable table, int j, Assignment assignment) {
        if (table.allowed(j, assignment.node())) {
            return true;
        }
        Node node = table.node(assignment.node()).node();
        return assignment.model() != null && !assignment.model().equals(table.task(j).model())
                && node.kind() == NodeKind.LOCAL && node.serves(assignment.model());
    }

    private static Assignment fastestAssignment(CostTable table, int j, String why) {
        int fastest = table.fastestNode(j);
        return fastest < 0 ? Assignment.none(table.task(j), why)
                : Assignment.to(fastest, table.task(j), why + "; fastest node instead");
    }

    private static String reasons(CostTable table) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < table.nodeCount(); i++) {
            out.append(i == 0 ? "" : "; ").append(table.node(i).id()).append(": ").append(table.estimate(0, i).note());
        }
        return table.nodeCount() == 0 ? "no nodes known" : out.toString();
    }
}
