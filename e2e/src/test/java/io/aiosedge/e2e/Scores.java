package io.aiosedge.e2e;

import java.util.List;
import java.util.Locale;

/** Precision, recall, F1 and accuracy of answers (threshold 0.5) against labels. */
record Scores(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    static Scores of(List<Outcome> outcomes) {
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (Outcome o : outcomes) {
            int p = o.predicted();
            if (p == 1 && o.label() == 1) {
                tp++;
            } else if (p == 1) {
                fp++;
            } else if (o.label() == 0) {
                tn++;
            } else {
                fn++;
            }
        }
        return new Scores(tp, fp, tn, fn);
    }

    double precision() {
        return truePositives + falsePositives == 0 ? 0 : (double) truePositives / (truePositives + falsePositives);
    }

    double recall() {
        return truePositives + falseNegatives == 0 ? 0 : (double) truePositives / (truePositives + falseNegatives);
    }

    double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    double accuracy() {
        int all = truePositives + falsePositives + trueNegatives + falseNegatives;
        return all == 0 ? 0 : (double) (truePositives + trueNegatives) / all;
    }

    String row(String name, String cloudShare) {
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %s |", name, precision(), recall(), f1(),
                accuracy(), cloudShare);
    }
}
