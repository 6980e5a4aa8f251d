package io.aiosedge.learning.internal;

import java.util.Set;
import java.util.function.DoubleSupplier;

import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.TaskCompletion;

/**
 * Decides which completed tasks become hard examples. Only tasks joint inference escalated qualify (the full
 * model's answer is the label); tasks with {@link Locality#EDGE_ONLY} never do, so their data stays on the
 * gateway. Then, in this order: the edge model must be one of the configured ones (all when none is named), the
 * edge confidence below {@code confidenceBelow}, the cross-entropy of the edge answer against the label at least
 * {@code minCrossEntropy}, a random draw below {@code sampleShare}, and the hourly quota not spent.
 */
final class HardExampleFilter {

    /** Why a completion was kept or not; counted per verdict. */
    enum Verdict {
        KEPT, NOT_ESCALATED, EDGE_ONLY, NO_INPUT, OTHER_MODEL, CONFIDENT, AGREES, NOT_SAMPLED, OVER_QUOTA
    }

    /**
     * @param confidenceBelow keep only answers whose edge confidence is below this (1 keeps every escalation)
     * @param minCrossEntropy keep only answers whose cross-entropy against the label is at least this, in nats
     *        (0 keeps all; outputs that are not probabilities pass)
     * @param sampleShare share of the remaining ones kept, at random
     * @param quotaPerHour most examples kept per hour (a bucket that refills evenly); 0 keeps none
     * @param edgeModels edge models whose answers are kept; empty = all
     */
    record Settings(double confidenceBelow, double minCrossEntropy, double sampleShare, int quotaPerHour,
            Set<String> edgeModels) {
        Settings {
            edgeModels = Set.copyOf(edgeModels);
        }
    }

    private static final double HOUR_MILLIS = 3_600_000.0;
    /** Probabilities are clamped to [EPSILON, 1 - EPSILON] so that a confident wrong answer costs ~ 16 nats. */
    private static final double EPSILON = 1e-7;

    private final DoubleSupplier random;
    private Settings settings;
    private double tokens;
    private long refilledAtMillis;

    HardExampleFilter(Settings settings, DoubleSupplier random, long nowMillis) {
        this.settings = settings;
        this.random = random;
        this.tokens = settings.quotaPerHour();
        this.refilledAtMillis = nowMillis;
    }

    synchronized void update(Settings newSettings) {
        tokens = Math.min(tokens, newSettings.quotaPerHour());
        settings = newSettings;
    }

    synchronized Settings settings() {
        return settings;
    }

    synchronized Verdict judge(TaskCompletion completion, long nowMillis) {
        if (completion.edgeResult() == null) {
            return Verdict.NOT_ESCALATED;
        }
        if (completion.task().locality() == Locality.EDGE_ONLY) {
            return Verdict.EDGE_ONLY;
        }
        if (completion.task().input() == null) {
            return Verdict.NO_INPUT;
        }
        if (!settings.edgeModels().isEmpty() && !settings.edgeModels().contains(completion.edgeResult().model())) {
            return Verdict.OTHER_MODEL;
        }
        double confidence = completion.edgeResult().confidence();
        if (!Double.isNaN(confidence) && confidence >= settings.confidenceBelow()) {
            return Verdict.CONFIDENT;
        }
        double crossEntropy = crossEntropy(completion.result().output(), completion.edgeResult().output());
        if (!Double.isNaN(crossEntropy) && crossEntropy < settings.minCrossEntropy()) {
            return Verdict.AGREES;
        }
        if (settings.sampleShare() < 1 && random.getAsDouble() >= settings.sampleShare()) {
            return Verdict.NOT_SAMPLED;
        }
        refill(nowMillis);
        if (tokens < 1) {
            return Verdict.OVER_QUOTA;
        }
        tokens--;
        return Verdict.KEPT;
    }

    private void refill(long nowMillis) {
        if (nowMillis > refilledAtMillis) {
            tokens = Math.min(settings.quotaPerHour(),
                    tokens + settings.quotaPerHour() * (nowMillis - refilledAtMillis) / HOUR_MILLIS);
            refilledAtMillis = nowMillis;
        }
    }

    /**
     * Cross-entropy of the predicted distribution against the label's, in nats: for one value each, both are
     * probabilities of the positive class (binary); for equally many values in [0, 1], class probabilities.
     * NaN when the outputs are not probabilities or their sizes differ.
     */
    static double crossEntropy(float[] label, float[] predicted) {
        if (label.length == 0 || label.length != predicted.length) {
            return Double.NaN;
        }
        for (int i = 0; i < label.length; i++) {
            if (!(label[i] >= 0f && label[i] <= 1f && predicted[i] >= 0f && predicted[i] <= 1f)) {
                return Double.NaN;
            }
        }
        if (label.length == 1) {
            double p = label[0];
            double q = clamp(predicted[0]);
            return -(p * Math.log(q) + (1 - p) * Math.log(1 - q));
        }
        double sum = 0;
        for (int i = 0; i < label.length; i++) {
            sum -= label[i] * Math.log(clamp(predicted[i]));
        }
        return sum;
    }

    private static double clamp(double p) {
        return Math.max(EPSILON, Math.min(1 - EPSILON, p));
    }
}
