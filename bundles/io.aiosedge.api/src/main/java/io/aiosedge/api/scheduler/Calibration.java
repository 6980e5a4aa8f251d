package io.aiosedge.api.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How well the cost model predicts one (task kind, node) pair, per component of the completion time, immutable.
 * Errors are {@code actual − estimate} of finished tasks, exponentially weighted; a positive mean error means the
 * model is optimistic.
 *
 * @param kind the task kind (suffixed {@code @model} when the edge model ran)
 * @param nodeId the node
 * @param samples tasks learned from (completed and failed)
 * @param computeFactor learned factor on the compute prior as used now (after fading toward 1)
 * @param networkFactor learned factor on the network estimate as used now (after fading toward 1); 1 on the
 *        gateway
 * @param waitErrorMillis mean error of the predicted wait for a slot, in ms
 * @param waitAbsErrorMillis mean absolute error of the predicted wait, in ms
 * @param networkErrorMillis mean error of the predicted transfers (both directions and round trips), in ms
 * @param networkAbsErrorMillis mean absolute error of the predicted transfers, in ms
 * @param computeErrorMillis mean error of the predicted compute time, in ms
 * @param computeAbsErrorMillis mean absolute error of the predicted compute time, in ms
 * @param failureRate share of runs on this node that failed or timed out, exponentially weighted, in [0, 1]
 * @param lastObservedMillis when the pair was last observed, ms since the epoch
 */
@ProviderType
public record Calibration(String kind, String nodeId, long samples, double computeFactor, double networkFactor,
        double waitErrorMillis, double waitAbsErrorMillis, double networkErrorMillis, double networkAbsErrorMillis,
        double computeErrorMillis, double computeAbsErrorMillis, double failureRate, long lastObservedMillis) {
}
