package io.aiosedge.api.scheduler;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A policy's answer for a whole {@link CostTable}: one {@link Assignment} per task, in the table's task order.
 *
 * @param assignments {@code assignments.get(j)} is the decision for task j
 */
@ProviderType
public record Placement(List<Assignment> assignments) {

    public Placement {
        assignments = List.copyOf(assignments);
    }

    public static Placement of(Assignment... assignments) {
        return new Placement(List.of(assignments));
    }

    public Assignment get(int j) {
        return assignments.get(j);
    }

    public int size() {
        return assignments.size();
    }
}
