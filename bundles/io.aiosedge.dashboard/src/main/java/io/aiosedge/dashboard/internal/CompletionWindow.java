package io.aiosedge.dashboard.internal;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.aiosedge.api.scheduler.TaskResult;

/**
 * Counts what the scheduler's completion listener reports between two samples: completed tasks, missed deadlines,
 * escalations, placements per node, and the completion times for the interval's p50/p95. Also keeps the placements
 * per node since the sampler started (the bar chart).
 *
 * <p>Memory is bounded whatever the task rate: completion times are kept in a reservoir of {@code maxTimes} values
 * (a uniform random sample of the interval's tasks once more arrive, Vitter's algorithm R), and at most
 * {@code maxNodes} node names are counted separately, the rest under {@value #OTHER_NODES}.
 *
 * <p>Thread-safe: {@link #record} runs on the scheduler's threads, {@link #drain} on the sampler's.
 */
final class CompletionWindow {

    /** Where placements on nodes beyond {@code maxNodes} are counted. */
    static final String OTHER_NODES = "(other nodes)";

    private final int maxNodes;
    private final SplittableRandom random;
    private final double[] times;
    private int stored;
    private long seen;
    private long completed;
    private long missed;
    private long escalated;
    private final Map<String, Long> placements = new TreeMap<>();
    private final Map<String, Long> totals = new TreeMap<>();
    private long completedSinceStart;

    CompletionWindow(int maxTimes, int maxNodes, long seed) {
        if (maxTimes < 1 || maxNodes < 1) {
            throw new IllegalArgumentException("maxTimes and maxNodes must be at least 1: " + maxTimes + ", "
                    + maxNodes);
        }
        this.times = new double[maxTimes];
        this.maxNodes = maxNodes;
        this.random = new SplittableRandom(seed);
    }

    /** One completed task. */
    synchronized void record(TaskResult result) {
        completed++;
        completedSinceStart++;
        if (!result.deadlineMet()) {
            missed++;
        }
        if (result.escalated()) {
            escalated++;
        }
        String node = totals.containsKey(result.nodeId()) || totals.size() < maxNodes ? result.nodeId() : OTHER_NODES;
        placements.merge(node, 1L, Long::sum);
        totals.merge(node, 1L, Long::sum);
        double total = result.totalMillis();
        if (Double.isNaN(total)) {
            return;
        }
        seen++;
        if (stored < times.length) {
            times[stored++] = total;
        } else {
            long slot = random.nextLong(seen);
            if (slot < times.length) {
                times[(int) slot] = total;
            }
        }
    }

    /** The interval's figures; starts the next interval. */
    synchronized Sample.Interval drain() {
        Sample.Interval interval = new Sample.Interval(completed, missed, escalated, placements,
                Percentiles.of(times, stored, 50), Percentiles.of(times, stored, 95));
        completed = 0;
        missed = 0;
        escalated = 0;
        stored = 0;
        seen = 0;
        placements.clear();
        return interval;
    }

    /** Completed tasks by node since this window was made. */
    synchronized Map<String, Long> placementsSinceStart() {
        return Map.copyOf(totals);
    }

    /** Completed tasks since this window was made. */
    synchronized long completedSinceStart() {
        return completedSinceStart;
    }
}
