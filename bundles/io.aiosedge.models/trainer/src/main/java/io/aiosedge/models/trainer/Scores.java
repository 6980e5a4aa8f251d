package io.aiosedge.models.trainer;

/**
 * Precision, recall, F1 and accuracy of probabilities against labels at a threshold.
 *
 * @param truePositives anomalous windows flagged
 * @param falsePositives normal windows flagged
 * @param falseNegatives anomalous windows missed
 * @param trueNegatives normal windows not flagged
 */
record Scores(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {

    static Scores of(float[] probabilities, int[] labels, float threshold) {
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
        return new Scores(tp, fp, fn, tn);
    }

    double precision() {
        return this.truePositives + this.falsePositives == 0 ? 0
                : this.truePositives / (double) (this.truePositives + this.falsePositives);
    }

    double recall() {
        return this.truePositives + this.falseNegatives == 0 ? 0
                : this.truePositives / (double) (this.truePositives + this.falseNegatives);
    }

    double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    double accuracy() {
        int total = this.truePositives + this.falsePositives + this.falseNegatives + this.trueNegatives;
        return total == 0 ? 0 : (this.truePositives + this.trueNegatives) / (double) total;
    }
}
