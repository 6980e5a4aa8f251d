package io.aiosedge.driver.simulated.signal;

/**
 * Counter-based randomness: every draw is a hash of (seed, stream, index), so any sample of any series can be
 * computed on its own, in any order, with the same result. The mixing function is the SplitMix64 finaliser.
 * Transcendental functions come from {@link StrictMath}, so a series is bit-identical on every JVM and CPU (a
 * trainer in the cloud and a gateway see the same numbers).
 */
final class CounterRandom {

    /** Streams keep the draws of different purposes independent for the same seed and index. */
    static final long NOISE = 1;
    static final long NOISE_ANGLE = 2;
    static final long WALK_LEVEL = 3;
    static final long WALK_STEP = 4;
    static final long WALK_STEP_ANGLE = 5;
    static final long STEP_LEVEL = 6;
    static final long ANOMALY_OCCURS = 7;
    static final long ANOMALY_KIND = 8;
    static final long ANOMALY_DURATION = 9;
    static final long ANOMALY_START = 10;
    static final long ANOMALY_SIZE = 11;
    static final long ANOMALY_SIGN = 12;
    static final long WINDOW_PLACEMENT = 13;
    static final long WINDOW_SHUFFLE = 14;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private CounterRandom() {
    }

    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long stream, long index) {
        return mix(mix(mix(seed) + stream * GOLDEN_GAMMA) + index * GOLDEN_GAMMA);
    }

    /** @return a uniform double in [0, 1) */
    static double uniform(long seed, long stream, long index) {
        return (hash(seed, stream, index) >>> 11) * 0x1.0p-53;
    }

    /**
     * @param angleStream a second stream, so the two uniforms of Box–Muller are independent
     * @return a standard normal draw
     */
    static double gaussian(long seed, long radiusStream, long angleStream, long index) {
        double radius = 1.0 - uniform(seed, radiusStream, index); // in (0, 1]: log is finite
        double angle = uniform(seed, angleStream, index);
        return StrictMath.sqrt(-2.0 * StrictMath.log(radius)) * StrictMath.cos(2.0 * Math.PI * angle);
    }
}
