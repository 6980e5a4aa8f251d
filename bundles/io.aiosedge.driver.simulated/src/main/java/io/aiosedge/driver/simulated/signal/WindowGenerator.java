package io.aiosedge.driver.simulated.signal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Cuts a simulated signal into labelled windows for training and evaluating anomaly detectors.
 *
 * <p><b>Labelling rule.</b> A window is {@link LabelledWindows#ANOMALOUS} when at least
 * {@code minAnomalousSamples} of its samples lie inside an injected anomaly (see
 * {@link SignalGenerator#isAnomalous(long)}), else {@link LabelledWindows#NORMAL}. With the default of 1, a
 * window that merely touches an anomaly counts; a spike shorter than the sample period may fall between
 * samples and then leaves no trace and no label.
 *
 * <p><b>Ratio.</b> {@link Balance#NATURAL}: consecutive, non-overlapping windows from {@code startMs}, so the
 * share of anomalous windows is what the spec produces. {@link Balance#BALANCED}: half the windows (rounded
 * down) anomalous, one per anomaly from {@code startMs} on, each placed at a random offset so that it holds
 * anomalous samples; the rest normal, at random starts over the same stretch of time; then shuffled.
 *
 * <p>The result depends only on the components: the spec's seed fixes the signal, {@code seed} the
 * placement and order of balanced windows.
 *
 * @param spec the signal
 * @param windowLength samples per window, at least 1
 * @param samplePeriodMs time between two samples of a window in ms, at least 1
 * @param balance natural or balanced ratio
 * @param startMs where the windows start (natural) or the search starts (balanced), ms since the epoch
 * @param seed seed of the placement and order of balanced windows
 * @param minAnomalousSamples samples inside an anomaly that make a window anomalous, 1 to windowLength
 */
@ProviderType
public record WindowGenerator(SignalSpec spec, int windowLength, long samplePeriodMs, Balance balance, long startMs,
        long seed, int minAnomalousSamples) {

    /** Which share of the windows is anomalous. */
    public enum Balance {
        /** Whatever share the spec's anomaly rate gives. */
        NATURAL,
        /** Half anomalous (rounded down), half normal. */
        BALANCED
    }

    /** How far a balanced search looks for anomalies before giving up: 10 million slots. */
    private static final long MAX_SLOTS_SEARCHED = 10_000_000L;
    /** Tries to place a window over one anomaly so that it meets the labelling rule. */
    private static final int PLACEMENT_TRIES = 8;

    /** Validates every component. */
    public WindowGenerator {
        if (spec == null) {
            throw new InvalidSignalSpecException("spec", null, "must not be null");
        }
        if (windowLength < 1) {
            throw new InvalidSignalSpecException("windowLength", windowLength, "must be at least 1");
        }
        if (samplePeriodMs < 1) {
            throw new InvalidSignalSpecException("samplePeriodMs", samplePeriodMs, "must be at least 1 ms");
        }
        if (balance == null) {
            throw new InvalidSignalSpecException("balance", null, "must not be null");
        }
        if (minAnomalousSamples < 1 || minAnomalousSamples > windowLength) {
            throw new InvalidSignalSpecException("minAnomalousSamples", minAnomalousSamples,
                    "must be between 1 and windowLength (" + windowLength + ")");
        }
    }

    /**
     * Natural ratio from the epoch, placement seed 0, one anomalous sample makes an anomalous window.
     *
     * @param spec the signal
     * @param windowLength samples per window
     * @param samplePeriodMs time between samples, ms
     * @return the generator
     */
    public static WindowGenerator of(SignalSpec spec, int windowLength, long samplePeriodMs) {
        return new WindowGenerator(spec, windowLength, samplePeriodMs, Balance.NATURAL, 0L, 0L, 1);
    }

    /**
     * @param newBalance the ratio
     * @return a copy with that ratio
     */
    public WindowGenerator withBalance(Balance newBalance) {
        return new WindowGenerator(this.spec, this.windowLength, this.samplePeriodMs, newBalance, this.startMs,
                this.seed, this.minAnomalousSamples);
    }

    /**
     * @param newStartMs ms since the epoch
     * @return a copy starting there
     */
    public WindowGenerator withStartMs(long newStartMs) {
        return new WindowGenerator(this.spec, this.windowLength, this.samplePeriodMs, this.balance, newStartMs,
                this.seed, this.minAnomalousSamples);
    }

    /**
     * @param newSeed the placement seed
     * @return a copy with that seed
     */
    public WindowGenerator withSeed(long newSeed) {
        return new WindowGenerator(this.spec, this.windowLength, this.samplePeriodMs, this.balance, this.startMs,
                newSeed, this.minAnomalousSamples);
    }

    /**
     * @param samples the labelling threshold
     * @return a copy with that threshold
     */
    public WindowGenerator withMinAnomalousSamples(int samples) {
        return new WindowGenerator(this.spec, this.windowLength, this.samplePeriodMs, this.balance, this.startMs,
                this.seed, samples);
    }

    /** @return the time from a window's first sample to its last, ms */
    public long windowSpanMs() {
        return (this.windowLength - 1) * this.samplePeriodMs;
    }

    /**
     * @param count how many windows, at least 0
     * @return the windows with their labels
     * @throws InvalidSignalSpecException if {@code count} is negative, or balanced windows are asked of a spec
     *     without anomalies
     * @throws IllegalStateException if a balanced set cannot be found within 10 million anomaly slots (too
     *     rare anomalies or a threshold their durations cannot reach) or normal windows are too rare
     */
    public LabelledWindows generate(int count) {
        if (count < 0) {
            throw new InvalidSignalSpecException("count", count, "must be at least 0");
        }
        SignalGenerator generator = new SignalGenerator(this.spec);
        long[] starts = this.balance == Balance.NATURAL ? naturalStarts(count) : balancedStarts(generator, count);
        float[][] windows = new float[count][this.windowLength];
        int[] labels = new int[count];
        int[] kinds = new int[count];
        for (int i = 0; i < count; i++) {
            kinds[i] = fill(generator, starts[i], windows[i]);
            labels[i] = kinds[i] == LabelledWindows.NO_ANOMALY ? LabelledWindows.NORMAL : LabelledWindows.ANOMALOUS;
        }
        return new LabelledWindows(windows, labels, kinds, starts, this.samplePeriodMs);
    }

    private long[] naturalStarts(int count) {
        long stride = this.windowLength * this.samplePeriodMs;
        long[] starts = new long[count];
        for (int i = 0; i < count; i++) {
            starts[i] = this.startMs + i * stride;
        }
        return starts;
    }

    private long[] balancedStarts(SignalGenerator generator, int count) {
        if (!this.spec.hasAnomalies()) {
            throw new InvalidSignalSpecException("spec.anomalyRatePerHour", this.spec.anomalyRatePerHour(),
                    "balanced windows need anomalies: must be above 0");
        }
        int anomalousWanted = count / 2;
        long[] starts = new long[count];
        long draw = 0;
        int found = 0;
        long firstSlot = Math.floorDiv(this.startMs, generator.anomalySlotMs());
        long slot = firstSlot;
        while (found < anomalousWanted) {
            if (slot - firstSlot >= MAX_SLOTS_SEARCHED) {
                throw new IllegalStateException("found only " + found + " of " + anomalousWanted
                        + " anomalous windows in " + MAX_SLOTS_SEARCHED + " anomaly slots of "
                        + generator.anomalySlotMs() + " ms; raise anomalyRatePerHour or lower minAnomalousSamples ("
                        + this.minAnomalousSamples + ")");
            }
            Anomaly anomaly = generator.anomalyInSlot(slot++);
            if (anomaly == null) {
                continue;
            }
            for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
                // Put one sample at a random point inside the anomaly and the window at a random offset
                // around it, so even anomalies shorter than the sample period get sampled.
                long inside = anomaly.startMs() + (long) (uniform(draw++) * anomaly.durationMs());
                long sampleIndex = (long) (uniform(draw++) * this.windowLength);
                long start = inside - sampleIndex * this.samplePeriodMs;
                if (anomalousSamples(generator, start) >= this.minAnomalousSamples) {
                    starts[found++] = start;
                    break;
                }
            }
        }
        long searchedEnd = slot * generator.anomalySlotMs();
        long horizonMs = Math.max(searchedEnd - this.startMs, (long) count * this.windowLength * this.samplePeriodMs);
        long maxDraws = 1000L + 100L * count;
        long normalDraws = 0;
        for (int normal = anomalousWanted; normal < count; normalDraws++) {
            if (normalDraws > maxDraws) {
                throw new IllegalStateException("found only " + (normal - anomalousWanted) + " of "
                        + (count - anomalousWanted) + " normal windows in " + maxDraws
                        + " random draws; anomalies cover too much of the signal");
            }
            long start = this.startMs + (long) (uniform(draw++) * horizonMs);
            if (anomalousSamples(generator, start) < this.minAnomalousSamples) {
                starts[normal++] = start;
            }
        }
        shuffle(starts);
        return starts;
    }

    /** Samples the window into {@code out}; returns the kind ordinal that makes it anomalous, or NO_ANOMALY. */
    private int fill(SignalGenerator generator, long start, float[] out) {
        int anomalous = 0;
        int firstKind = LabelledWindows.NO_ANOMALY;
        for (int j = 0; j < out.length; j++) {
            long time = start + j * this.samplePeriodMs;
            Anomaly anomaly = generator.activeAnomaly(time);
            if (anomaly != null) {
                anomalous++;
                if (firstKind == LabelledWindows.NO_ANOMALY) {
                    firstKind = anomaly.kind().ordinal();
                }
            }
            out[j] = (float) generator.valueAt(time, anomaly);
        }
        return anomalous >= this.minAnomalousSamples ? firstKind : LabelledWindows.NO_ANOMALY;
    }

    private int anomalousSamples(SignalGenerator generator, long start) {
        int anomalous = 0;
        for (int j = 0; j < this.windowLength; j++) {
            if (generator.activeAnomaly(start + j * this.samplePeriodMs) != null) {
                anomalous++;
            }
        }
        return anomalous;
    }

    private void shuffle(long[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) (CounterRandom.uniform(this.seed, CounterRandom.WINDOW_SHUFFLE, i) * (i + 1));
            long swapped = values[i];
            values[i] = values[j];
            values[j] = swapped;
        }
    }

    private double uniform(long draw) {
        return CounterRandom.uniform(this.seed, CounterRandom.WINDOW_PLACEMENT, draw);
    }
}
