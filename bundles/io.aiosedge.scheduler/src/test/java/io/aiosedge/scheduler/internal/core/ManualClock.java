package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Virtual time for tests: timers run when the test advances the clock. */
final class ManualClock implements SchedulerClock {

    private long now;
    private final List<long[]> due = new ArrayList<>();
    private final List<Runnable> actions = new ArrayList<>();

    ManualClock(long start) {
        this.now = start;
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public synchronized Cancellable schedule(long delayMillis, Runnable action) {
        long[] entry = {now + delayMillis, actions.size()};
        due.add(entry);
        actions.add(action);
        return () -> {
            synchronized (ManualClock.this) {
                due.remove(entry);
            }
        };
    }

    /** Moves time forward, running every timer that falls due, in order. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Runnable action;
            synchronized (this) {
                long[] next = due.stream().filter(e -> e[0] <= target).min(Comparator.comparingLong(e -> e[0]))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                due.remove(next);
                now = next[0];
                action = actions.get((int) next[1]);
            }
            action.run();
        }
    }

    synchronized int pendingTimers() {
        return due.size();
    }
}
