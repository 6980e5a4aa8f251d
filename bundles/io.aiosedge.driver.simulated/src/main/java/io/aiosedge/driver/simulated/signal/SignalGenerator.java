package io.aiosedge.driver.simulated.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Computes a {@link SignalSpec}'s value and ground-truth anomaly label at any time, in ms since the epoch.
 *
 * <p>Every value is a pure function of the spec and the time: all randomness is a hash of (seed, index),
 * where the index is the ms for noise, a grid point for the random walk, a period for step levels and a slot
 * for anomalies. Two generators of equal specs therefore give the same series, in whatever order and however
 * often they are sampled, and {@link StrictMath} makes the series bit-identical on every JVM and CPU.
 * Instances are immutable apart from an internal cache and safe to share between threads.
 */
@ProviderType
public final class SignalGenerator {

    /** Grid points of {@link Shape#RANDOM_WALK} per period; the value is held between grid points. */
    public static final int RANDOM_WALK_STEPS_PER_PERIOD = 64;

    /** Standard deviation of one walk step, in amplitudes: the bridge strays about ±0.25 A mid-period. */
    private static final double WALK_STEP_SIGMA = 0.0625;
    private static final double MS_PER_HOUR = 3_600_000.0;
    private static final double SMALLEST_SIZE = 0.1;

    private final SignalSpec spec;
    private final long seed;
    private final AnomalyKind[] kinds;
    private final long anomalySlotMs;
    private final double anomalyProbabilityPerSlot;
    private final double walkStepMs;
    /** Consecutive samples mostly fall into the same walk period, whose grid costs 64 hashes to build. */
    private volatile WalkPeriod lastWalkPeriod;

    /** @param spec the signal to generate */
    public SignalGenerator(SignalSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.seed = spec.seed();
        this.kinds = spec.anomalyKinds().toArray(new AnomalyKind[0]);
        this.anomalySlotMs = 2 * spec.anomalyDurationMs();
        this.anomalyProbabilityPerSlot = spec.hasAnomalies()
                ? Math.min(1.0, spec.anomalyRatePerHour() * this.anomalySlotMs / MS_PER_HOUR)
                : 0.0;
        this.walkStepMs = (double) spec.periodMs() / RANDOM_WALK_STEPS_PER_PERIOD;
    }

    /** @return the spec this generator follows */
    public SignalSpec spec() {
        return this.spec;
    }

    /**
     * @param timeMs ms since the epoch
     * @return the value at that time, anomalies included, in signal units
     */
    public double valueAt(long timeMs) {
        return valueAt(timeMs, activeAnomaly(timeMs));
    }

    /**
     * @param timeMs ms since the epoch
     * @return the value the signal would have without anomalies (shape plus noise), in signal units
     */
    public double normalValueAt(long timeMs) {
        double value = shapeValueAt(timeMs);
        if (this.spec.noiseSigma() > 0) {
            value += this.spec.noiseSigma()
                    * CounterRandom.gaussian(this.seed, CounterRandom.NOISE, CounterRandom.NOISE_ANGLE, timeMs);
        }
        return value;
    }

    /**
     * @param timeMs ms since the epoch
     * @return the noise-free, anomaly-free shape at that time, in signal units
     */
    public double shapeValueAt(long timeMs) {
        double amplitude = this.spec.amplitude();
        double offset = this.spec.offset();
        long period = this.spec.periodMs();
        double phase = (double) Math.floorMod(timeMs, period) / period;
        switch (this.spec.shape()) {
        case CONSTANT:
            return offset;
        case SINE:
            return offset + amplitude * StrictMath.sin(2.0 * Math.PI * phase);
        case SQUARE:
            return phase < 0.5 ? offset + amplitude : offset - amplitude;
        case RAMP:
            return offset + amplitude * (2.0 * phase - 1.0);
        case STEP:
            return offset + amplitude * level(CounterRandom.STEP_LEVEL, Math.floorDiv(timeMs, period));
        case RANDOM_WALK:
            return offset + amplitude * walkAt(timeMs);
        default:
            throw new IllegalStateException("unknown shape " + this.spec.shape());
        }
    }

    /**
     * @param timeMs ms since the epoch
     * @return whether an injected anomaly covers that time: the ground-truth label
     */
    public boolean isAnomalous(long timeMs) {
        return activeAnomaly(timeMs) != null;
    }

    /**
     * @param timeMs ms since the epoch
     * @return the anomaly covering that time, if any
     */
    public Optional<Anomaly> anomalyAt(long timeMs) {
        return Optional.ofNullable(activeAnomaly(timeMs));
    }

    /**
     * Every anomaly that overlaps {@code [fromMs, toMs)}, in time order. Costs one hash per slot of
     * {@code 2 × anomalyDurationMs} in the range.
     *
     * @param fromMs first ms of the range, since the epoch
     * @param toMs first ms after the range
     * @return the anomalies (empty when the range is empty or the spec has none)
     */
    public List<Anomaly> anomaliesBetween(long fromMs, long toMs) {
        List<Anomaly> found = new ArrayList<>();
        if (toMs <= fromMs || !this.spec.hasAnomalies()) {
            return found;
        }
        long lastSlot = Math.floorDiv(toMs - 1, this.anomalySlotMs);
        for (long slot = Math.floorDiv(fromMs, this.anomalySlotMs); slot <= lastSlot; slot++) {
            Anomaly anomaly = anomalyInSlot(slot);
            if (anomaly != null && anomaly.startMs() < toMs && anomaly.endMs() > fromMs) {
                found.add(anomaly);
            }
        }
        return found;
    }

