package io.aiosedge.learning.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.eclipse.kura.cloudconnection.message.KuraMessage;

import io.aiosedge.api.scheduler.TaskCompletion;

/**
 * The gateway side of the learning loop as the drift benchmark runs it: the collector's filter
 * ({@link HardExampleFilter}) judges every completed task, kept ones become {@link HardExample}s and leave in batches
 * in the collector's upload format ({@link HardExampleMessages}). What the collector adds around this (the durable
 * store, the publisher, the timer) is not on the benchmark's path; the benchmark hands a full batch to the trainer
 * directly, as the broker would.
 */
public final class DriftGateway {

    private final HardExampleFilter filter;
    private final int batchSize;
    private final List<HardExample> pending = new ArrayList<>();
    private final Map<HardExampleFilter.Verdict, Integer> verdicts = new EnumMap<>(HardExampleFilter.Verdict.class);

    /**
     * @param confidenceBelow {@code confidence.below}
     * @param minCrossEntropy {@code min.cross.entropy}, nats
     * @param sampleShare {@code sample.share}
     * @param quotaPerHour {@code quota.per.hour}
     * @param batchSize {@code upload.batch.size}
     * @param seed seed of the sampling draws
     * @param startMillis the quota bucket's start
     */
    public DriftGateway(double confidenceBelow, double minCrossEntropy, double sampleShare, int quotaPerHour,
            int batchSize, long seed, long startMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        this.filter = new HardExampleFilter(new HardExampleFilter.Settings(confidenceBelow, minCrossEntropy,
                sampleShare, quotaPerHour, Set.of()), random::nextDouble, startMillis);
        this.batchSize = batchSize;
    }

    /**
     * Judges one completed task; a kept one is queued for upload.
     *
     * @return whether it became a hard example
     */
    public boolean complete(TaskCompletion completion, long nowMillis) {
        HardExampleFilter.Verdict verdict = filter.judge(completion, nowMillis);
        verdicts.merge(verdict, 1, Integer::sum);
        if (verdict == HardExampleFilter.Verdict.KEPT) {
            pending.add(HardExample.of(completion));
            return true;
        }
        return false;
    }

    /** @return an upload of {@code upload.batch.size} examples when that many wait, else null */
    public KuraMessage nextUpload() {
        if (pending.size() < batchSize) {
            return null;
        }
        List<HardExample> batch = new ArrayList<>(pending.subList(0, batchSize));
        pending.subList(0, batchSize).clear();
        return HardExampleMessages.message(batch);
    }

    /** @return completions per verdict, e.g. {@code {KEPT=812, NOT_ESCALATED=9000}} */
    public String verdicts() {
        return verdicts.toString();
    }
}
