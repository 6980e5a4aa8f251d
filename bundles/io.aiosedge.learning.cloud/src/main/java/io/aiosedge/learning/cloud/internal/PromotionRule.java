package io.aiosedge.learning.cloud.internal;

/**
 * When a fine-tuned version replaces the deployed one. Both are scored on the same held-out set (old-condition
 * windows plus the held-out slice of the new examples); the candidate is promoted only when its overall F1 is at
 * least {@code margin} above the deployed version's, and its F1 on the old conditions has not fallen by more than
 * {@code maxOldDrop} (forgetting the old machine is not bought with the new one).
 *
 * @param margin how much higher the candidate's overall F1 must be, 0..1
 * @param maxOldDrop how far its old-condition F1 may fall below the deployed one's, 0..1
 */
record PromotionRule(double margin, double maxOldDrop) {

    /**
     * @param promote whether the candidate is promoted
     * @param reason why, with the figures
     */
    record Decision(boolean promote, String reason) {
    }

    PromotionRule {
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("promote.margin must be within 0..1: " + margin);
        }
        if (!(maxOldDrop >= 0 && maxOldDrop <= 1)) {
            throw new IllegalArgumentException("max.old.f1.drop must be within 0..1: " + maxOldDrop);
        }
    }

    Decision decide(Scores candidate, Scores deployed) {
        if (Double.isNaN(candidate.overall())) {
            return new Decision(false, "no validation windows (F1 undefined)");
        }
        double base = Double.isNaN(deployed.overall()) ? 0 : deployed.overall();
        double gain = candidate.overall() - base;
        if (gain < margin) {
            return new Decision(false, String.format(java.util.Locale.ROOT,
                    "overall F1 %.3f vs deployed %.3f: gain %+.3f is below the margin %.3f", candidate.overall(), base,
                    gain, margin));
        }
        if (!Double.isNaN(candidate.old()) && !Double.isNaN(deployed.old())
                && deployed.old() - candidate.old() > maxOldDrop) {
            return new Decision(false, String.format(java.util.Locale.ROOT,
                    "old-condition F1 fell from %.3f to %.3f, more than max.old.f1.drop %.3f", deployed.old(),
                    candidate.old(), maxOldDrop));
        }
        return new Decision(true, String.format(java.util.Locale.ROOT,
                "overall F1 %.3f vs deployed %.3f: gain %+.3f >= margin %.3f", candidate.overall(), base, gain,
                margin));
    }
}
