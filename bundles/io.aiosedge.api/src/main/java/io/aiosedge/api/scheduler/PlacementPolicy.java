package io.aiosedge.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI deciding where tasks run. The scheduler ships the built-in policies (local-only, cloud-only,
 * round-robin, random, min-completion, batch-optimal, joint-inference); a bundle may register more as services
 * with {@value #NAME_PROPERTY} naming them, and select one through the scheduler's {@code policy}
 * configuration property. A policy sees only the {@link CostTable}, never the scheduler, so it can be tested
 * with a hand-made table.
 *
 * <p>Called on the scheduler's dispatch thread, one call at a time; keep it fast (an online decision should
 * take microseconds, a batch a few milliseconds). The scheduler enforces what a policy may not break:
 * a node that is not {@link CostTable#allowed allowed} is never used, whatever the policy answers.
 */
@ConsumerType
public interface PlacementPolicy {

    /** Service property naming a policy registered as a service. */
    String NAME_PROPERTY = "aios.scheduler.policy";

    /** The policy's name, e.g. {@code "min-completion"}. */
    String name();

    /**
     * Whether the policy wants windows of tasks: the scheduler then collects tasks for the configured batch
     * window (ms) and calls {@link #place} once per window; otherwise once per task.
     */
    default boolean batching() {
        return false;
    }

    /** Decides one assignment per task of the table. */
    Placement place(CostTable table);
}
