package io.aiosedge.api.inference;

/**
 * Per-model counters and latency percentiles, immutable snapshot.
 *
 * @param model model name
 * @param version model version (from its bundle or load request), may be empty
 * @param calls requests answered successfully
 * @param errors requests that failed (validation or execution)
 * @param batches TensorFlow session runs (fewer than calls when batching coalesced requests)
 * @param p50Micros median request latency in microseconds
 * @param p95Micros 95th percentile request latency in microseconds
 * @param p99Micros 99th percentile request latency in microseconds
 */
public record ModelStatistics(String model, String version, long calls, long errors, long batches,
        double p50Micros, double p95Micros, double p99Micros) {
}
