package io.aiosedge.e2e;

import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;

/** Labelled windows of the simulated signal model, and the data-file form the learning components read. */
final class LabelledCsv {

    static final int WIDTH = 64;

    private LabelledCsv() {
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
