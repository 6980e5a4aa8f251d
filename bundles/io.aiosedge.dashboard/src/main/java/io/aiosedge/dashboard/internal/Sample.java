package io.aiosedge.dashboard.internal;

import java.util.Map;

/**
 * One point of the dashboard's history, immutable: what happened in the interval that ended at {@code timeMillis}
 * and the state of each service then. A section whose service is absent is empty (null scheduler, empty maps).
 *
 * @param timeMillis wall-clock time of the sample, ms since the epoch
 * @param intervalMillis time since the previous sample, in ms (the sampling period, give or take)
 * @param interval the tasks completed in the interval, as the completion listener saw them
 * @param escalatedShareInInterval escalated / joint-inference tasks of the interval (from the scheduler's counters),
 *        in [0, 1]; {@code NaN} when the interval had no joint-inference task or there is no scheduler
 * @param scheduler the scheduler's counters, or null when no scheduler is there
 * @param links each cloud endpoint's link (and outbox), by endpoint name
 * @param models each loaded model's statistics, by model name
 */
record Sample(long timeMillis, long intervalMillis, Interval interval, double escalatedShareInInterval,
        SchedulerFigures scheduler, Map<String, LinkFigures> links, Map<String, ModelFigures> models) {

    Sample {
        links = Map.copyOf(links);
        models = Map.copyOf(models);
    }

    /**
     * Tasks completed in one sampling interval.
     *
     * @param completed tasks completed with a result
     * @param deadlinesMissed of those, results after the deadline
     * @param escalated of those, tasks whose edge answer was escalated to the full model
     * @param placements completed tasks by the node that produced the result
     * @param p50Millis median completion time (queue + transfer + compute) in ms, {@code NaN} when none completed
     * @param p95Millis 95th percentile of the completion time in ms, {@code NaN} when none completed
     */
    record Interval(long completed, long deadlinesMissed, long escalated, Map<String, Long> placements,
            double p50Millis, double p95Millis) {

        static final Interval EMPTY = new Interval(0, 0, 0, Map.of(), Double.NaN, Double.NaN);

        Interval {
            placements = Map.copyOf(placements);
        }
    }

    /**
     * The scheduler's counters since it started ({@code SchedulerStatistics}) and its policy.
     *
     * @param escalatedShare escalated / joint-inference tasks since the scheduler started, in [0, 1]
     * @param queued tasks admitted and not running now
     * @param running tasks running now
     */
    record SchedulerFigures(String policy, long submitted, long completed, long deadlinesMissed, long escalated,
            long jointInferenceTasks, double escalatedShare, int queued, int running) {
    }

    /**
     * A cloud endpoint's link ({@code LinkState}) and outbox ({@code OutboxState}).
     *
     * @param rttMillis smoothed round-trip time in ms, {@code NaN} when never measured
     * @param bandwidthBytesPerSecond smoothed upstream bandwidth in bytes/s, {@code NaN} when never measured
     * @param measuredAtMillis time of the last measurement, ms since the epoch, 0 when never
     * @param outbox the outbox, or null when the endpoint does not report one
     */
    record LinkFigures(boolean connected, double rttMillis, double bandwidthBytesPerSecond, long measuredAtMillis,
            OutboxFigures outbox) {
    }

    /**
     * @param depth messages stored and not yet acknowledged (in flight included)
     * @param inFlight of those, handed to the broker and not yet acknowledged
     * @param oldestAgeMillis age of the oldest stored message in ms, 0 when empty
     * @param fill share of the byte capacity in use, in [0, 1]
     * @param refused messages refused because the store was full, since the endpoint started
     * @param dropped messages dropped to make room, since the endpoint started
     */
    record OutboxFigures(long depth, long inFlight, long oldestAgeMillis, double fill, long refused, long dropped) {
    }

    /**
     * One loaded model's {@code ModelStatistics}, with the engine that serves it.
     *
     * @param engine name of the engine service ({@code kura.service.pid})
     * @param p50Micros median call latency in µs since the model was loaded
     * @param p95Micros 95th percentile call latency in µs
     * @param p99Micros 99th percentile call latency in µs
     */
    record ModelFigures(String engine, String model, String version, long calls, long errors, long batches,
            double p50Micros, double p95Micros, double p99Micros) {
    }
}
