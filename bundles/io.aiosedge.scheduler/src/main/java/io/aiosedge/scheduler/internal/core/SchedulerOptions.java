package io.aiosedge.scheduler.internal.core;

/**
 * Tunables of the engine, immutable (validated by the component from its configuration). Build one with
 * {@link #builder()}: every field has a named default, so callers set only what they mean.
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
 * @param learningHalfLifeMillis how fast a learned correction of an option that is no longer observed fades
 *        back toward the prior: it keeps half its deviation after this long without an observation, in ms; 0
 *        turns fading off
 * @param localMinFreeMemoryBytes the gateway takes no full-model task while its free memory is below this, in
 *        bytes; 0 turns the check off
 */
public record SchedulerOptions(int queueCapacity, long batchWindowMillis, int batchMaxTasks,
        boolean degradeToEdgeModel, boolean dropExpired, boolean fallbackLocally, double defaultComputeMillis,
        double edgeModelCostRatio, double horizonMillis, double defaultRttMillis,
        double defaultBandwidthBytesPerSecond, double learningAlpha, int recentCapacity,
        double learningHalfLifeMillis, long localMinFreeMemoryBytes) {

    /** Defaults used by tests and benchmarks; the same as the component's metatype defaults. */
    public static SchedulerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.queueCapacity = queueCapacity;
        b.batchWindowMillis = batchWindowMillis;
        b.batchMaxTasks = batchMaxTasks;
        b.degradeToEdgeModel = degradeToEdgeModel;
        b.dropExpired = dropExpired;
        b.fallbackLocally = fallbackLocally;
        b.defaultComputeMillis = defaultComputeMillis;
        b.edgeModelCostRatio = edgeModelCostRatio;
        b.horizonMillis = horizonMillis;
        b.defaultRttMillis = defaultRttMillis;
        b.defaultBandwidthBytesPerSecond = defaultBandwidthBytesPerSecond;
        b.learningAlpha = learningAlpha;
        b.recentCapacity = recentCapacity;
        b.learningHalfLifeMillis = learningHalfLifeMillis;
        b.localMinFreeMemoryBytes = localMinFreeMemoryBytes;
        return b;
    }

    public SchedulerOptions withQueueCapacity(int value) {
        return toBuilder().queueCapacity(value).build();
    }

    public SchedulerOptions withDegrade(boolean value) {
        return toBuilder().degradeToEdgeModel(value).build();
    }

    public SchedulerOptions withBatch(long windowMillis, int maxTasks) {
        return toBuilder().batchWindowMillis(windowMillis).batchMaxTasks(maxTasks).build();
    }

    /** Named setters over the defaults; {@link #build()} makes the record. */
    public static final class Builder {
        private int queueCapacity = 1000;
        private long batchWindowMillis = 20;
        private int batchMaxTasks = 100;
        private boolean degradeToEdgeModel = true;
        private boolean dropExpired = true;
        private boolean fallbackLocally = true;
        private double defaultComputeMillis = 10;
        private double edgeModelCostRatio = 0.25;
        private double horizonMillis = 1000;
        private double defaultRttMillis = 100;
        private double defaultBandwidthBytesPerSecond = 1_000_000;
        private double learningAlpha = 0.1;
        private int recentCapacity = 200;
        private double learningHalfLifeMillis = 30_000;
        private long localMinFreeMemoryBytes;

        private Builder() {
        }

        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        public Builder batchWindowMillis(long value) {
            batchWindowMillis = value;
            return this;
        }

        public Builder batchMaxTasks(int value) {
            batchMaxTasks = value;
            return this;
        }

        public Builder degradeToEdgeModel(boolean value) {
            degradeToEdgeModel = value;
            return this;
        }

        public Builder dropExpired(boolean value) {
            dropExpired = value;
            return this;
        }

        public Builder fallbackLocally(boolean value) {
            fallbackLocally = value;
            return this;
        }

        public Builder defaultComputeMillis(double value) {
            defaultComputeMillis = value;
            return this;
        }

        public Builder edgeModelCostRatio(double value) {
            edgeModelCostRatio = value;
            return this;
        }

        public Builder horizonMillis(double value) {
            horizonMillis = value;
            return this;
        }

        public Builder defaultRttMillis(double value) {
            defaultRttMillis = value;
            return this;
        }

        public Builder defaultBandwidthBytesPerSecond(double value) {
            defaultBandwidthBytesPerSecond = value;
            return this;
        }

        public Builder learningAlpha(double value) {
            learningAlpha = value;
            return this;
        }

        public Builder recentCapacity(int value) {
            recentCapacity = value;
            return this;
        }

        public Builder learningHalfLifeMillis(double value) {
            learningHalfLifeMillis = value;
            return this;
        }

        public Builder localMinFreeMemoryBytes(long value) {
            localMinFreeMemoryBytes = value;
            return this;
        }

        public SchedulerOptions build() {
            return new SchedulerOptions(queueCapacity, batchWindowMillis, batchMaxTasks, degradeToEdgeModel,
                    dropExpired, fallbackLocally, defaultComputeMillis, edgeModelCostRatio, horizonMillis,
                    defaultRttMillis, defaultBandwidthBytesPerSecond, learningAlpha, recentCapacity,
                    learningHalfLifeMillis, localMinFreeMemoryBytes);
        }
    }
}
