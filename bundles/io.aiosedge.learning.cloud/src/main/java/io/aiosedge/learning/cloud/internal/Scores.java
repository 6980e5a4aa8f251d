package io.aiosedge.learning.cloud.internal;

/**
 * Validation F1 of one model version on the held-out set, by part: old-condition data, the held-out slice of the
 * gateways' new examples, and both together. A part without windows scores {@code NaN}.
 *
 * @param old F1 on the old-condition windows
 * @param fresh F1 on the held-out new examples
 * @param overall F1 on both together
 * @param oldWindows windows in the old part
 * @param freshWindows windows in the new part
 */
record Scores(double old, double fresh, double overall, int oldWindows, int freshWindows) {

    static String format(double f1) {
        return Double.isNaN(f1) ? "-" : String.format(java.util.Locale.ROOT, "%.3f", f1);
    }

    @Override
    public String toString() {
        return "F1 old " + format(old) + " (" + oldWindows + "), new " + format(fresh) + " (" + freshWindows
                + "), overall " + format(overall);
    }
}
