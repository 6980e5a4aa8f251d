package io.aiosedge.scheduler.internal.policy;

/**
 * Settings of the built-in policies, immutable.
 *
 * @param seed seed of the random policy
 * @param confidenceThreshold joint inference escalates an edge answer whose confidence is below this, in [0, 1]
 * @param exactMaxTasks batch-optimal solves windows of at most this many tasks exactly (branch and bound)
 * @param timeBudgetMillis time budget of one batch decision (exact search or heuristic), in ms
 * @param deadlinePenaltyMillis cost added, in ms, to a (task, node) pair expected to miss the task's deadline
 */
public record PolicyOptions(long seed, double confidenceThreshold, int exactMaxTasks, long timeBudgetMillis,
        double deadlinePenaltyMillis) {

    public static PolicyOptions defaults() {
        return new PolicyOptions(42, 0.8, 16, 20, 10_000);
    }
}
