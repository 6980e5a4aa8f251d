package io.aiosedge.api.scheduler;

/** The tier a node belongs to. */
public enum NodeKind {
    /** The gateway the scheduler runs on. */
    LOCAL,
    /** Another gateway reachable through the broker. */
    PEER,
    /** A cloud worker (possibly a pool of workers behind one shared subscription). */
    CLOUD
}
