package io.aiosedge.health.internal;

import java.util.Locale;

import org.apache.felix.hc.api.Result;

/**
 * A pair of limits on one figure, immutable: at or beyond {@code warn} the figure is WARN, at or beyond
 * {@code critical} it is CRITICAL. For a figure where more is worse (a queue, an age, a rate) the critical limit
 * lies above the warning limit; where less is worse (free space) below it.
 *
 * @param figure what is measured, as the messages and the refusals name it (the property name's stem)
 * @param warn the warning limit, in the figure's unit
 * @param critical the critical limit, in the figure's unit
 * @param lowerIsWorse whether a smaller figure is the worse one
 */
record Threshold(String figure, double warn, double critical, boolean lowerIsWorse) {

    Threshold {
        if (!Double.isFinite(warn) || !Double.isFinite(critical)) {
            throw new IllegalArgumentException(figure + ": limits must be numbers, got warn " + warn + ", critical "
                    + critical);
        }
        if (lowerIsWorse ? critical > warn : critical < warn) {
            throw new IllegalArgumentException(figure + ": the critical limit (" + format(critical)
                    + ") must be " + (lowerIsWorse ? "at most" : "at least") + " the warning limit (" + format(warn)
                    + ")");
        }
    }

    /** A pair where more is worse. */
    static Threshold above(String figure, double warn, double critical) {
        return new Threshold(figure, warn, critical, false);
    }

    /** A pair where less is worse. */
    static Threshold below(String figure, double warn, double critical) {
        return new Threshold(figure, warn, critical, true);
    }

    /** The status of {@code value}: OK, WARN or CRITICAL. */
    Result.Status judge(double value) {
        if (lowerIsWorse ? value <= critical : value >= critical) {
            return Result.Status.CRITICAL;
        }
        if (lowerIsWorse ? value <= warn : value >= warn) {
            return Result.Status.WARN;
        }
        return Result.Status.OK;
    }

    /** The limit that {@code status} was judged by, for messages ("critical from 300", "warning at or below 10"). */
    String limitOf(Result.Status status) {
        boolean critical = status == Result.Status.CRITICAL;
        return (critical ? "critical " : "warning ") + (lowerIsWorse ? "at or below " : "from ")
                + format(critical ? this.critical : warn);
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    /** Fails with a message naming {@code property} unless {@code value} lies in [min, max]. */
    static double checkRange(String property, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(property + " must be from " + format(min) + " to " + format(max)
                    + ", got " + value);
        }
        return value;
    }

    /** Fails with a message naming {@code property} unless {@code value} lies in [min, max]. */
    static long checkRange(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}
