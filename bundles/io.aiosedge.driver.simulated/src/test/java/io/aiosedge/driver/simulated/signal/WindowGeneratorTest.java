package io.aiosedge.driver.simulated.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import io.aiosedge.driver.simulated.signal.WindowGenerator.Balance;

class WindowGeneratorTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final double NOISE = 0.05;
    private static final SignalSpec SPEC = SignalSpec.of(Shape.SINE, 1.0, 0.0, 60_000).withNoise(NOISE)
            .withAnomalies(20, 0.5, 10_000, EnumSet.allOf(AnomalyKind.class)).withSeed(7);

    @Test
    void naturalWindowsAreConsecutiveAndLabelledByTheRule() {
        WindowGenerator windows = WindowGenerator.of(SPEC, 32, 250).withStartMs(T0);
        LabelledWindows result = windows.generate(2_000);

        assertThat(result.count()).isEqualTo(2_000);
        assertThat(result.windows()).hasNumberOfRows(2_000);
        assertThat(result.windows()[0]).hasSize(32);
        SignalGenerator generator = new SignalGenerator(SPEC);
        for (int i = 0; i < result.count(); i++) {
            assertThat(result.windowStartsMs()[i]).isEqualTo(T0 + i * 32L * 250);
            assertWindowMatchesSignal(generator, result, i, 1);
        }
        // 20 per hour of mostly 5-10 s over 8 s windows: roughly 10 % of windows touch one.
        double share = (double) result.anomalousCount() / result.count();
        assertThat(share).isBetween(0.05, 0.2);
    }

    @Test
    void balancedWindowsAreHalfAnomalousShuffledAndCorrectlyLabelled() {
        LabelledWindows result = WindowGenerator.of(SPEC, 64, 250).withStartMs(T0).withBalance(Balance.BALANCED)
                .withSeed(3).generate(1_001);

        assertThat(result.anomalousCount()).isEqualTo(500);
        SignalGenerator generator = new SignalGenerator(SPEC);
        int[] perKind = new int[AnomalyKind.values().length];
        for (int i = 0; i < result.count(); i++) {
            assertWindowMatchesSignal(generator, result, i, 1);
            if (result.labels()[i] == LabelledWindows.ANOMALOUS) {
                perKind[result.anomalyKinds()[i]]++;
            }
        }
        assertThat(Arrays.stream(perKind).min().orElseThrow()).as("windows of the rarest kind").isGreaterThan(100);
        int anomalousInFirstHalf = 0;
        for (int i = 0; i < 500; i++) {
            anomalousInFirstHalf += result.labels()[i];
        }
        assertThat(anomalousInFirstHalf).as("classes are interleaved").isBetween(200, 300);
    }

    @Test
    void theSameComponentsGiveTheSameWindowsAndAnotherSeedOtherPlacements() {
        WindowGenerator windows = WindowGenerator.of(SPEC, 16, 500).withBalance(Balance.BALANCED).withSeed(1);
        LabelledWindows first = windows.generate(200);
        LabelledWindows again = windows.generate(200);
        LabelledWindows reseeded = windows.withSeed(2).generate(200);

        assertThat(again.windows()).isDeepEqualTo(first.windows());
        assertThat(again.labels()).isEqualTo(first.labels());
        assertThat(again.windowStartsMs()).isEqualTo(first.windowStartsMs());
        assertThat(reseeded.windowStartsMs()).isNotEqualTo(first.windowStartsMs());
    }

    @Test
    void theThresholdOfAnomalousSamplesDecidesTheLabel() {
        WindowGenerator windows = WindowGenerator.of(SPEC, 64, 250).withStartMs(T0).withMinAnomalousSamples(8);
        LabelledWindows natural = windows.generate(2_000);
        LabelledWindows balanced = windows.withBalance(Balance.BALANCED).generate(400);
        SignalGenerator generator = new SignalGenerator(SPEC);
        for (int i = 0; i < natural.count(); i++) {
            assertWindowMatchesSignal(generator, natural, i, 8);
        }
        for (int i = 0; i < balanced.count(); i++) {
            assertWindowMatchesSignal(generator, balanced, i, 8);
        }
        assertThat(balanced.anomalousCount()).isEqualTo(200);
        assertThat(natural.anomalousCount()).isLessThan(windows.withMinAnomalousSamples(1).generate(2_000)
                .anomalousCount());
    }

    /**
     * The anomalies must not be trivially detectable: a simple detector (largest second difference above 4
     * noise sigmas) finds some but misses many, while raising few false alarms; so a better model has room to
     * be measurably better.
     */
    @Test
    void aSimpleDetectorFindsSomeAnomaliesButNotAll() {
        LabelledWindows result = WindowGenerator.of(SPEC, 64, 250).withStartMs(T0).withBalance(Balance.BALANCED)
                .withSeed(5).generate(4_000);
        double threshold = 4 * NOISE * Math.sqrt(6); // sd of a second difference of white noise is sigma·√6
        int truePositives = 0;
        int falsePositives = 0;
        for (int i = 0; i < result.count(); i++) {
            float[] x = result.windows()[i];
            double largest = 0;
            for (int j = 1; j < x.length - 1; j++) {
                largest = Math.max(largest, Math.abs(x[j + 1] - 2 * x[j] + x[j - 1]));
            }
            boolean flagged = largest > threshold;
            if (result.labels()[i] == LabelledWindows.ANOMALOUS) {
                truePositives += flagged ? 1 : 0;
            } else {
                falsePositives += flagged ? 1 : 0;
            }
        }
        double recall = truePositives / 2_000.0;
        double falseAlarmRate = falsePositives / 2_000.0;
        assertThat(recall).isBetween(0.1, 0.6);
        assertThat(falseAlarmRate).isLessThan(0.02);
    }

    @Test
    void balancedWindowsNeedAnomalies() {
        SignalSpec calm = SignalSpec.of(Shape.SINE, 1, 0, 1000);
        assertThatThrownBy(() -> WindowGenerator.of(calm, 8, 10).withBalance(Balance.BALANCED).generate(10))
                .isInstanceOf(InvalidSignalSpecException.class).hasMessageContaining("anomalyRatePerHour");
    }

    @Test
    void badComponentsAreRejectedByName() {
        assertThatThrownBy(() -> WindowGenerator.of(SPEC, 0, 10)).hasMessageStartingWith("windowLength = 0");
        assertThatThrownBy(() -> WindowGenerator.of(SPEC, 8, 0)).hasMessageStartingWith("samplePeriodMs = 0");
        assertThatThrownBy(() -> WindowGenerator.of(SPEC, 8, 10).withMinAnomalousSamples(9))
                .hasMessageStartingWith("minAnomalousSamples = 9");
        assertThatThrownBy(() -> WindowGenerator.of(SPEC, 8, 10).generate(-1)).hasMessageStartingWith("count = -1");
        assertThat(WindowGenerator.of(SPEC, 8, 10).generate(0).count()).isZero();
    }

    /** Checks window i sample by sample against the generator, and its label and kind against the rule. */
    private static void assertWindowMatchesSignal(SignalGenerator generator, LabelledWindows result, int i,
            int minAnomalousSamples) {
        float[] window = result.windows()[i];
        int anomalous = 0;
        int firstKind = LabelledWindows.NO_ANOMALY;
        for (int j = 0; j < window.length; j++) {
            long time = result.windowStartsMs()[i] + j * result.samplePeriodMs();
            assertThat(window[j]).isEqualTo((float) generator.valueAt(time));
            if (generator.isAnomalous(time)) {
                anomalous++;
                if (firstKind == LabelledWindows.NO_ANOMALY) {
                    firstKind = generator.anomalyAt(time).orElseThrow().kind().ordinal();
                }
            }
        }
        boolean expectAnomalous = anomalous >= minAnomalousSamples;
        assertThat(result.labels()[i]).as("label of window %d", i)
                .isEqualTo(expectAnomalous ? LabelledWindows.ANOMALOUS : LabelledWindows.NORMAL);
        assertThat(result.anomalyKinds()[i]).isEqualTo(expectAnomalous ? firstKind : LabelledWindows.NO_ANOMALY);
    }
}
