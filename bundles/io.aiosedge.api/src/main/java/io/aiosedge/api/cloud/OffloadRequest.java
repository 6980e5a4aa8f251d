package io.aiosedge.api.cloud;

import java.util.Map;
import java.util.Objects;

/**
 * A task sent to another node for execution, immutable. On the wire it travels as JSON metadata plus a
 * compact binary payload (see {@link TensorPayloads} for tensors).
 *
 * @param taskId unique id of the task; also the idempotency key (a redelivered request is executed once)
 * @param capability what is asked, e.g. {@code "inference"}; the last topic level of
 *        {@code aios/v1/<tenant>/offload/<capability>}
 * @param deadlineMillis wall-clock deadline (ms since the epoch); a request received after it is not executed
 * @param metadata small string attributes (model name, kind, ...); never null
 * @param payload binary input; never null, may be empty
 */
public record OffloadRequest(String taskId, String capability, long deadlineMillis, Map<String, String> metadata,
        byte[] payload) {

    public OffloadRequest {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(capability, "capability");
        if (taskId.isBlank() || capability.isBlank() || capability.contains("/") || capability.contains("+")
                || capability.contains("#")) {
            throw new IllegalArgumentException("taskId must not be blank and capability must be one topic level: '"
                    + taskId + "', '" + capability + "'");
        }
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        Objects.requireNonNull(payload, "payload");
    }
}
