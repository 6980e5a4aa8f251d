package io.aiosedge.scheduler.internal.component;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.aiosedge.scheduler.internal.core.SchedulerClock;

/** Wall-clock time, and timers on the component's timer thread. */
final class WallClock implements SchedulerClock {
    private final ScheduledExecutorService timer;

    WallClock(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable action) {
        ScheduledFuture<?> future = timer.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}
