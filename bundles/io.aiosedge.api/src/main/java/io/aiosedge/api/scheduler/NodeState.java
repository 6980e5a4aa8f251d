package io.aiosedge.api.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A node as last seen, immutable. Cloud workers and peers advertise it (retained, on
 * {@code aios/v1/<tenant>/nodes/<id>/state}); the scheduler builds the local node's own.
 *
 * @param node the node's description
 * @param available whether it accepts work now (a worker that is draining, or not heard of for too long, is not)
 * @param load utilisation in [0, 1] (busy slots / slots, or CPU load for the gateway)
 * @param queueLength tasks waiting on the node from all its clients (not counting this gateway's in flight)
 * @param freeMemoryBytes free memory in bytes (0 when unknown)
 * @param updatedAtMillis wall-clock time of the advertisement, ms since the epoch
 */
@ProviderType
public record NodeState(Node node, boolean available, double load, int queueLength, long freeMemoryBytes,
        long updatedAtMillis) {

    public NodeState {
        Objects.requireNonNull(node, "node");
        if (!(load >= 0) || queueLength < 0 || freeMemoryBytes < 0) {
            throw new IllegalArgumentException("node " + node.id() + ": load, queueLength and freeMemoryBytes must not be"
                    + " negative: " + load + ", " + queueLength + ", " + freeMemoryBytes);
        }
    }

    public String id() {
        return node.id();
    }

    public NodeKind kind() {
        return node.kind();
    }
}
