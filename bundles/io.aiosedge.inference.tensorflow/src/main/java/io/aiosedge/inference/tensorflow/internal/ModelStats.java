package io.aiosedge.inference.tensorflow.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.aiosedge.api.inference.ModelStatistics;

/**
 * Lock-free counters and a latency histogram of one model name. Latencies go into log-linear buckets
 * (exact below 32 µs, then 16 buckets per power of two, so a percentile is within about 4 % of the truth)
 * up to about 1 hour; recording is two atomic increments, cheap enough for the fast path.
 */
final class ModelStats {

    private static final int LINEAR = 32;
    private static final int SUB_BUCKETS = 16;
    private static final int LOG2_SUB_BUCKETS = 4;
    /** Powers of two from 2^5 µs to 2^32 µs (about 71 minutes). */
    private static final int OCTAVES = 28;
    private static final int BUCKETS = LINEAR + OCTAVES * SUB_BUCKETS;

    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);

    /** Records a successful request that took {@code nanos} ns from arrival to answer. */
    void success(long nanos) {
        this.calls.increment();
        this.histogram.incrementAndGet(bucket(Math.max(0, nanos / 1000)));
    }

    /** Records a failed request. */
    void error() {
        this.errors.increment();
    }

    /** Records one TensorFlow session run (serving one request or a batch). */
    void run() {
        this.batches.increment();
    }

    /**
     * @param model the model name
     * @param version the version serving now
     * @return an immutable snapshot
     */
    ModelStatistics snapshot(String model, String version) {
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = this.histogram.get(i);
            total += counts[i];
        }
        return new ModelStatistics(model, version, this.calls.sum(), this.errors.sum(), this.batches.sum(),
                percentile(counts, total, 0.50), percentile(counts, total, 0.95), percentile(counts, total, 0.99));
    }

    static int bucket(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(micros);
        int octave = log2 - 5;
        if (octave >= OCTAVES) {
            return BUCKETS - 1;
        }
        int sub = (int) ((micros >>> (log2 - LOG2_SUB_BUCKETS)) & (SUB_BUCKETS - 1));
        return LINEAR + octave * SUB_BUCKETS + sub;
    }

    /** @return the middle of a bucket's range, µs */
    static double value(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int octave = (bucket - LINEAR) / SUB_BUCKETS;
        int sub = (bucket - LINEAR) % SUB_BUCKETS;
        double low = Math.scalb(1.0, octave + 5) * (1.0 + sub / (double) SUB_BUCKETS);
        double width = Math.scalb(1.0, octave + 5) / SUB_BUCKETS;
        return low + width / 2;
    }

    private static double percentile(long[] counts, long total, double quantile) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return value(i);
            }
        }
        return value(counts.length - 1);
    }
}
