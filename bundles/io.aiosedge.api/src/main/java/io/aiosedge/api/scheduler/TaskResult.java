package io.aiosedge.api.scheduler;

import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outcome of a task that ran, immutable.
 *
 * @param taskId the task's id
 * @param nodeId id of the node that produced the result
 * @param nodeKind the tier of that node
 * @param model the model that produced the result (the edge model when degraded)
 * @param output the output tensor's values (row-major)
 * @param queueMillis time from submission to the start of execution, in ms
 * @param transferMillis time spent moving input and output over the network, in ms (0 on the gateway)
 * @param computeMillis time the node spent computing, in ms (as the node reported it)
 * @param completedAtMillis wall-clock completion time, ms since the epoch
 * @param deadlineMet whether it completed at or before the task's deadline
 * @param score the model's primary output (the first output value), {@code NaN} when there is none
 * @param confidence the model's confidence in [0, 1] (see {@link #confidenceOf(float[])}), {@code NaN}
 *        when the output does not express one
 * @param degraded whether the edge model ran instead of the requested model (admission degraded it)
 * @param escalated whether the edge model's answer was not confident enough and the full model ran too
 *        (joint inference); the result is then the full model's
 * @param attributes small string attributes from the executor (never null)
 */
@ProviderType
public record TaskResult(String taskId, String nodeId, NodeKind nodeKind, String model, float[] output,
        double queueMillis, double transferMillis, double computeMillis, long completedAtMillis,
        boolean deadlineMet, double score, double confidence, boolean degraded, boolean escalated,
        Map<String, String> attributes) {

    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(nodeKind, "nodeKind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(output, "output");
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** Queue, transfer and compute time together, in ms. */
    public double totalMillis() {
        return queueMillis + transferMillis + computeMillis;
    }

    /**
     * The confidence a model's output expresses: for one value in [0, 1] (a binary probability p) it is
     * {@code max(p, 1 - p)}; for several values in [0, 1] (class probabilities) it is the largest; otherwise
     * (scores, reconstructions) {@code NaN}.
     */
    public static double confidenceOf(float[] output) {
        if (output.length == 0) {
            return Double.NaN;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float value : output) {
            if (!(value >= 0f && value <= 1f)) {
                return Double.NaN;
            }
            max = Math.max(max, value);
        }
        return output.length == 1 ? Math.max(max, 1 - max) : max;
    }
}
