package io.aiosedge.scheduler.internal.job;

import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;

/**
 * Turns a task's outcome into the KuraMessage a job publishes. Metrics: {@code task.id}, {@code job},
 * {@code status} (COMPLETED or FAILED) and then either {@code node}, {@code node.kind}, {@code model},
 * {@code queue.ms}, {@code transfer.ms}, {@code compute.ms}, {@code total.ms}, {@code deadline.met},
 * {@code score}, {@code confidence} (when defined), {@code anomaly} (score above the job's threshold),
 * {@code degraded}, {@code escalated}; or {@code failure.reason} and {@code failure.message}. Message properties:
 * {@code assetName} and {@code job} (the job's name, for publishers' topic templates) and {@code taskId}.
 */
public final class ResultMessages {

    private ResultMessages() {
    }

    public static KuraMessage message(String job, String taskId, TaskResult result, Throwable error,
            double anomalyThreshold, long nowMillis) {
        return message(job, taskId, result, error, anomalyThreshold, nowMillis, Double.NaN);
    }

    /**
     * As above, with the completion time the cost model predicted when it placed the task (ms; NaN when not known):
     * a completed task's message then carries {@code estimate.ms} and {@code estimate.error.ms} (actual − estimate).
     */
    public static KuraMessage message(String job, String taskId, TaskResult result, Throwable error,
            double anomalyThreshold, long nowMillis, double estimatedMillis) {
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date(result != null ? result.completedAtMillis() : nowMillis));
        payload.addMetric("task.id", taskId);
        payload.addMetric("job", job);
        if (result != null) {
            payload.addMetric("status", "COMPLETED");
            payload.addMetric("node", result.nodeId());
            payload.addMetric("node.kind", result.nodeKind().name());
            payload.addMetric("model", result.model());
            payload.addMetric("queue.ms", result.queueMillis());
            payload.addMetric("transfer.ms", result.transferMillis());
            payload.addMetric("compute.ms", result.computeMillis());
            payload.addMetric("total.ms", result.totalMillis());
            payload.addMetric("deadline.met", result.deadlineMet());
            if (Double.isFinite(estimatedMillis)) {
                payload.addMetric("estimate.ms", estimatedMillis);
                payload.addMetric("estimate.error.ms", result.totalMillis() - estimatedMillis);
            }
            if (!Double.isNaN(result.score())) {
                payload.addMetric("score", result.score());
                payload.addMetric("anomaly", result.score() > anomalyThreshold);
            }
            if (!Double.isNaN(result.confidence())) {
                payload.addMetric("confidence", result.confidence());
            }
            payload.addMetric("degraded", result.degraded());
            payload.addMetric("escalated", result.escalated());
        } else {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            payload.addMetric("status", "FAILED");
            payload.addMetric("failure.reason", cause instanceof TaskFailedException
                    ? ((TaskFailedException) cause).reason().name() : "EXECUTION_FAILED");
            payload.addMetric("failure.message", String.valueOf(cause == null ? "" : cause.getMessage()));
        }
        return new KuraMessage(payload, Map.of("assetName", job, "job", job, "taskId", taskId));
    }
}
