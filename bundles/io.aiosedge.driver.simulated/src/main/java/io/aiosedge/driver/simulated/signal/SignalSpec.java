package io.aiosedge.driver.simulated.signal;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Everything that defines one simulated signal; with a time it fully determines the value. Validated on
 * construction: a bad component throws {@link InvalidSignalSpecException} naming the component.
 *
 * <p><b>Anomaly rate.</b> {@code anomalyRatePerHour} is the expected number of anomalies per hour of signal
 * time. Time is cut into slots of {@code 2 × anomalyDurationMs} counted from the epoch; each slot holds at
 * most one anomaly, with probability {@code anomalyRatePerHour × slot / 3,600,000 ms}, placed at a random
 * point of the slot. So anomalies never overlap, there is always normal signal between two of them, and the
 * rate cannot exceed {@link #maxAnomalyRatePerHour()} (one per slot). Each anomaly draws its own kind
 * (uniformly among {@code anomalyKinds}), duration (see {@link AnomalyKind}), sign, and size: uniform in
 * {@code [0.1, 1.0] × anomalyMagnitude}, so some anomalies are deliberately subtle against the noise.
 *
 * @param shape the noise-free form of the signal
 * @param amplitude half the peak-to-peak swing of the shape, in signal units, at least 0
 * @param offset the centre of the shape, in signal units
 * @param periodMs period of the shape in ms, at least 1 (for {@link Shape#STEP} the time each level is held,
 *     for {@link Shape#RANDOM_WALK} the time between pinned levels; unused by {@link Shape#CONSTANT})
 * @param noiseSigma standard deviation of the white Gaussian noise added to every ms, in signal units, at
 *     least 0
 * @param anomalyRatePerHour expected anomalies per hour of signal time, from 0 (none) to
 *     {@link #maxAnomalyRatePerHour()}
 * @param anomalyMagnitude the largest anomaly offset, in signal units, at least 0
 * @param anomalyDurationMs the longest anomaly, in ms, at least 1
 * @param anomalyKinds the kinds that may be injected; must not be empty when the rate is above 0
 * @param seed seed of every random draw (noise, random shapes, anomalies)
 */
@ProviderType
public record SignalSpec(Shape shape, double amplitude, double offset, long periodMs, double noiseSigma,
        double anomalyRatePerHour, double anomalyMagnitude, long anomalyDurationMs, Set<AnomalyKind> anomalyKinds,
        long seed) {

    /** Default of {@link #anomalyMagnitude()} in {@link #of}: 1 signal unit. */
    public static final double DEFAULT_ANOMALY_MAGNITUDE = 1.0;
    /** Default of {@link #anomalyDurationMs()} in {@link #of}: 10,000 ms. */
    public static final long DEFAULT_ANOMALY_DURATION_MS = 10_000L;

    private static final double MS_PER_HOUR = 3_600_000.0;

    /** Validates every component and freezes the kinds. */
    public SignalSpec {
        if (shape == null) {
            throw new InvalidSignalSpecException("shape", null, "must not be null");
        }
        requireFinite("amplitude", amplitude);
        if (amplitude < 0) {
            throw new InvalidSignalSpecException("amplitude", amplitude, "must be at least 0");
        }
        requireFinite("offset", offset);
        if (periodMs < 1) {
            throw new InvalidSignalSpecException("periodMs", periodMs, "must be at least 1 ms");
        }
        requireFinite("noiseSigma", noiseSigma);
        if (noiseSigma < 0) {
            throw new InvalidSignalSpecException("noiseSigma", noiseSigma, "must be at least 0");
        }
        requireFinite("anomalyMagnitude", anomalyMagnitude);
        if (anomalyMagnitude < 0) {
            throw new InvalidSignalSpecException("anomalyMagnitude", anomalyMagnitude, "must be at least 0");
        }
        if (anomalyDurationMs < 1) {
            throw new InvalidSignalSpecException("anomalyDurationMs", anomalyDurationMs, "must be at least 1 ms");
        }
        requireFinite("anomalyRatePerHour", anomalyRatePerHour);
        double maxRate = maxRatePerHour(anomalyDurationMs);
        if (anomalyRatePerHour < 0 || anomalyRatePerHour > maxRate) {
            throw new InvalidSignalSpecException("anomalyRatePerHour", anomalyRatePerHour,
                    "must be between 0 and " + maxRate + " (one anomaly per slot of twice the anomaly duration)");
        }
        if (anomalyKinds == null) {
            throw new InvalidSignalSpecException("anomalyKinds", null, "must not be null");
        }
        anomalyKinds = freeze(anomalyKinds); // also rejects a null element
        if (anomalyRatePerHour > 0 && anomalyKinds.isEmpty()) {
            throw new InvalidSignalSpecException("anomalyKinds", anomalyKinds,
                    "must name at least one kind when anomalyRatePerHour is above 0");
        }
    }

    /**
     * A signal without noise or anomalies, seed 0; add them with {@link #withNoise}, {@link #withAnomalies}
     * and {@link #withSeed}.
     *
     * @param shape the shape
     * @param amplitude half the peak-to-peak swing, signal units
     * @param offset the centre, signal units
     * @param periodMs the period, ms
     * @return the spec
     */
    public static SignalSpec of(Shape shape, double amplitude, double offset, long periodMs) {
        return new SignalSpec(shape, amplitude, offset, periodMs, 0.0, 0.0, DEFAULT_ANOMALY_MAGNITUDE,
                DEFAULT_ANOMALY_DURATION_MS, EnumSet.allOf(AnomalyKind.class), 0L);
    }

    /**
     * @param sigma standard deviation of the noise, signal units
     * @return a copy with that noise
     */
    public SignalSpec withNoise(double sigma) {
        return new SignalSpec(this.shape, this.amplitude, this.offset, this.periodMs, sigma, this.anomalyRatePerHour,
                this.anomalyMagnitude, this.anomalyDurationMs, this.anomalyKinds, this.seed);
    }

    /**
     * @param ratePerHour expected anomalies per hour of signal time
     * @param magnitude the largest anomaly offset, signal units
     * @param durationMs the longest anomaly, ms
     * @param kinds the kinds to inject
     * @return a copy with those anomalies
     */
    public SignalSpec withAnomalies(double ratePerHour, double magnitude, long durationMs,
            Collection<AnomalyKind> kinds) {
        return new SignalSpec(this.shape, this.amplitude, this.offset, this.periodMs, this.noiseSigma, ratePerHour,
                magnitude, durationMs, kinds == null ? null : toSet(kinds), this.seed);
    }

    /**
     * @param newSeed the seed
     * @return a copy with that seed
     */
    public SignalSpec withSeed(long newSeed) {
        return new SignalSpec(this.shape, this.amplitude, this.offset, this.periodMs, this.noiseSigma,
                this.anomalyRatePerHour, this.anomalyMagnitude, this.anomalyDurationMs, this.anomalyKinds, newSeed);
    }

    /** @return whether anomalies are injected at all */
    public boolean hasAnomalies() {
        return this.anomalyRatePerHour > 0;
    }

    /** @return the highest allowed {@link #anomalyRatePerHour()} for this duration: one per slot */
    public double maxAnomalyRatePerHour() {
        return maxRatePerHour(this.anomalyDurationMs);
    }

    /**
     * The seed the simulated driver gives a channel that has no seed of its own, so that a trainer can
     * regenerate exactly what a driver channel produced: {@code mix(baseSeed, name.hashCode())}, where
     * {@link String#hashCode()} is specified by Java and thus the same on every JVM.
     *
     * @param baseSeed the driver's seed
     * @param name the channel name
     * @return the channel's seed
     */
    public static long deriveSeed(long baseSeed, String name) {
        Objects.requireNonNull(name, "name");
        return CounterRandom.hash(baseSeed, 0, name.hashCode());
    }

    private static double maxRatePerHour(long durationMs) {
        return MS_PER_HOUR / (2.0 * durationMs);
    }

    private static void requireFinite(String component, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidSignalSpecException(component, value, "must be a finite number");
        }
    }

    private static Set<AnomalyKind> toSet(Collection<AnomalyKind> kinds) {
        Set<AnomalyKind> set = EnumSet.noneOf(AnomalyKind.class);
        for (AnomalyKind kind : kinds) {
            if (kind == null) {
                throw new InvalidSignalSpecException("anomalyKinds", kinds, "must not contain null");
            }
            set.add(kind);
        }
        return set;
    }

    private static Set<AnomalyKind> freeze(Set<AnomalyKind> kinds) {
        return Collections.unmodifiableSet(toSet(kinds));
    }
}
