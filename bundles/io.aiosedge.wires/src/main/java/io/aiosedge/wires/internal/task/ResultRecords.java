package io.aiosedge.wires.internal.task;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireRecord;

import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;

/**
 * The record an AIOS Task component sends for each record it received. Always {@code status} (COMPLETED or
 * FAILED) and {@code latency.ms} (from the record's arrival to its outcome); {@code task.id} once a task was made.
 * Completed: the output ({@code <output.property>} for one value, {@code <output.property>.<i>} for each of
 * several), {@code score} and {@code confidence} when defined, where it ran ({@code node}, {@code node.kind},
 * {@code model}), the scheduler's times ({@code queue.ms}, {@code transfer.ms}, {@code compute.ms},
 * {@code total.ms}), the cost model's {@code estimate.ms} and {@code estimate.error.ms} (actual − estimate) when
 * known, {@code deadline.met}, {@code degraded}, {@code escalated}. Failed: {@code failure.reason} (the
 * scheduler's FailureReason, EXECUTION_FAILED, or INVALID_INPUT for a record that could not become a task) and
 * {@code failure.message}. With forwarding on, the received record's other properties come first, so a
 * downstream Publisher still sees e.g. {@code assetName}; ours win on a clash.
 */
final class ResultRecords {

    /** Every fixed name a result record may carry (the output's names depend on output.property). */
    static final Set<String> NAMES = Set.of("task.id", "status", "score", "confidence", "node",
            "node.kind", "model", "queue.ms", "transfer.ms", "compute.ms", "total.ms", "latency.ms", "estimate.ms",
            "estimate.error.ms", "deadline.met", "degraded", "escalated", "failure.reason", "failure.message");

    private ResultRecords() {
    }

    /**
     * What of a received record is forwarded: everything but the input properties and the names a result record
     * uses, so an upstream component's result fields never pass for ours.
     */
    static Map<String, TypedValue<?>> forwardable(Map<String, TypedValue<?>> received,
            Collection<String> inputProperties, String outputProperty) {
        Map<String, TypedValue<?>> forwarded = new LinkedHashMap<>();
        received.forEach((name, value) -> {
            if (name != null && value != null && !inputProperties.contains(name) && !NAMES.contains(name)
                    && !name.equals(outputProperty) && !name.startsWith(outputProperty + ".")) {
                forwarded.put(name, value);
            }
        });
        return forwarded;
    }

    static WireRecord completed(String taskId, TaskResult result, double latencyMillis, double estimatedMillis,
            String outputProperty, Map<String, TypedValue<?>> forwarded) {
        Map<String, TypedValue<?>> properties = new LinkedHashMap<>(forwarded);
        properties.put("task.id", TypedValues.newStringValue(taskId));
        properties.put("status", TypedValues.newStringValue("COMPLETED"));
        float[] output = result.output();
        if (output.length == 1) {
            properties.put(outputProperty, TypedValues.newFloatValue(output[0]));
        } else {
            for (int k = 0; k < output.length; k++) {
                properties.put(outputProperty + "." + k, TypedValues.newFloatValue(output[k]));
            }
        }
        if (!Double.isNaN(result.score())) {
            properties.put("score", TypedValues.newDoubleValue(result.score()));
        }
        if (!Double.isNaN(result.confidence())) {
            properties.put("confidence", TypedValues.newDoubleValue(result.confidence()));
        }
        properties.put("node", TypedValues.newStringValue(result.nodeId()));
        properties.put("node.kind", TypedValues.newStringValue(result.nodeKind().name()));
        properties.put("model", TypedValues.newStringValue(result.model()));
        properties.put("queue.ms", TypedValues.newDoubleValue(result.queueMillis()));
        properties.put("transfer.ms", TypedValues.newDoubleValue(result.transferMillis()));
        properties.put("compute.ms", TypedValues.newDoubleValue(result.computeMillis()));
        properties.put("total.ms", TypedValues.newDoubleValue(result.totalMillis()));
        properties.put("latency.ms", TypedValues.newDoubleValue(latencyMillis));
        if (Double.isFinite(estimatedMillis)) {
            properties.put("estimate.ms", TypedValues.newDoubleValue(estimatedMillis));
            properties.put("estimate.error.ms", TypedValues.newDoubleValue(result.totalMillis() - estimatedMillis));
        }
        properties.put("deadline.met", TypedValues.newBooleanValue(result.deadlineMet()));
        properties.put("degraded", TypedValues.newBooleanValue(result.degraded()));
        properties.put("escalated", TypedValues.newBooleanValue(result.escalated()));
        return new WireRecord(properties);
    }

    /** The scheduler's refusal or the execution's failure ({@code error} may be wrapped in a CompletionException). */
    static WireRecord failed(String taskId, Throwable error, double latencyMillis,
            Map<String, TypedValue<?>> forwarded) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = cause instanceof TaskFailedException ? ((TaskFailedException) cause).reason().name()
                : "EXECUTION_FAILED";
        String message = cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
        return failure(taskId, reason, message, latencyMillis, forwarded);
    }

    /** A record that could not become a task: no task id, reason INVALID_INPUT, the message naming the property. */
    static WireRecord invalid(InvalidRecordException error, double latencyMillis,
            Map<String, TypedValue<?>> forwarded) {
        return failure(null, InvalidRecordException.REASON, error.getMessage(), latencyMillis, forwarded);
    }

    private static WireRecord failure(String taskId, String reason, String message, double latencyMillis,
            Map<String, TypedValue<?>> forwarded) {
        Map<String, TypedValue<?>> properties = new LinkedHashMap<>(forwarded);
        if (taskId != null) {
            properties.put("task.id", TypedValues.newStringValue(taskId));
        }
        properties.put("status", TypedValues.newStringValue("FAILED"));
        properties.put("failure.reason", TypedValues.newStringValue(reason));
        properties.put("failure.message", TypedValues.newStringValue(message));
        properties.put("latency.ms", TypedValues.newDoubleValue(latencyMillis));
        return new WireRecord(properties);
    }
}
