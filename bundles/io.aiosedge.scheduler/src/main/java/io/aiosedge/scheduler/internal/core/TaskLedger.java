package io.aiosedge.scheduler.internal.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskCompletionListener;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskState;
import io.aiosedge.api.scheduler.TaskStatus;

/**
 * The engine's book of tasks and their outcomes: every task it holds by id, the most recent finished ones, the
 * count of tasks admitted and not finished, and the counters behind {@link SchedulerStatistics}. A task ends here,
 * exactly once: {@link #complete} or {@link #fail} mark the record and queue the completion of its future (and the
 * {@link TaskCompletionListener}s) as actions to run after the lock is let go.
 *
 * <p>Not thread-safe on its own: every method is called while the caller holds the engine lock (the
 * {@link SchedulerEngine}'s monitor, given as {@code lock}); a finished task wakes the engine's
 * {@link SchedulerEngine#awaitIdle} waiters on that same monitor.
 */
final class TaskLedger {

    // Logs under the engine's name, as it did before the ledger was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerEngine.class);

    private final Object lock;
    private final SchedulerClock clock;
    private final SchedulerEngine.Environment environment;
    private final Supplier<SchedulerOptions> options;

    private final Map<String, TaskRecord> records = new HashMap<>();
    private final ArrayDeque<TaskRecord> recent = new ArrayDeque<>();
    private long sequence;
    private int active;

    private long submitted;
    private long completed;
    private long deadlinesMissed;
    private long degraded;
    private long escalated;
    private long jointInferenceTasks;
    private final Map<FailureReason, Long> failures = new EnumMap<>(FailureReason.class);
    private long decisionNanos;
    private long decidedTasks;

    TaskLedger(Object lock, SchedulerClock clock, SchedulerEngine.Environment environment,
            Supplier<SchedulerOptions> options) {
        this.lock = lock;
        this.clock = clock;
        this.environment = environment;
        this.options = options;
    }

    /**
     * Takes a submitted task: counts it and makes its record, held by id unless a task with that id is still held
     * (then the record fails {@code DUPLICATE_ID} at once). Caller holds the engine lock.
     */
    TaskRecord open(Task task, long now, List<Runnable> after) {
        submitted++;
        TaskRecord record = new TaskRecord(task, sequence++, now);
        if (records.containsKey(task.id())) {
            record.state = TaskState.FAILED;
            countFailure(FailureReason.DUPLICATE_ID);
            after.add(() -> record.future.completeExceptionally(new TaskFailedException(task.id(),
                    FailureReason.DUPLICATE_ID, "a task with this id is still in the scheduler")));
        } else {
            records.put(task.id(), record);
            active++;
        }
        return record;
    }

    /** The record of a task held now, or null. Caller holds the engine lock. */
    TaskRecord get(String taskId) {
        return records.get(taskId);
    }

    /** Tasks admitted and not finished. Caller holds the engine lock. */
    int active() {
        return active;
    }

    /** A copy of every record held now (finished ones included). Caller holds the engine lock. */
    List<TaskRecord> all() {
        return new ArrayList<>(records.values());
    }

    /** The status of a task held now. Caller holds the engine lock. */
    Optional<TaskStatus> status(String taskId) {
        TaskRecord record = records.get(taskId);
        return record == null ? Optional.empty() : Optional.of(record.status());
    }

    /** The unfinished tasks, most urgent first. Caller holds the engine lock. */
    List<TaskStatus> unfinished() {
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

    /** At most {@code max} finished tasks, newest first. Caller holds the engine lock. */
    List<TaskStatus> recent(int max) {
        List<TaskStatus> out = new ArrayList<>();
        Iterator<TaskRecord> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext() && out.size() < max) {
            out.add(newestFirst.next().status());
        }
        return out;
    }

    /** Why a task held now went where it went. Caller holds the engine lock. */
    Optional<Explanation> explain(String taskId) {
        TaskRecord record = records.get(taskId);
        return record == null ? Optional.empty() : Optional.ofNullable(record.explanation);
    }

    /** Counts a task that admission degraded to its edge model. Caller holds the engine lock. */
    void countDegraded() {
        degraded++;
    }

    /** Counts a task placed with a joint-inference escalation. Caller holds the engine lock. */
    void countJointInference() {
        jointInferenceTasks++;
    }

    /** Counts one policy decision over {@code tasks} tasks that took {@code nanos} ns. Caller holds the engine lock. */
    void countDecision(long nanos, int tasks) {
        decisionNanos += nanos;
        decidedTasks += tasks;
    }

    /** The counters, with the tasks queued and running now. Caller holds the engine lock. */
    SchedulerStatistics statistics(int queued, int running) {
        return new SchedulerStatistics(submitted, completed, deadlinesMissed, failures, degraded, escalated,
                jointInferenceTasks, queued, running, decidedTasks == 0 ? 0 : decisionNanos / 1000.0 / decidedTasks);
    }

    /** Ends a task with its result; its future and the listeners are told after the lock. Caller holds the engine lock. */
    void complete(TaskRecord record, TaskResult result, List<Runnable> after) {
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

    /** Runs outside the lock. */
    private void tellListeners(TaskCompletion completion) {
        for (TaskCompletionListener listener : environment.completionListeners()) {
            try {
                listener.taskCompleted(completion);
            } catch (RuntimeException e) {
                LOG.warn("Completion listener {} failed on task {}", listener, completion.task().id(), e);
            }
        }
    }

    /** Ends a task with a failure; its future fails after the lock. Caller holds the engine lock. */
    void fail(TaskRecord record, FailureReason reason, String message, List<Runnable> after) {
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
        while (recent.size() > options.get().recentCapacity()) {
            TaskRecord evicted = recent.removeFirst();
            records.remove(evicted.task.id(), evicted);
        }
        lock.notifyAll();
    }

    private void countFailure(FailureReason reason) {
        failures.merge(reason, 1L, Long::sum);
    }
}
