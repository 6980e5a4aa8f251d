package io.aiosedge.models.trainer;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;

/**
 * Trains the project's two anomaly models on labelled windows of the simulated driver's signal model and
 * exports them as SavedModels: {@code edge/} (logistic regression on 4 window statistics, a few hundred
 * bytes of weights) and {@code cloud/} (an MLP 132-32-16-1 on 5 statistics plus the scaled window and its
 * differences). Both are scored with TensorFlow itself on a held-out set generated from other seeds, and the
 * scores go to {@code metrics.properties}.
 *
 * <p>Usage: {@code java -cp <classpath> io.aiosedge.models.trainer.AnomalyModelTrainer <output folder>}
 * (the build runs it; see the README). Everything derives from fixed seeds: the same code gives the same
 * weights and scores.
 */
public final class AnomalyModelTrainer {

    /** Samples per window. */
    static final int WINDOW = WindowFeatures.WINDOW;
    /** Time between two samples, ms. */
    static final long SAMPLE_PERIOD_MS = 100;
    /** Samples inside an anomaly that make a window anomalous. */
    static final int MIN_ANOMALOUS_SAMPLES = 4;
    static final long TRAINING_SEED = 42;

    private AnomalyModelTrainer() {
    }

    /**
     * @param args the output folder
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AnomalyModelTrainer <output folder>");
            System.exit(2);
        }
        Path out = Paths.get(args[0]);
        long started = System.nanoTime();
        LabelledWindows[] train = windows(1, 16, 800);
        LabelledWindows[] test = windows(1001, 6, 400);
        float[][] trainWindows = concat(train);
        int[] trainLabels = labels(train);
        float[][] testWindows = concat(test);
        int[] testLabels = labels(test);

        DenseNetwork edge = new DenseNetwork(new int[] {WindowFeatures.EDGE_SUMMARY, 1}, TRAINING_SEED);
        float[][] edgeInputs = map(trainWindows, false);
        edge.standardise(edgeInputs, WindowFeatures.EDGE_SUMMARY);
        edge.train(edgeInputs, trainLabels, 60, 64, 0.02, 0.0, TRAINING_SEED);

        DenseNetwork cloud = new DenseNetwork(new int[] {WindowFeatures.CLOUD_INPUTS, 32, 16, 1}, TRAINING_SEED);
        float[][] cloudInputs = map(trainWindows, true);
        cloud.standardise(cloudInputs, WindowFeatures.CLOUD_SUMMARY);
        cloud.train(cloudInputs, trainLabels, 60, 64, 0.001, 1e-4, TRAINING_SEED);

        Properties metrics = new Properties();
        metrics.setProperty("train.windows", Integer.toString(trainLabels.length));
        metrics.setProperty("test.windows", Integer.toString(testLabels.length));
        export(out.resolve("edge"), "edge", edge, false, testWindows, testLabels, metrics);
        export(out.resolve("cloud"), "cloud", cloud, true, testWindows, testLabels, metrics);
        // Sorted and without Properties.store's date line, so the model bundles are reproducible.
        try (Writer writer = Files.newBufferedWriter(out.resolve("metrics.properties"))) {
            writer.write("# held-out scores of the anomaly models (threshold 0.5)\n");
            for (String key : new java.util.TreeSet<>(metrics.stringPropertyNames())) {
                writer.write(key + "=" + metrics.getProperty(key) + "\n");
            }
        }
        System.out.printf(Locale.ROOT, "trained in %.1f s; scores in %s%n", (System.nanoTime() - started) / 1e9,
                out.resolve("metrics.properties"));
    }

    /**
     * Labelled windows, half anomalous, from {@code specs} signals (sine and random walk alternating, seeds from
     * {@code firstSeed}) with noise 0.05-0.15, spikes/drifts/stuck values up to 1.5 units for up to 10 s.
     */
    static LabelledWindows[] windows(long firstSeed, int specs, int perSpec) {
        LabelledWindows[] sets = new LabelledWindows[specs];
        for (int i = 0; i < specs; i++) {
            long seed = firstSeed + i;
            io.aiosedge.driver.simulated.signal.Shape shape = i % 2 == 0
                    ? io.aiosedge.driver.simulated.signal.Shape.SINE
                    : io.aiosedge.driver.simulated.signal.Shape.RANDOM_WALK;
            SignalSpec spec = SignalSpec.of(shape, 1.0 + 0.25 * (i % 3), 2.0 * (i % 4), 20_000 + 5_000L * (i % 5))
                    .withNoise(0.05 + 0.05 * (i % 3))
                    .withAnomalies(60, 1.5, 10_000, EnumSet.allOf(AnomalyKind.class))
                    .withSeed(seed);
            sets[i] = new WindowGenerator(spec, WINDOW, SAMPLE_PERIOD_MS, WindowGenerator.Balance.BALANCED,
                    seed * 86_400_000L, seed, MIN_ANOMALOUS_SAMPLES).generate(perSpec);
        }
        return sets;
    }

