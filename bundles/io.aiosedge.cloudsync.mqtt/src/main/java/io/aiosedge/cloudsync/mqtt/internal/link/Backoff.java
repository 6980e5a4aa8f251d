package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code minMillis}, doubling per failed attempt up to {@code maxMillis},
 * with "equal jitter" (the delay is uniformly drawn from [d/2, d]) so that a fleet of gateways that lost the
 * broker at the same moment does not come back in lock step, while a single gateway still waits at least half
 * of the nominal delay (no tight loop).
 */
record Backoff(long minMillis, long maxMillis, DoubleSupplier random) {

    Backoff {
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("need 0 < min <= max, got min " + minMillis + " ms, max " + maxMillis + " ms");
        }
    }

    /** Nominal (un-jittered) delay before attempt {@code failures + 1}: min * 2^failures, capped at max. */
    long nominalMillis(int failures) {
        if (failures >= 62) {
            return maxMillis;
        }
        double d = minMillis * Math.pow(2, Math.max(0, failures));
        return (long) Math.min(maxMillis, d);
    }

    /** The jittered delay in ms, in [nominal/2, nominal], never below 1 ms. */
    long delayMillis(int failures) {
        long nominal = nominalMillis(failures);
        double half = nominal / 2.0;
        return Math.max(1L, (long) (half + random.getAsDouble() * half));
    }
}
