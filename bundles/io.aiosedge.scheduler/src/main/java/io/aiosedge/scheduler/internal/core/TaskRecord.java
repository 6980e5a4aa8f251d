package io.aiosedge.scheduler.internal.core;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskState;
import io.aiosedge.api.scheduler.TaskStatus;

/** One task inside the engine; mutable, guarded by the engine's lock. */
final class TaskRecord {

    /** Priority (0 first), then earliest deadline, then arrival order. */
    static final Comparator<TaskRecord> URGENCY = Comparator.<TaskRecord>comparingInt(r -> r.task.priority())
            .thenComparingLong(r -> r.task.deadlineMillis())
            .thenComparingLong(r -> r.sequence);

    final Task task;
    final long sequence;
    final long submittedAtMillis;
    final CompletableFuture<TaskResult> future = new CompletableFuture<>();

    TaskState state = TaskState.QUEUED;
    long updatedAtMillis;
    NodeRuntime node;
    Assignment assignment;
    String model;
    Explanation explanation;
    double estimatedComputeMillis;
    double estimatedTransferMillis;
    /** The transfer estimate before the learned network factor (what that factor is learned against), ms. */
    double rawTransferMillis;
    /** How long the run holds its slot: transfers + compute, ms. */
    double estimatedHoldMillis;
    double estimatedWaitMillis;
    long enqueuedAtMillis;
    Estimate lastEstimate;
    NodePath path;
    double reservedDownlinkMillis;
    /** The compute prior including the processor-sharing stretch at start, ms. */
    double priorComputeMillis;
    long startedAtMillis;
    boolean degraded;
    boolean escalating;
    boolean retriedLocally;
    boolean jointInference;
    TaskResult edgeResult;
    FailureReason failure;
    String detail = "";
    TaskResult result;

    TaskRecord(Task task, long sequence, long nowMillis) {
        this.task = task;
        this.sequence = sequence;
        this.submittedAtMillis = nowMillis;
        this.updatedAtMillis = nowMillis;
    }

    TaskStatus status() {
        return new TaskStatus(task.id(), task.kind(), state, node == null ? "" : node.id(), task.priority(),
                submittedAtMillis, task.deadlineMillis(), updatedAtMillis, failure, detail, result);
    }
}