    private static void export(Path directory, String name, DenseNetwork network, boolean cloudInputs,
            float[][] testWindows, int[] testLabels, Properties metrics) throws IOException {
        SavedModelWriter.write(directory, network, cloudInputs);
        float[] probabilities = runSavedModel(directory, testWindows);
        double worstDifference = 0;
        for (int i = 0; i < testWindows.length; i++) {
            float java = network.predict(cloudInputs ? WindowFeatures.cloud(testWindows[i]) : WindowFeatures.edge(testWindows[i]));
            worstDifference = Math.max(worstDifference, Math.abs(java - probabilities[i]));
        }
        if (worstDifference > 1e-3) {
            throw new IllegalStateException(name + ": the SavedModel disagrees with the trained network by "
                    + worstDifference);
        }
        Scores scores = Scores.of(probabilities, testLabels, 0.5f);
        metrics.setProperty(name + ".precision", format(scores.precision()));
        metrics.setProperty(name + ".recall", format(scores.recall()));
        metrics.setProperty(name + ".f1", format(scores.f1()));
        metrics.setProperty(name + ".accuracy", format(scores.accuracy()));
        int parameters = 0;
        for (int l = 0; l < network.weights.length; l++) {
            parameters += network.weights[l].length * network.weights[l][0].length + network.biases[l].length;
        }
        metrics.setProperty(name + ".parameters", Integer.toString(parameters));
        System.out.printf(Locale.ROOT, "%-5s %6d parameters  precision %.3f  recall %.3f  F1 %.3f  accuracy %.3f%n",
                name, parameters, scores.precision(), scores.recall(), scores.f1(), scores.accuracy());
    }

    /** Scores the exported model with TensorFlow, so the figures are those of what ships. */
    static float[] runSavedModel(Path directory, float[][] windows) {
        float[] flat = new float[windows.length * WINDOW];
        for (int i = 0; i < windows.length; i++) {
            System.arraycopy(windows[i], 0, flat, i * WINDOW, WINDOW);
        }
        try (SavedModelBundle model = SavedModelBundle.load(directory.toString(), "serve");
                TFloat32 input = TFloat32.tensorOf(Shape.of(windows.length, WINDOW), DataBuffers.of(flat, true, false));
                Result result = model.session().runner().feed("window:0", input).fetch("anomaly:0").run()) {
            float[] probabilities = new float[windows.length];
            result.get(0).asRawTensor().data().asFloats().read(probabilities);
            return probabilities;
        }
    }

    private static float[][] map(float[][] windows, boolean cloud) {
        float[][] inputs = new float[windows.length][];
        for (int i = 0; i < windows.length; i++) {
            inputs[i] = cloud ? WindowFeatures.cloud(windows[i]) : WindowFeatures.edge(windows[i]);
        }
        return inputs;
    }

    private static float[][] concat(LabelledWindows[] sets) {
        int total = 0;
        for (LabelledWindows set : sets) {
            total += set.count();
        }
        float[][] windows = new float[total][];
        int next = 0;
        for (LabelledWindows set : sets) {
            for (float[] window : set.windows()) {
                windows[next++] = window;
            }
        }
        return windows;
    }

    private static int[] labels(LabelledWindows[] sets) {
        int total = 0;
        for (LabelledWindows set : sets) {
            total += set.count();
        }
        int[] labels = new int[total];
        int next = 0;
        for (LabelledWindows set : sets) {
            for (int label : set.labels()) {
                labels[next++] = label;
            }
        }
        return labels;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
