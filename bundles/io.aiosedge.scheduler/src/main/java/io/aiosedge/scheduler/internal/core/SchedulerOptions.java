package io.aiosedge.scheduler.internal.core;

/**
 * Tunables of the engine, immutable (validated by the component from its configuration).
 *
 * @param queueCapacity most tasks admitted and not finished at once
 * @param batchWindowMillis how long a batching policy collects tasks before deciding, in ms
 * @param batchMaxTasks a window is decided at once when it holds this many tasks
 * @param degradeToEdgeModel whether admission may run a task's edge model on the gateway when no node can run
 *        the full model before the deadline
 * @param dropExpired whether a task whose deadline passed before it could start fails (DEADLINE_EXPIRED) instead
 *        of running late
 * @param fallbackLocally whether a task whose offload failed on the network runs on the gateway instead
 * @param defaultComputeMillis compute time assumed for a task without an instruction estimate before anything
 *        was learned, in ms
 * @param edgeModelCostRatio compute of the edge model relative to the full model (prior), in (0, 1]
 * @param horizonMillis planning horizon of the capacity model when no task of a window has a deadline, in ms
 * @param defaultRttMillis link round trip assumed while the link is up but not measured yet, in ms
 * @param defaultBandwidthBytesPerSecond bandwidth assumed while the link is up but not measured yet, bytes/s
 * @param learningAlpha weight of each new observation in the learned estimates, in (0, 1]
 * @param recentCapacity finished tasks kept for status, recent and explain
 */
public record SchedulerOptions(int queueCapacity, long batchWindowMillis, int batchMaxTasks,
        boolean degradeToEdgeModel, boolean dropExpired, boolean fallbackLocally, double defaultComputeMillis,
        double edgeModelCostRatio, double horizonMillis, double defaultRttMillis,
        double defaultBandwidthBytesPerSecond, double learningAlpha, int recentCapacity) {

    /** Defaults used by tests and benchmarks. */
    public static SchedulerOptions defaults() {
        return new SchedulerOptions(1000, 20, 100, true, true, true, 10, 0.25, 1000, 100, 1_000_000, 0.2, 200);
    }

    public SchedulerOptions withQueueCapacity(int value) {
        return new SchedulerOptions(value, batchWindowMillis, batchMaxTasks, degradeToEdgeModel, dropExpired,
                fallbackLocally, defaultComputeMillis, edgeModelCostRatio, horizonMillis, defaultRttMillis,
                defaultBandwidthBytesPerSecond, learningAlpha, recentCapacity);
    }

    public SchedulerOptions withDegrade(boolean value) {
        return new SchedulerOptions(queueCapacity, batchWindowMillis, batchMaxTasks, value, dropExpired,
                fallbackLocally, defaultComputeMillis, edgeModelCostRatio, horizonMillis, defaultRttMillis,
                defaultBandwidthBytesPerSecond, learningAlpha, recentCapacity);
    }

    public SchedulerOptions withBatch(long windowMillis, int maxTasks) {
        return new SchedulerOptions(queueCapacity, windowMillis, maxTasks, degradeToEdgeModel, dropExpired,
                fallbackLocally, defaultComputeMillis, edgeModelCostRatio, horizonMillis, defaultRttMillis,
                defaultBandwidthBytesPerSecond, learningAlpha, recentCapacity);
    }
}
