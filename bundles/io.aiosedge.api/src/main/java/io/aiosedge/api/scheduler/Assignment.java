package io.aiosedge.api.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A policy's decision for one task of a {@link CostTable}, immutable.
 *
 * @param node index of the node in the cost table; -1 means "nowhere" (the scheduler then fails the task with
 *        {@link FailureReason#NO_NODE} or, when no node meets its deadline, {@link FailureReason#DEADLINE_UNREACHABLE})
 * @param model the model to run there: the task's model or its edge model
 * @param escalateBelowConfidence when the result's confidence is below this value (in [0, 1]) the task also runs
 *        with its full model on {@code escalationNode} (joint inference); {@code NaN} for never
 * @param escalationNode index of the node for the escalation, -1 when none
 * @param note why this node, one short line (shown by explain); never null
 */
@ProviderType
public record Assignment(int node, String model, double escalateBelowConfidence, int escalationNode, String note) {

    public Assignment {
        Objects.requireNonNull(model, "model");
        note = note == null ? "" : note;
    }

    /** Runs task on node with the task's own model. */
    public static Assignment to(int node, Task task, String note) {
        return new Assignment(node, task.model(), Double.NaN, -1, note);
    }

    /** Places the task nowhere. */
    public static Assignment none(Task task, String why) {
        return new Assignment(-1, task.model(), Double.NaN, -1, why);
    }

    public boolean placed() {
        return node >= 0;
    }

    public boolean escalates() {
        return escalationNode >= 0 && !Double.isNaN(escalateBelowConfidence);
    }
}
