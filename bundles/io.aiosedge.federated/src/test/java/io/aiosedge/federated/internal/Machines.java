package io.aiosedge.federated.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.learning.WindowNetwork;

/** A different simulated machine per gateway (shape, noise, anomaly kinds), and the build's edge network. */
final class Machines {

    static final int WIDTH = 64;
    private static final Shape[] SHAPES = {Shape.SINE, Shape.RANDOM_WALK, Shape.SQUARE, Shape.RAMP};

    private Machines() {
    }

    static LabelledData windows(int gateway, long seed, int count) {
        Set<AnomalyKind> kinds = switch (gateway % 3) {
            case 0 -> EnumSet.of(AnomalyKind.SPIKE);
            case 1 -> EnumSet.of(AnomalyKind.STUCK, AnomalyKind.SPIKE);
            default -> EnumSet.of(AnomalyKind.DRIFT, AnomalyKind.SPIKE);
        };
        SignalSpec spec = SignalSpec.of(SHAPES[gateway % SHAPES.length], 1.0 + 0.5 * (gateway % 3), 2.0 * gateway,
                20_000 + 4_000L * gateway).withNoise(0.05 + 0.05 * (gateway % 4))
                .withAnomalies(60, 2.0, 8_000, kinds).withSeed(seed);
        LabelledWindows w = new WindowGenerator(spec, WIDTH, 100, WindowGenerator.Balance.BALANCED,
                seed * 86_400_000L, seed, 4).generate(count);
        return new LabelledData(w.windows(), w.labels());
    }

    /** The edge network (conv 5x8/4, dense 8), briefly trained on gateway 0's machine, as a trainable SavedModel. */
    static Path initialModel(Path folder) throws IOException {
        LabelledData data = windows(0, 1, 200);
        WindowNetwork network = WindowNetwork.standardisedOn(WIDTH, List.of(new WindowNetwork.Convolution(5, 8, 4)),
                List.of(8), data.windows());
        try (TrainableModel model = TrainableModel.create(network, 42)) {
            ModelTrainer.fit(model, data.windows(), ModelTrainer.hardTargets(data.labels()),
                    new ModelTrainer.Options(2, 32, 5e-3f, 1));
            model.export(folder);
        }
        return folder;
    }

    static void write(Path file, LabelledData data) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < data.count(); i++) {
            text.append(data.labels()[i]);
            for (float v : data.windows()[i]) {
                text.append(',').append(v);
            }
            text.append('\n');
        }
        java.nio.file.Files.writeString(file, text);
    }
}
