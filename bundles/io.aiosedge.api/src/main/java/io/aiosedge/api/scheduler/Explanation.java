package io.aiosedge.api.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Why a task was placed where it was, immutable: the cost table the policy saw and its decision.
 *
 * @param taskId the task
 * @param policy name of the policy that decided
 * @param table the cost table of the decision (for a batch, the whole window)
 * @param taskIndex the task's row in the table
 * @param assignment the decision for the task
 * @param decisionMicros how long the policy took for the whole table, in µs
 */
@ProviderType
public record Explanation(String taskId, String policy, CostTable table, int taskIndex, Assignment assignment,
        double decisionMicros) {

    public Explanation {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(assignment, "assignment");
    }
}
