package io.aiosedge.api.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of one task inside the scheduler, immutable.
 *
 * @param taskId the task's id
 * @param kind the task's kind
 * @param state where it stands
 * @param nodeId the node it is placed on or ran on; empty before placement
 * @param priority the task's priority (0 most urgent)
 * @param submittedAtMillis wall-clock submission time, ms since the epoch
 * @param deadlineMillis the task's deadline, ms since the epoch ({@link Long#MAX_VALUE}: none)
 * @param updatedAtMillis wall-clock time of the last state change, ms since the epoch
 * @param failure why it failed; {@code null} unless {@code state} is FAILED or CANCELLED
 * @param detail one human-readable line (failure message, degraded/escalated...), never null
 * @param result the result when COMPLETED, else {@code null}
 */
@ProviderType
public record TaskStatus(String taskId, String kind, TaskState state, String nodeId, int priority,
        long submittedAtMillis, long deadlineMillis, long updatedAtMillis, FailureReason failure, String detail,
        TaskResult result) {

    public TaskStatus {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(state, "state");
        nodeId = nodeId == null ? "" : nodeId;
        detail = detail == null ? "" : detail;
    }
}
