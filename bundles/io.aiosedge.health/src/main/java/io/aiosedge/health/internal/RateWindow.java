package io.aiosedge.health.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Rate of events over a sliding time window, from cumulative counters read at each check (the scheduler and the
 * engines count since they started; a check wants what happened lately). Keeps one sample per reading, at most
 * {@value #MAX_SAMPLES}; thread-safe.
 */
final class RateWindow {

    static final int MAX_SAMPLES = 4096;

    /** Events and their total over the window. */
    record Rate(long events, long total, long spanMillis) {
        double share() {
            return total == 0 ? 0 : (double) events / total;
        }
    }

    private record Sample(long atMillis, long events, long total) {
    }

    private final long windowMillis;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateWindow(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * Adds a reading of the cumulative counters and returns the rate since the oldest reading within the window.
     * A counter that went down (the source restarted) starts the window anew.
     */
    synchronized Rate add(long nowMillis, long eventsSoFar, long totalSoFar) {
        Sample last = samples.peekLast();
        if (last != null && (eventsSoFar < last.events || totalSoFar < last.total)) {
            samples.clear();
        }
        samples.addLast(new Sample(nowMillis, eventsSoFar, totalSoFar));
        // Keep the newest sample at or before the window's start as the baseline.
        while (samples.size() > 1) {
            Sample second = samples.stream().skip(1).findFirst().orElseThrow();
            if (second.atMillis <= nowMillis - windowMillis || samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            } else {
                break;
            }
        }
        Sample first = samples.peekFirst();
        if (samples.size() == 1) {
            // First reading: everything counted so far is the only evidence there is.
            return new Rate(eventsSoFar, totalSoFar, 0);
        }
        return new Rate(eventsSoFar - first.events, totalSoFar - first.total, nowMillis - first.atMillis);
    }
}
