package io.aiosedge.scheduler.internal.core;

/**
 * Exponentially weighted mean and variance of a stream of observations (West's incremental form, the
 * weighted analogue of Welford's algorithm). The first observation sets the mean; later ones move it by
 * {@code alpha}, so the estimate follows a node whose speed drifts. Not thread-safe.
 */
public final class RunningStatistic {

    private final double alpha;
    private long count;
    private double mean;
    private double variance;

    /** @param alpha weight of each new observation, in (0, 1]; 1/alpha is roughly the memory in samples */
    public RunningStatistic(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
        }
        this.alpha = alpha;
    }

    public void add(double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        count++;
        if (count == 1) {
            mean = value;
            variance = 0;
            return;
        }
        // For the first samples use 1/count so that early estimates are plain averages, then alpha.
        double weight = Math.max(alpha, 1.0 / count);
        double delta = value - mean;
        mean += weight * delta;
        variance = (1 - weight) * (variance + weight * delta * delta);
    }

    public long count() {
        return count;
    }

    /** The mean; {@code fallback} before the first observation. */
    public double mean(double fallback) {
        return count == 0 ? fallback : mean;
    }

    public double stddev() {
        return Math.sqrt(variance);
    }

    /** The raw state (count, mean, variance) for persisting. */
    double[] state() {
        return new double[] {count, mean, variance};
    }

    /** Restores a state written by {@link #state()}; refuses one that is not finite or negative. */
    void restore(double[] state) {
        if (state.length != 3 || !(state[0] >= 0) || !Double.isFinite(state[1]) || !(state[2] >= 0)
                || !Double.isFinite(state[2])) {
            throw new IllegalArgumentException("not a statistic state: " + java.util.Arrays.toString(state));
        }
        count = (long) state[0];
        mean = state[1];
        variance = state[2];
    }
}
