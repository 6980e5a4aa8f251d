package io.aiosedge.e2e;

import java.util.EnumSet;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;

/** Labelled windows of the simulated signal model, and the data-file form the learning components read. */
final class LabelledCsv {

    static final int WIDTH = 64;

    private LabelledCsv() {
    }

    /**
     * Old machine {@code i}: the conditions of the build's models (sine or random walk, noise 0.05-0.15, every
     * anomaly kind).
     */
    static SignalSpec oldMachine(int i) {
        return SignalSpec.of(i % 2 == 0 ? Shape.SINE : Shape.RANDOM_WALK, 1.0 + 0.25 * (i % 3), 2.0 * i,
                20_000 + 5_000L * i).withNoise(0.05 + 0.05 * (i % 3))
                .withAnomalies(60, 1.5, 10_000, EnumSet.allOf(AnomalyKind.class));
    }

    /** {@code count} balanced windows of 64 samples at 100 ms of the machine {@code spec}, seeded {@code seed}. */
    static LabelledWindows windows(SignalSpec spec, long seed, int count) {
        return new WindowGenerator(spec.withSeed(seed), WIDTH, 100, WindowGenerator.Balance.BALANCED,
                seed * 86_400_000L, seed, 4).generate(count);
    }

    /** Lines {@code label,s1,...,s64}: the data files of the trainer, the coordinator and the participants. */
    static String csv(LabelledWindows data) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < data.windows().length; i++) {
            text.append(data.labels()[i]);
            for (float v : data.windows()[i]) {
                text.append(',').append(v);
            }
            text.append('\n');
        }
        return text.toString();
    }
}
