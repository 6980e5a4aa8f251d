package io.aiosedge.learning.cloud.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import org.eclipse.kura.message.KuraPayload;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;
import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.learning.WindowNetwork;

/**
 * The two machines of the learning tests, from the simulated signal library: the old one (sine and random walk,
 * noise 0.05-0.15, every anomaly kind up to 1.5 units: the conditions of the build's models) and a new one (sine waves
 * of three times the amplitude around another offset, noise 0.3, only spikes and stuck values, up to 2.5 units).
 */
final class Conditions {

    static final int WIDTH = 64;

    private Conditions() {
    }

    static LabelledWindows[] old(long firstSeed, int specs, int perSpec) {
        LabelledWindows[] sets = new LabelledWindows[specs];
        for (int i = 0; i < specs; i++) {
            long seed = firstSeed + i;
            SignalSpec spec = SignalSpec.of(i % 2 == 0 ? Shape.SINE : Shape.RANDOM_WALK, 1.0 + 0.25 * (i % 3),
                    2.0 * (i % 4), 20_000 + 5_000L * (i % 5)).withNoise(0.05 + 0.05 * (i % 3))
                    .withAnomalies(60, 1.5, 10_000, EnumSet.allOf(AnomalyKind.class)).withSeed(seed);
            sets[i] = generate(spec, seed, perSpec);
        }
        return sets;
    }

    static LabelledWindows[] shifted(long firstSeed, int specs, int perSpec) {
        LabelledWindows[] sets = new LabelledWindows[specs];
        for (int i = 0; i < specs; i++) {
            long seed = firstSeed + i;
            SignalSpec spec = SignalSpec.of(Shape.SINE, 3.0, -4.0, 20_000 + 3_000L * (i % 3)).withNoise(0.3)
                    .withAnomalies(60, 2.5, 5_000, EnumSet.of(AnomalyKind.SPIKE, AnomalyKind.STUCK)).withSeed(seed);
            sets[i] = generate(spec, seed, perSpec);
        }
        return sets;
    }

    private static LabelledWindows generate(SignalSpec spec, long seed, int count) {
        return new WindowGenerator(spec, WIDTH, 100, WindowGenerator.Balance.BALANCED, seed * 86_400_000L, seed, 4)
                .generate(count);
    }

    static float[][] windows(LabelledWindows[] sets) {
        return java.util.stream.Stream.of(sets).flatMap(s -> java.util.stream.Stream.of(s.windows()))
                .toArray(float[][]::new);
    }

    static int[] labels(LabelledWindows[] sets) {
        return java.util.stream.Stream.of(sets).flatMapToInt(s -> java.util.stream.IntStream.of(s.labels())).toArray();
    }

    /** The edge network of the build (conv 5x8/4, dense 8), trained on old-condition windows only. */
    static void trainInitialModel(Path folder, float[][] windows, int[] labels) throws IOException {
        WindowNetwork network = WindowNetwork.standardisedOn(WIDTH,
                List.of(new WindowNetwork.Convolution(5, 8, 4)), List.of(8), windows);
        try (TrainableModel model = TrainableModel.create(network, 42)) {
            ModelTrainer.fit(model, windows, ModelTrainer.hardTargets(labels), new ModelTrainer.Options(15, 32, 5e-3f, 1));
            model.export(folder);
        }
    }

    /** F1 of an exported SavedModel (any form: trainable float or int8) run by TensorFlow as a gateway runs it. */
    static double f1(Path savedModel, float[][] windows, int[] labels) {
        float[] flat = new float[windows.length * WIDTH];
        for (int i = 0; i < windows.length; i++) {
            System.arraycopy(windows[i], 0, flat, i * WIDTH, WIDTH);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), "serve");
                TFloat32 input = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(windows.length, WIDTH),
                        DataBuffers.of(flat, true, false));
                Result result = bundle.session().runner().feed("window:0", input).fetch("anomaly:0").run()) {
            float[] out = new float[windows.length];
            result.get(0).asRawTensor().data().asFloats().read(out);
            return BinaryScores.of(out, labels, 0.5f).f1();
        }
    }

    /** One upload as io.aiosedge.learning sends it, the cloud's answer = the true label. */
    static KuraPayload upload(String gateway, float[][] windows, int[] labels, int from, int count) {
        StringBuilder json = new StringBuilder("{\"format\":\"aios-hard-examples/1\",\"examples\":[");
        for (int i = from; i < from + count; i++) {
            json.append(i == from ? "{" : ",{").append("\"time\":").append(1_700_000_000_000L + i)
                    .append(",\"task\":\"").append(gateway).append("-task-").append(i)
                    .append("\",\"source\":\"job\",\"edgeModel\":\"anomaly-edge\",\"model\":\"anomaly-cloud\",")
                    .append("\"labelNode\":\"w1\",\"shape\":[1,64],\"window\":[");
            for (int j = 0; j < WIDTH; j++) {
                json.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", windows[i][j]));
            }
            json.append("],\"edge\":[0.5],\"label\":[").append(labels[i]).append("],\"edgeConfidence\":0.5}");
        }
        KuraPayload payload = new KuraPayload();
        payload.addMetric("format", "aios-hard-examples/1");
        payload.setBody(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        return payload;
    }
}
