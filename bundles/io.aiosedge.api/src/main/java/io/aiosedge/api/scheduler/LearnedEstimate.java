package io.aiosedge.api.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the cost model has learned about one (task kind, node) pair, immutable.
 *
 * @param kind the task kind
 * @param nodeId the node
 * @param samples completed tasks learned from
 * @param meanComputeMillis exponentially weighted mean compute time, in ms
 * @param stddevComputeMillis exponentially weighted standard deviation of the compute time, in ms
 * @param meanOverheadMillis exponentially weighted mean of what the network model did not explain (broker and
 *        worker queueing, serialisation), in ms; 0 on the gateway
 */
@ProviderType
public record LearnedEstimate(String kind, String nodeId, long samples, double meanComputeMillis,
        double stddevComputeMillis, double meanOverheadMillis) {
}
