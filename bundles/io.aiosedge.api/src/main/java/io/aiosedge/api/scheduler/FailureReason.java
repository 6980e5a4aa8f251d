package io.aiosedge.api.scheduler;

/** Why a task completed without a result. Every submitted task ends with a result or one of these. */
public enum FailureReason {
    /** Refused at admission: no node can finish it before its deadline (and no degradation was possible). */
    DEADLINE_UNREACHABLE,
    /** Admitted, but its deadline passed before it could start. */
    DEADLINE_EXPIRED,
    /** Refused at admission: the queue is at its bound. */
    QUEUE_FULL,
    /** No node may run it (e.g. no executor for the gateway and the task is edge-only). */
    NO_NODE,
    /** It was sent to a remote node and the network failed, with no time left to run it elsewhere. */
    NETWORK,
    /** The executor failed (model error, bad input). */
    EXECUTION_FAILED,
    /** A caller cancelled it. */
    CANCELLED,
    /** The scheduler stopped before it could run (only after the drain timeout). */
    SHUTDOWN,
    /** Refused at admission: a task with the same id is still in the scheduler. */
    DUPLICATE_ID
}
