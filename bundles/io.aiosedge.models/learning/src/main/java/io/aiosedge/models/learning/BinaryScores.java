package io.aiosedge.models.learning;

import java.util.Locale;

/**
 * Precision, recall, F1 and accuracy of anomaly probabilities against 0/1 labels at a threshold.
 *
 * @param truePositives anomalous windows flagged
 * @param falsePositives normal windows flagged
 * @param falseNegatives anomalous windows missed
 * @param trueNegatives normal windows not flagged
 */
public record BinaryScores(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {

    /**
     * @param probabilities one per window
     * @param labels 0 or 1 per window
     * @param threshold a window is flagged when its probability is at least this
     * @return the scores
     */
    public static BinaryScores of(float[] probabilities, int[] labels, float threshold) {
        if (probabilities == null || labels == null || probabilities.length != labels.length) {
            throw new IllegalArgumentException("scores need one probability per label");
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean flagged = probabilities[i] >= threshold;
            if (labels[i] == 1) {
                tp += flagged ? 1 : 0;
                fn += flagged ? 0 : 1;
            } else {
                fp += flagged ? 1 : 0;
                tn += flagged ? 0 : 1;
            }
        }
        return new BinaryScores(tp, fp, fn, tn);
    }

    /** @return TP / (TP + FP), 0 when nothing was flagged */
    public double precision() {
        return this.truePositives + this.falsePositives == 0 ? 0
                : this.truePositives / (double) (this.truePositives + this.falsePositives);
    }

    /** @return TP / (TP + FN), 0 without anomalous windows */
    public double recall() {
        return this.truePositives + this.falseNegatives == 0 ? 0
                : this.truePositives / (double) (this.truePositives + this.falseNegatives);
    }

    /** @return harmonic mean of precision and recall */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** @return share of windows classified right */
    public double accuracy() {
        int total = this.truePositives + this.falsePositives + this.falseNegatives + this.trueNegatives;
        return total == 0 ? 0 : (this.truePositives + this.trueNegatives) / (double) total;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "precision %.3f recall %.3f F1 %.3f accuracy %.3f", precision(), recall(),
                f1(), accuracy());
    }
}
