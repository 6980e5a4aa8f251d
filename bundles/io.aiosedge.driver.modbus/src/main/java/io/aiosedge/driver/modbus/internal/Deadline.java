package io.aiosedge.driver.modbus.internal;

import java.util.concurrent.TimeUnit;

/** A point in time (monotonic clock) by which a driver call must return to its caller. */
final class Deadline {

    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** A deadline {@code millis} ms from now. */
    static Deadline afterMillis(long millis) {
        return new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Milliseconds left, rounded up so that a positive remainder never reads as 0; 0 once expired. */
    long remainingMillis() {
        long nanos = deadlineNanos - System.nanoTime();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    boolean isExpired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }

    /** The earlier of this deadline and one {@code millis} ms from now. */
    Deadline capped(long millis) {
        long other = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        return other - deadlineNanos < 0 ? new Deadline(other) : this;
    }
}
