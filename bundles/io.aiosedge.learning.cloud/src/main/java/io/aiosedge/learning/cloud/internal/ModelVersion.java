package io.aiosedge.learning.cloud.internal;

/**
 * One version of the edge model the trainer made (or started from), with its validation scores.
 *
 * @param number 0 for the initial model, then 1, 2, …
 * @param timeMillis when it was made, ms since the epoch
 * @param freshExamples new examples it was trained on
 * @param replayedExamples replayed examples it was trained on
 * @param scores its validation F1 (old, new, overall) on the held-out set of its run
 * @param deployedScores the deployed version's F1 on the same set, the figures it was compared with
 * @param promoted whether the promotion rule (or an operator) promoted it
 * @param reason the rule's reason, or who promoted it
 * @param throughSequence the buffer's last example sequence when it was made: the examples up to it are learned once
 *        this version is deployed (the next run's new examples are those after it)
 */
record ModelVersion(int number, long timeMillis, int freshExamples, int replayedExamples, Scores scores,
        Scores deployedScores, boolean promoted, String reason, long throughSequence) {

    /** @return the version string the gateways' engines report, e.g. {@code v3} */
    String name() {
        return "v" + number;
    }

    ModelVersion promotedBy(String why) {
        return new ModelVersion(number, timeMillis, freshExamples, replayedExamples, scores, deployedScores, true, why,
                throughSequence);
    }

    /** One line of {@code versions.tsv}. */
    String line() {
        return String.join("\t", Integer.toString(number), Long.toString(timeMillis), Integer.toString(freshExamples),
                Integer.toString(replayedExamples), scores(scores), scores(deployedScores), Boolean.toString(promoted),
                reason.replace('\t', ' ').replace('\n', ' '), Long.toString(throughSequence));
    }

    static ModelVersion parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 9) {
            throw new IllegalArgumentException("a version line needs 9 tab-separated fields, has " + f.length);
        }
        return new ModelVersion(Integer.parseInt(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), scores(f[4]), scores(f[5]), Boolean.parseBoolean(f[6]), f[7],
                Long.parseLong(f[8]));
    }

    private static String scores(Scores s) {
        return s.old() + "," + s.fresh() + "," + s.overall() + "," + s.oldWindows() + "," + s.freshWindows();
    }

    private static Scores scores(String text) {
        String[] v = text.split(",");
        if (v.length != 5) {
            throw new IllegalArgumentException("scores need 5 comma-separated values: " + text);
        }
        return new Scores(Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
                Integer.parseInt(v[3]), Integer.parseInt(v[4]));
    }
}
