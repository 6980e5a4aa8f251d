package io.aiosedge.api.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A completed task as {@link TaskCompletionListener}s see it.
 *
 * @param task the task as it was submitted (its input included)
 * @param result the result the caller got (the full model's when escalated)
 * @param edgeResult the edge model's answer that was not confident enough, when joint inference escalated the
 *        task (then {@code result.escalated()} is true); {@code null} otherwise
 */
@ProviderType
public record TaskCompletion(Task task, TaskResult result, TaskResult edgeResult) {

    public TaskCompletion {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(result, "result");
        if (result.escalated() != (edgeResult != null)) {
            throw new IllegalArgumentException("task " + task.id() + ": an edge result goes with an escalated result"
                    + " and only with one (escalated=" + result.escalated() + ", edge result "
                    + (edgeResult == null ? "absent" : "present") + ")");
        }
    }

}
