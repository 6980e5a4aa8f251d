package io.aiosedge.driver.simulated.signal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Windows of consecutive samples with one label each, as primitive arrays ready for a trainer. The arrays
 * are handed over as they are, not copied: the caller owns them.
 */
@ProviderType
public final class LabelledWindows {

    /** Label of a window the labelling rule calls normal. */
    public static final int NORMAL = 0;
    /** Label of a window the labelling rule calls anomalous. */
    public static final int ANOMALOUS = 1;
    /** Entry of {@link #anomalyKinds()} for a normal window. */
    public static final int NO_ANOMALY = -1;

    private final float[][] windows;
    private final int[] labels;
    private final int[] anomalyKinds;
    private final long[] windowStartsMs;
    private final long samplePeriodMs;

    LabelledWindows(float[][] windows, int[] labels, int[] anomalyKinds, long[] windowStartsMs, long samplePeriodMs) {
        this.windows = windows;
        this.labels = labels;
        this.anomalyKinds = anomalyKinds;
        this.windowStartsMs = windowStartsMs;
        this.samplePeriodMs = samplePeriodMs;
    }

    /** @return the number of windows */
    public int count() {
        return this.labels.length;
    }

    /**
     * @return {@code windows()[i][j]} is sample j of window i, taken at
     *     {@code windowStartsMs()[i] + j × samplePeriodMs()}
     */
    public float[][] windows() {
        return this.windows;
    }

    /** @return {@code labels()[i]} is {@link #NORMAL} or {@link #ANOMALOUS} for window i */
    public int[] labels() {
        return this.labels;
    }

    /**
     * @return for each window the {@link AnomalyKind#ordinal()} of the first anomaly among its samples when it
     *     is labelled anomalous, else {@link #NO_ANOMALY}: lets an evaluation score each kind on its own
     */
    public int[] anomalyKinds() {
        return this.anomalyKinds;
    }

    /** @return the time of each window's first sample, ms since the epoch */
    public long[] windowStartsMs() {
        return this.windowStartsMs;
    }

    /** @return the time between two samples of a window, ms */
    public long samplePeriodMs() {
        return this.samplePeriodMs;
    }

    /** @return how many windows are labelled {@link #ANOMALOUS} */
    public int anomalousCount() {
        int anomalous = 0;
        for (int label : this.labels) {
            anomalous += label;
        }
        return anomalous;
    }
}
