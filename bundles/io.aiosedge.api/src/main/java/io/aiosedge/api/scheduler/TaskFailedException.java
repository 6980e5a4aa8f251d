package io.aiosedge.api.scheduler;

import java.util.Objects;

/** How a task's stage completes exceptionally: the task id, a {@link FailureReason} and a message saying why. */
public class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String taskId;
    private final FailureReason reason;

    public TaskFailedException(String taskId, FailureReason reason, String message) {
        this(taskId, reason, message, null);
    }

    public TaskFailedException(String taskId, FailureReason reason, String message, Throwable cause) {
        super("task " + taskId + " " + reason + ": " + message, cause);
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String taskId() {
        return taskId;
    }

    public FailureReason reason() {
        return reason;
    }
}
