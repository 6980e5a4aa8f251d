package io.aiosedge.e2e.probe;

import java.util.EnumSet;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;

/**
 * Labelled windows for the anomaly models, generated the way their trainer describes its data (64 samples 100 ms
 * apart, sine and random-walk signals alternating, amplitude 1-1.5, offset 0-6, period 20-40 s, noise 0.05-0.15,
 * every anomaly kind up to 1.5 units for up to 10 s, half the windows anomalous, a window anomalous when 4 of its
 * samples lie in an anomaly), from seeds the trainer never used.
 */
final class LabelledSet {

    static final int WINDOW = 64;
    static final long SAMPLE_PERIOD_MS = 100;
    static final int MIN_ANOMALOUS_SAMPLES = 4;

    final float[][] windows;
    final int[] labels;

    private LabelledSet(float[][] windows, int[] labels) {
        this.windows = windows;
        this.labels = labels;
    }

    /** {@code count} windows from {@code signals} signals seeded {@code firstSeed}, {@code firstSeed + 1}, ... */
    static LabelledSet generate(long firstSeed, int signals, int count) {
        return generate(firstSeed, signals, count, false);
    }

    /**
     * As above; {@code shifted}: another machine the models never saw (3× the amplitude around -4, noise 0.3, only
     * spikes and stuck values up to 2.5 units), for the learning loop's drift.
     */
    static LabelledSet generate(long firstSeed, int signals, int count, boolean shifted) {
        float[][] windows = new float[count][];
        int[] labels = new int[count];
        int filled = 0;
        for (int i = 0; i < signals && filled < count; i++) {
            long seed = firstSeed + i;
            int perSignal = (count - filled) / (signals - i);
            SignalSpec spec = (shifted
                    ? SignalSpec.of(Shape.SINE, 3.0, -4.0, 20_000 + 3_000L * (i % 3)).withNoise(0.3)
                            .withAnomalies(60, 2.5, 5_000, EnumSet.of(AnomalyKind.SPIKE, AnomalyKind.STUCK))
                    : SignalSpec.of(i % 2 == 0 ? Shape.SINE : Shape.RANDOM_WALK, 1.0 + 0.25 * (i % 3),
                            2.0 * (i % 4), 20_000 + 5_000L * (i % 5)).withNoise(0.05 + 0.05 * (i % 3))
                            .withAnomalies(60, 1.5, 10_000, EnumSet.allOf(AnomalyKind.class)))
                    .withSeed(seed);
            LabelledWindows set = new WindowGenerator(spec, WINDOW, SAMPLE_PERIOD_MS, WindowGenerator.Balance.BALANCED,
                    seed * 86_400_000L, seed, MIN_ANOMALOUS_SAMPLES).generate(perSignal);
            for (int w = 0; w < set.count(); w++) {
                windows[filled] = set.windows()[w];
                labels[filled] = set.labels()[w];
                filled++;
            }
        }
        if (filled < count) {
            float[][] w = new float[filled][];
            int[] l = new int[filled];
            System.arraycopy(windows, 0, w, 0, filled);
            System.arraycopy(labels, 0, l, 0, filled);
            return new LabelledSet(w, l);
        }
        return new LabelledSet(windows, labels);
    }
}
