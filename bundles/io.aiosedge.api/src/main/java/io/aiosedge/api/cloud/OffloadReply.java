package io.aiosedge.api.cloud;

import java.util.Map;
import java.util.Objects;

/**
 * The answer to an {@link OffloadRequest}, immutable.
 *
 * @param taskId the request's task id (the correlation id)
 * @param status outcome
 * @param nodeId id of the node that executed (or refused) the task
 * @param computeMillis time the executing node spent computing, in ms (0 when not executed)
 * @param metadata small string attributes of the result (e.g. an error message under {@code "error"})
 * @param payload binary output; empty unless {@code status == OK}
 */
public record OffloadReply(String taskId, Status status, String nodeId, double computeMillis,
        Map<String, String> metadata, byte[] payload) {

    /** How an offloaded task ended on the remote node. */
    public enum Status {
        /** Executed; the payload holds the result. */
        OK,
        /** Arrived after its deadline and was not executed. */
        EXPIRED,
        /** The node refused it (no handler for the capability, overloaded, draining). */
        REJECTED,
        /** Execution failed; {@code metadata.get("error")} says why. */
        ERROR
    }

    public OffloadReply {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nodeId, "nodeId");
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        Objects.requireNonNull(payload, "payload");
    }
}