    /** Length of the anomaly slots in ms: each holds at most one anomaly. */
    long anomalySlotMs() {
        return this.anomalySlotMs;
    }

    /** @return the anomaly covering {@code timeMs}, or null */
    Anomaly activeAnomaly(long timeMs) {
        if (this.anomalyProbabilityPerSlot == 0.0) {
            return null;
        }
        // An anomaly never leaves its slot, so only the slot of timeMs can hold it.
        Anomaly anomaly = anomalyInSlot(Math.floorDiv(timeMs, this.anomalySlotMs));
        return anomaly != null && anomaly.contains(timeMs) ? anomaly : null;
    }

    /** @return the value at {@code timeMs} given the anomaly that covers it (null: none) */
    double valueAt(long timeMs, Anomaly anomaly) {
        if (anomaly == null) {
            return normalValueAt(timeMs);
        }
        switch (anomaly.kind()) {
        case SPIKE:
            return normalValueAt(timeMs) + anomaly.magnitude();
        case DRIFT:
            double progress = (double) (timeMs - anomaly.startMs() + 1) / anomaly.durationMs();
            return normalValueAt(timeMs) + anomaly.magnitude() * progress;
        case STUCK:
            return normalValueAt(anomaly.startMs());
        default:
            throw new IllegalStateException("unknown anomaly kind " + anomaly.kind());
        }
    }

    /** @return the anomaly of a slot, or null when the slot has none */
    Anomaly anomalyInSlot(long slot) {
        if (CounterRandom.uniform(this.seed, CounterRandom.ANOMALY_OCCURS, slot) >= this.anomalyProbabilityPerSlot) {
            return null;
        }
        AnomalyKind kind = this.kinds[(int) (CounterRandom.uniform(this.seed, CounterRandom.ANOMALY_KIND, slot)
                * this.kinds.length)];
        double durationDraw = CounterRandom.uniform(this.seed, CounterRandom.ANOMALY_DURATION, slot);
        double durationFraction = kind == AnomalyKind.SPIKE ? 0.05 + 0.15 * durationDraw : 0.5 + 0.5 * durationDraw;
        long duration = Math.max(1L, Math.round(this.spec.anomalyDurationMs() * durationFraction));
        long latestStartInSlot = this.anomalySlotMs - duration;
        double startDraw = CounterRandom.uniform(this.seed, CounterRandom.ANOMALY_START, slot);
        long start = slot * this.anomalySlotMs + (long) (startDraw * (latestStartInSlot + 1));
        double magnitude = 0.0;
        if (kind != AnomalyKind.STUCK) {
            double size = SMALLEST_SIZE
                    + (1.0 - SMALLEST_SIZE) * CounterRandom.uniform(this.seed, CounterRandom.ANOMALY_SIZE, slot);
            double sign = CounterRandom.uniform(this.seed, CounterRandom.ANOMALY_SIGN, slot) < 0.5 ? -1.0 : 1.0;
            magnitude = sign * size * this.spec.anomalyMagnitude();
        }
        return new Anomaly(kind, start, duration, magnitude);
    }

    /** @return a level uniform in [-1, 1) */
    private double level(long stream, long index) {
        return 2.0 * CounterRandom.uniform(this.seed, stream, index) - 1.0;
    }

    /** @return the walk, in amplitudes, at the grid point at or before {@code timeMs} */
    private double walkAt(long timeMs) {
        long gridPoint = (long) Math.floor(timeMs / this.walkStepMs);
        long period = Math.floorDiv(gridPoint, RANDOM_WALK_STEPS_PER_PERIOD);
        int step = Math.floorMod(gridPoint, RANDOM_WALK_STEPS_PER_PERIOD);
        WalkPeriod cached = this.lastWalkPeriod;
        if (cached == null || cached.index != period) {
            cached = new WalkPeriod(period, walkPeriod(period));
            this.lastWalkPeriod = cached;
        }
        return cached.values[step];
    }

    /**
     * A Brownian bridge between the pinned levels at the start of this period and the next: the partial sums
     * of Gaussian steps, tilted so that they end where the next period starts. That makes every period
     * computable on its own while the walk stays continuous across periods.
     */
    private double[] walkPeriod(long period) {
        int n = RANDOM_WALK_STEPS_PER_PERIOD;
        double startLevel = level(CounterRandom.WALK_LEVEL, period);
        double endLevel = level(CounterRandom.WALK_LEVEL, period + 1);
        double[] partialSums = new double[n + 1];
        for (int i = 0; i < n; i++) {
            partialSums[i + 1] = partialSums[i] + WALK_STEP_SIGMA * CounterRandom.gaussian(this.seed,
                    CounterRandom.WALK_STEP, CounterRandom.WALK_STEP_ANGLE, period * n + i);
        }
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            double fraction = (double) j / n;
            values[j] = startLevel + fraction * (endLevel - startLevel) + partialSums[j] - fraction * partialSums[n];
        }
        return values;
    }

    private static final class WalkPeriod {
        final long index;
        final double[] values;

        WalkPeriod(long index, double[] values) {
            this.index = index;
            this.values = values;
        }
    }
}
