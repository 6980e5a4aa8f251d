package io.aiosedge.api.scheduler;

/** Where a task's data may go. */
public enum Locality {
    /** Private data: the task runs on the gateway that received it and its input never leaves it. */
    EDGE_ONLY,
    /** The task may run on this gateway, a peer gateway or a cloud worker. */
    ANY
}
