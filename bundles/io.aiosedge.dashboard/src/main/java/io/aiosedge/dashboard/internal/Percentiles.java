package io.aiosedge.dashboard.internal;

import java.util.Arrays;

/**
 * Percentiles by the nearest-rank method: the q-th percentile of n values is the smallest value such that at least
 * q % of the values are at or below it (the value of rank ⌈q/100 · n⌉ in ascending order). It is always one of the
 * measured values, so a p95 on the page is a completion time that happened, never an interpolation between two.
 */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * The {@code percentile}-th percentile of {@code values} (not modified); {@code NaN} when there are none.
     *
     * @param percentile in (0, 100]
     * @throws IllegalArgumentException when {@code percentile} is outside (0, 100] or a value is NaN
     */
    static double of(double[] values, int count, double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        if (count < 0 || count > values.length) {
            throw new IllegalArgumentException("count must be 0.." + values.length + ": " + count);
        }
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, count);
        for (double value : sorted) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a percentile of NaN is undefined: " + Arrays.toString(sorted));
            }
        }
        Arrays.sort(sorted);
        return atRank(sorted, percentile);
    }

    /** As {@link #of(double[], int, double)} on values already sorted ascending. */
    static double atRank(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        // percentile · n first: exact for whole percentiles, so ⌈95 · 20 / 100⌉ is 19, not 20 by a rounding error.
        int rank = (int) Math.ceil(percentile * sorted.length / 100.0);
        return sorted[Math.max(1, rank) - 1];
    }
}
