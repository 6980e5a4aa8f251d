package io.aiosedge.driver.simulated.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignalGeneratorTest {

    private static final long HOUR_MS = 3_600_000L;
    /** A realistic epoch time, so that the large-t arithmetic is exercised. */
    private static final long T0 = 1_767_225_600_000L;

    private static SignalSpec busySpec(Shape shape) {
        return SignalSpec.of(shape, 2.0, 10.0, 60_000).withNoise(0.3)
                .withAnomalies(60, 1.5, 5_000, EnumSet.allOf(AnomalyKind.class)).withSeed(1234);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void sameSpecGivesSameSeriesWhateverTheOrderOfSampling(Shape shape) {
        SignalSpec spec = busySpec(shape);
        int n = 20_000;
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = T0 + i * 37L;
        }
        SignalGenerator forward = new SignalGenerator(spec);
        double[] inOrder = new double[n];
        boolean[] labelsInOrder = new boolean[n];
        for (int i = 0; i < n; i++) {
            inOrder[i] = forward.valueAt(times[i]);
            labelsInOrder[i] = forward.isAnomalous(times[i]);
        }

        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, new Random(99));
        SignalGenerator other = new SignalGenerator(spec);
        for (int i : shuffled) {
            // Sample twice: repeated sampling must not advance any hidden state.
            other.valueAt(times[i]);
            assertThat(other.valueAt(times[i])).as("sample %d", i).isEqualTo(inOrder[i]);
            assertThat(other.isAnomalous(times[i])).isEqualTo(labelsInOrder[i]);
        }
        assertThat(labelsInOrder).as("the spec injects anomalies into this stretch").contains(true, false);
    }

    @Test
    void differentSeedsGiveDifferentSeries() {
        SignalGenerator a = new SignalGenerator(busySpec(Shape.RANDOM_WALK));
        SignalGenerator b = new SignalGenerator(busySpec(Shape.RANDOM_WALK).withSeed(1235));
        int differing = 0;
        for (long t = T0; t < T0 + 100_000; t += 100) {
            if (a.valueAt(t) != b.valueAt(t)) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(990);
    }

    /**
     * Pins a checksum of a series so that a change to the hashing or the shapes, which would silently change
     * every trainer's data set, fails here. If a change is intended, update the constant and say so in the
     * commit.
     */
    @Test
    void seriesIsStableAcrossVersions() {
        double sum = 0;
        for (Shape shape : new Shape[] { Shape.SINE, Shape.STEP, Shape.RANDOM_WALK }) {
            SignalGenerator generator = new SignalGenerator(busySpec(shape));
            for (long t = T0; t < T0 + 10 * HOUR_MS; t += 1_000) {
                sum += generator.valueAt(t);
            }
        }
        // StrictMath makes the series bit-identical on every JVM, so exact equality is the right check.
        assertThat(sum).isEqualTo(GOLDEN_CHECKSUM);
    }

    private static final double GOLDEN_CHECKSUM = 1075272.6040890936;

    @Test
    void constantIsTheOffset() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.CONSTANT, 3.0, -4.5, 1000));
        assertThat(generator.valueAt(0)).isEqualTo(-4.5);
        assertThat(generator.valueAt(T0 + 123)).isEqualTo(-4.5);
    }

    @Test
    void sineHasItsExtremesAtQuarterPeriods() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.SINE, 2.0, 1.0, 1000));
        assertThat(generator.valueAt(0)).isCloseTo(1.0, within(1e-12));
        assertThat(generator.valueAt(250)).isCloseTo(3.0, within(1e-12));
        assertThat(generator.valueAt(500)).isCloseTo(1.0, within(1e-12));
        assertThat(generator.valueAt(750)).isCloseTo(-1.0, within(1e-12));
        assertThat(generator.valueAt(1250)).isCloseTo(3.0, within(1e-12));
        assertThat(generator.valueAt(-250)).as("phase counts from the epoch, also before it")
                .isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void squareIsHighThenLow() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.SQUARE, 2.0, 1.0, 1000));
        assertThat(generator.valueAt(0)).isEqualTo(3.0);
        assertThat(generator.valueAt(499)).isEqualTo(3.0);
        assertThat(generator.valueAt(500)).isEqualTo(-1.0);
        assertThat(generator.valueAt(999)).isEqualTo(-1.0);
        assertThat(generator.valueAt(1000)).isEqualTo(3.0);
    }

    @Test
    void rampRisesFromBottomToTopEachPeriod() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.RAMP, 2.0, 1.0, 1000));
        assertThat(generator.valueAt(0)).isCloseTo(-1.0, within(1e-12));
        assertThat(generator.valueAt(250)).isCloseTo(0.0, within(1e-12));
        assertThat(generator.valueAt(500)).isCloseTo(1.0, within(1e-12));
        assertThat(generator.valueAt(999)).isCloseTo(2.996, within(1e-12));
        assertThat(generator.valueAt(1000)).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void stepHoldsOneLevelPerPeriodWithinTheBand() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.STEP, 2.0, 1.0, 1000).withSeed(5));
        List<Double> levels = new ArrayList<>();
        for (long period = 0; period < 50; period++) {
            double level = generator.valueAt(period * 1000);
            assertThat(generator.valueAt(period * 1000 + 999)).isEqualTo(level);
            assertThat(generator.valueAt(period * 1000 + 431)).isEqualTo(level);
            assertThat(level).isBetween(-1.0, 3.0);
            levels.add(level);
        }
        assertThat(levels.stream().distinct().count()).isEqualTo(50);
    }

    @Test
    void randomWalkMovesInSmallStepsOnItsGridAndStaysNearItsBand() {
        long period = 64_000; // grid step 1000 ms
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.RANDOM_WALK, 1.0, 5.0, period).withSeed(3));
        double previous = generator.valueAt(T0 - T0 % 1000);
        double largestStep = 0;
        double sum = 0;
        int n = 0;
        for (long t = T0 - T0 % 1000; t < T0 + 200 * period; t += 1000) {
            double value = generator.valueAt(t);
            assertThat(generator.valueAt(t + 999)).as("held between grid points").isEqualTo(value);
            assertThat(value).isBetween(5.0 - 2.5, 5.0 + 2.5);
            largestStep = Math.max(largestStep, Math.abs(value - previous));
            previous = value;
            sum += value;
            n++;
        }
        // Steps are N(0, 0.0625) plus the bridge's pull of at most 2/64: far below a jump between levels.
        assertThat(largestStep).isLessThan(0.35);
        assertThat(sum / n).isCloseTo(5.0, within(0.2));
    }

    @Test
    void noiseIsWhiteGaussianWithTheConfiguredSigma() {
        double sigma = 0.5;
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.CONSTANT, 0, 7.0, 1000).withNoise(sigma)
                .withSeed(11));
        int n = 200_000;
        double sum = 0;
        double sumSquares = 0;
        double lagProducts = 0;
        int withinOneSigma = 0;
        double previous = generator.valueAt(T0 - 1) - 7.0;
        for (int i = 0; i < n; i++) {
            double deviation = generator.valueAt(T0 + i) - 7.0;
            sum += deviation;
            sumSquares += deviation * deviation;
            lagProducts += deviation * previous;
            previous = deviation;
            if (Math.abs(deviation) < sigma) {
                withinOneSigma++;
            }
        }
        double mean = sum / n;
        double variance = sumSquares / n - mean * mean;
        assertThat(mean).isCloseTo(0.0, within(5 * sigma / Math.sqrt(n)));
        assertThat(Math.sqrt(variance)).isCloseTo(sigma, within(0.01 * sigma));
        assertThat(lagProducts / n / variance).as("lag-1 autocorrelation").isCloseTo(0.0, within(0.015));
        assertThat((double) withinOneSigma / n).as("share within one sigma").isCloseTo(0.6827, within(0.005));
    }

    @Test
    void anomaliesArriveAtTheConfiguredRateWithEveryKind() {
        double ratePerHour = 30;
        long durationMs = 10_000;
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.SINE, 1, 0, 60_000)
                .withAnomalies(ratePerHour, 2.0, durationMs, EnumSet.allOf(AnomalyKind.class)).withSeed(77));
        long hours = 2_000;
        List<Anomaly> anomalies = generator.anomaliesBetween(T0, T0 + hours * HOUR_MS);

        // One Bernoulli trial per slot of 2 × duration.
        double slots = hours * HOUR_MS / (2.0 * durationMs);
        double p = ratePerHour * 2.0 * durationMs / HOUR_MS;
        double expected = slots * p;
        double sd = Math.sqrt(slots * p * (1 - p));
        assertThat((double) anomalies.size()).isCloseTo(expected, within(5 * sd));

        Map<AnomalyKind, Integer> perKind = new EnumMap<>(AnomalyKind.class);
        boolean positive = false;
        boolean negative = false;
        Anomaly previous = null;
        for (Anomaly anomaly : anomalies) {
            perKind.merge(anomaly.kind(), 1, Integer::sum);
            if (previous != null) {
                assertThat(anomaly.startMs()).as("anomalies never overlap").isGreaterThan(previous.endMs());
            }
            previous = anomaly;
            switch (anomaly.kind()) {
            case SPIKE -> assertThat(anomaly.durationMs()).isBetween(500L, 2_000L);
            case DRIFT, STUCK -> assertThat(anomaly.durationMs()).isBetween(5_000L, 10_000L);
            }
            if (anomaly.kind() == AnomalyKind.STUCK) {
                assertThat(anomaly.magnitude()).isZero();
            } else {
                assertThat(Math.abs(anomaly.magnitude())).isBetween(0.2, 2.0);
                positive |= anomaly.magnitude() > 0;
                negative |= anomaly.magnitude() < 0;
            }
        }
        assertThat(positive && negative).as("both signs occur").isTrue();
        for (AnomalyKind kind : AnomalyKind.values()) {
            assertThat((double) perKind.get(kind) / anomalies.size()).as("share of %s", kind)
                    .isCloseTo(1.0 / 3, within(0.02));
        }
    }

    @Test
    void onlyTheConfiguredKindsAreInjected() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.SINE, 1, 0, 60_000)
                .withAnomalies(60, 1.0, 10_000, EnumSet.of(AnomalyKind.DRIFT)).withSeed(4));
        List<Anomaly> anomalies = generator.anomaliesBetween(T0, T0 + 100 * HOUR_MS);
        assertThat(anomalies).hasSizeGreaterThan(1000).allMatch(a -> a.kind() == AnomalyKind.DRIFT);
    }

    @Test
    void noAnomaliesWithoutARate() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.SINE, 1, 0, 60_000).withNoise(0.1));
        assertThat(generator.anomaliesBetween(T0, T0 + 100 * HOUR_MS)).isEmpty();
        for (long t = T0; t < T0 + HOUR_MS; t += 997) {
            assertThat(generator.isAnomalous(t)).isFalse();
            assertThat(generator.valueAt(t)).isEqualTo(generator.normalValueAt(t));
        }
    }

    @Test
    void labelsAndValuesFollowEachAnomaly() {
        SignalGenerator generator = new SignalGenerator(SignalSpec.of(Shape.SINE, 1, 0, 60_000).withNoise(0.05)
                .withAnomalies(60, 3.0, 4_000, EnumSet.allOf(AnomalyKind.class)).withSeed(21));
        List<Anomaly> anomalies = generator.anomaliesBetween(T0, T0 + 2 * HOUR_MS);
        assertThat(anomalies).extracting(Anomaly::kind).contains(AnomalyKind.values());
        for (Anomaly anomaly : anomalies) {
            assertThat(generator.isAnomalous(anomaly.startMs() - 1)).isFalse();
            assertThat(generator.isAnomalous(anomaly.endMs())).isFalse();
            assertThat(generator.valueAt(anomaly.endMs())).isEqualTo(generator.normalValueAt(anomaly.endMs()));
            for (long t = anomaly.startMs(); t < anomaly.endMs(); t++) {
                assertThat(generator.anomalyAt(t)).contains(anomaly);
                double deviation = generator.valueAt(t) - generator.normalValueAt(t);
                switch (anomaly.kind()) {
                case SPIKE -> assertThat(deviation).isCloseTo(anomaly.magnitude(), within(1e-9));
                case DRIFT -> assertThat(deviation).isCloseTo(
                        anomaly.magnitude() * (t - anomaly.startMs() + 1) / anomaly.durationMs(), within(1e-9));
                case STUCK -> assertThat(generator.valueAt(t))
                        .isEqualTo(generator.normalValueAt(anomaly.startMs()));
                }
            }
        }
    }

    @Test
    void deriveSeedDependsOnBaseSeedAndName() {
        assertThat(SignalSpec.deriveSeed(42, "temperature")).isEqualTo(SignalSpec.deriveSeed(42, "temperature"));
        assertThat(SignalSpec.deriveSeed(42, "temperature")).isNotEqualTo(SignalSpec.deriveSeed(43, "temperature"));
        assertThat(SignalSpec.deriveSeed(42, "temperature")).isNotEqualTo(SignalSpec.deriveSeed(42, "pressure"));
    }
}
