package io.aiosedge.api.scheduler;

/** Life cycle of a task inside the scheduler. */
public enum TaskState {
    /** Admitted, waiting for a placement decision (for batching policies: inside the batch window). */
    QUEUED,
    /** Placed on a node, waiting for a free slot there. */
    ASSIGNED,
    /** Executing (locally, or sent to a remote node and awaiting the reply). */
    RUNNING,
    /** Finished with a result. */
    COMPLETED,
    /** Finished without a result; the reason is a {@link FailureReason}. */
    FAILED,
    /** Cancelled by a caller. */
    CANCELLED;

    /** Whether the task has finished (its stage is complete). */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
