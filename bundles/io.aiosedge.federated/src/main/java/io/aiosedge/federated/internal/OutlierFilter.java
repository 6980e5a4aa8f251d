package io.aiosedge.federated.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses updates whose norm is far out of the round's distribution: above {@code factor} times the median norm of
 * the round's updates (a broken or hostile gateway's delta is typically orders of magnitude longer). With fewer than
 * {@value #MIN_UPDATES} updates a median says little, so none is refused on this ground.
 */
public final class OutlierFilter {

    /** Fewest updates in a round for the median rule to apply. */
    public static final int MIN_UPDATES = 3;

    private final double factor;

    /**
     * @param factor how many times the median norm an update may reach (finite, ≥ 1)
     * @throws IllegalArgumentException naming the factor when it is not
     */
    public OutlierFilter(double factor) {
        if (!(factor >= 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("out-of-distribution factor must be a finite number >= 1, not " + factor);
        }
        this.factor = factor;
    }

    public double factor() {
        return factor;
    }

    /** @return the median of the norms (mean of the two middle ones for an even count) */
    public static double median(double[] norms) {
        if (norms.length == 0) {
            throw new IllegalArgumentException("no norms");
        }
        double[] sorted = norms.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** @return the indices of the norms refused, ascending */
    public List<Integer> refused(double[] norms) {
        List<Integer> out = new ArrayList<>();
        if (norms.length < MIN_UPDATES) {
            return out;
        }
        double limit = factor * median(norms);
        for (int i = 0; i < norms.length; i++) {
            if (norms[i] > limit) {
                out.add(i);
            }
        }
        return out;
    }
}
