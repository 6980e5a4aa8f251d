package io.aiosedge.api.scheduler;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Counters since the scheduler started, immutable.
 *
 * @param submitted tasks submitted
 * @param completed tasks completed with a result
 * @param deadlinesMissed completed tasks whose result came after the deadline
 * @param failures failed or cancelled tasks by reason
 * @param degraded tasks run with their edge model because the full model could not meet the deadline
 * @param escalated tasks whose edge answer was not confident enough and that ran the full model too
 * @param jointInferenceTasks tasks placed by joint inference (the denominator of the escalated share)
 * @param queued tasks admitted and not yet running now
 * @param running tasks running now
 * @param meanDecisionMicros mean time of a placement decision per task, in µs
 */
@ProviderType
public record SchedulerStatistics(long submitted, long completed, long deadlinesMissed,
        Map<FailureReason, Long> failures, long degraded, long escalated, long jointInferenceTasks, int queued,
        int running, double meanDecisionMicros) {

    public SchedulerStatistics {
        failures = Map.copyOf(failures);
    }

    /** Share of joint-inference tasks that were escalated to the full model, in [0, 1]; 0 when none. */
    public double escalatedShare() {
        return jointInferenceTasks == 0 ? 0 : (double) escalated / jointInferenceTasks;
    }
}
