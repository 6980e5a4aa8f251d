package io.aiosedge.scheduler.internal.core;

/**
 * Time and timers of the scheduler engine. The component gives it the wall clock and a scheduled executor;
 * tests and the scenario simulator give it virtual time, so the same engine runs in both.
 */
public interface SchedulerClock {

    /** Wall-clock time, ms since the epoch. */
    long nowMillis();

    /** A monotonic time in ns for measuring durations (decision times). */
    long nanoTime();

    /** Runs {@code action} once after {@code delayMillis}; the handle cancels it. */
    Cancellable schedule(long delayMillis, Runnable action);

    /** A scheduled action that may be cancelled. */
    interface Cancellable {
        void cancel();
    }
}
