package io.aiosedge.models.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class TrainableModelTest {

    @TempDir
    Path temp;

    /** Sine windows; every second one carries a spike of 2 units at a random place (label 1). */
    private static float[][] windows(int count, long seed, int[] labels) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] windows = new float[count][64];
        for (int i = 0; i < count; i++) {
            double phase = random.nextDouble() * 6.28;
            for (int j = 0; j < 64; j++) {
                windows[i][j] = (float) (Math.sin(phase + j / 6.0) + 0.05 * (random.nextDouble() - 0.5));
            }
            labels[i] = i % 2;
            if (labels[i] == 1) {
                windows[i][random.nextInt(64)] += 2f;
            }
        }
        return windows;
    }

    private static WindowNetwork network(float[][] training) {
        return WindowNetwork.standardisedOn(64, List.of(new WindowNetwork.Convolution(5, 4, 2)), List.of(8), training);
    }

    @Test
    void trainsExportsReloadsAndFineTunesTheSameWeights() throws Exception {
        int[] labels = new int[256];
        float[][] training = windows(256, 1, labels);
        float[] targets = ModelTrainer.hardTargets(labels);
        int[] testLabels = new int[200];
        float[][] test = windows(200, 2, testLabels);
        try (TrainableModel model = TrainableModel.create(network(training), 7)) {
            float before = model.loss(test, ModelTrainer.hardTargets(testLabels));
            List<Float> losses = ModelTrainer.fit(model, training, targets, new ModelTrainer.Options(15, 32, 0.01f, 3));
            assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0));
            assertThat(model.loss(test, ModelTrainer.hardTargets(testLabels))).isLessThan(before);
            float[] probabilities = model.predict(test);
            assertThat(BinaryScores.of(probabilities, testLabels, 0.5f).f1()).isGreaterThan(0.9);

            model.export(temp.resolve("m"));
            Path checkpoint = temp.resolve("ckpt/weights");
            model.saveWeights(checkpoint);
            try (TrainableModel loaded = TrainableModel.load(temp.resolve("m"))) {
                assertThat(loaded.network()).isEqualTo(model.network());
                assertThat(loaded.predict(test)).containsExactly(probabilities);
                loaded.trainStep(training, targets, 0.05f);
                assertThat(loaded.predict(test)).isNotEqualTo(probabilities);
                loaded.restoreWeights(checkpoint);
                assertThat(loaded.predict(test)).containsExactly(probabilities);
            }

            Int8Export.Report report = Int8Export.write(model, temp.resolve("q"));
            assertThat(report.weightBytes()).isLessThan(report.floatBytes() / 2);
            Int8Export.Report floats = Int8Export.writeFloat(model, temp.resolve("f"));
            assertThat(floats.weightBytes()).isEqualTo(floats.floatBytes()).isEqualTo(report.floatBytes());
            assertThat(floats.worstError()).isZero();
            float[] served = serve(temp.resolve("f"), test);
            float[] quantized = serve(temp.resolve("q"), test);
            for (int i = 0; i < test.length; i++) {
                assertThat(served[i]).as("float export, window %d", i).isCloseTo(probabilities[i], within(1e-5f));
                assertThat(quantized[i]).as("int8 export, window %d", i).isCloseTo(probabilities[i], within(0.05f));
            }
            assertThat(BinaryScores.of(quantized, testLabels, 0.5f).f1()).isGreaterThan(0.9);
            assertThatThrownBy(() -> Int8Export.writeFloat(model, temp.resolve("f"))).hasMessageContaining("not empty");
            assertThatThrownBy(() -> TrainableModel.load(temp.resolve("q"))).hasMessageContaining("not trainable")
                    .hasMessageContaining("train_step");
        }
    }

    /** Runs a SavedModel's serving signature with TensorFlow alone, as an engine would. */
    private static float[] serve(Path folder, float[][] windows) {
        float[] flat = new float[windows.length * 64];
        for (int i = 0; i < windows.length; i++) {
            System.arraycopy(windows[i], 0, flat, i * 64, 64);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(folder.toString(), "serve");
                TFloat32 input = TFloat32.tensorOf(Shape.of(windows.length, 64), DataBuffers.of(flat, true, false));
                Result result = bundle.session().runner().feed("window:0", input).fetch("anomaly:0").run()) {
            float[] out = new float[windows.length];
            result.get(0).asRawTensor().data().asFloats().read(out);
            return out;
        }
    }

    @Test
    void sameSeedSameWeights() {
        int[] labels = new int[64];
        float[][] training = windows(64, 5, labels);
        try (TrainableModel a = TrainableModel.create(network(training), 11);
                TrainableModel b = TrainableModel.create(network(training), 11)) {
            ModelTrainer.Options options = new ModelTrainer.Options(2, 16, 0.01f, 1);
            ModelTrainer.fit(a, training, ModelTrainer.hardTargets(labels), options);
            ModelTrainer.fit(b, training, ModelTrainer.hardTargets(labels), options);
            Map<String, float[]> wa = a.weights();
            Map<String, float[]> wb = b.weights();
            wa.forEach((name, values) -> assertThat(wb.get(name)).as(name).containsExactly(values));
        }
    }

    @Test
    void badInputsAreNamed() {
        int[] labels = new int[8];
        float[][] training = windows(8, 5, labels);
        try (TrainableModel model = TrainableModel.create(network(training), 1)) {
            assertThatThrownBy(() -> model.predict(new float[][] {new float[63]})).hasMessageContaining("63 samples")
                    .hasMessageContaining("64");
            assertThatThrownBy(() -> model.trainStep(training, new float[] {2f, 0, 0, 0, 0, 0, 0, 0}, 0.01f))
                    .hasMessageContaining("target 0").hasMessageContaining("[0, 1]");
            assertThatThrownBy(() -> model.trainStep(training, new float[8], 0f)).hasMessageContaining("learning rate");
            assertThatThrownBy(() -> model.setWeights(Map.of("nope", new float[1]))).hasMessageContaining("'nope'");
            assertThatThrownBy(() -> model.restoreWeights(Path.of("/nonexistent/w"))).hasMessageContaining("no checkpoint");
        }
        assertThatThrownBy(() -> new WindowNetwork.Convolution(4, 8, 2)).hasMessageContaining("odd");
        assertThatThrownBy(() -> WindowNetwork.parse("width=64 conv=5x4 hidden= mean= scale="))
                .hasMessageContaining("'5x4'");
    }
}
