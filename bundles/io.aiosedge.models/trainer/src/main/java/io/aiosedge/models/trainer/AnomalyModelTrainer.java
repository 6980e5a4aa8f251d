package io.aiosedge.models.trainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.google.protobuf.CodedOutputStream;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;
import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.Int8Export;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.learning.WindowNetwork;
import io.aiosedge.models.learning.WindowNetwork.Convolution;

/**
 * Trains the project's two anomaly models with TensorFlow Java ({@code io.aiosedge.models.learning}: gradients from
 * the graph, TensorFlow's Adam) on labelled windows of the simulated driver's signal model, and writes them as
 * SavedModels into the output folder:
 * <ul>
 * <li>{@code cloud/}: the cloud model, a 1-D CNN on the raw window ({@link #CLOUD}), trained on the hard labels;
 * trainable form (variables, {@code serving_default}, {@code train_step}, {@code evaluate});</li>
 * <li>{@code edge-float/}: the edge model ({@link #EDGE}), distilled from the cloud model (targets
 * {@value #HARD_LABEL_WEIGHT} × label + the rest × the cloud model's probability); trainable form, what a cloud
 * trainer fine-tunes;</li>
 * <li>{@code edge-int8/}: the same edge model, serving-only, kernels in 8 bits dequantized in the graph;</li>
 * <li>{@code edge/}: the form the edge model bundle ships ({@value #SHIPPED_EDGE}: as small and as fast as the
 * float form at the same F1, see the README and benchmarks/models);</li>
 * <li>{@code metrics.properties}: held-out scores, parameters and SavedModel bytes of each.</li>
 * </ul>
 * Every form is scored by loading the <em>exported</em> SavedModel with TensorFlow on a held-out set from other seeds;
 * the float exports must agree with the trained session within {@value #WORST_FLOAT_DIFFERENCE}, and the shipped edge
 * model must score F1 ≥ {@value #EDGE_F1_FLOOR} and at most {@value #EDGE_F1_MAX_DROP} below the cloud model, else the
 * run fails.
 *
 * <p>Usage: {@code java -cp <classpath> io.aiosedge.models.trainer.AnomalyModelTrainer <output folder>} (the build
 * runs it). Everything derives from fixed seeds and runs on one TensorFlow thread: the same code gives the same
 * weights and scores.
 */
public final class AnomalyModelTrainer {

    /** Samples per window. */
    static final int WINDOW = 64;
    /** Time between two samples, ms. */
    static final long SAMPLE_PERIOD_MS = 100;
    /** Samples inside an anomaly that make a window anomalous. */
    static final int MIN_ANOMALOUS_SAMPLES = 4;
    static final long TRAINING_SEED = 42;
    /** Cloud model: two convolution blocks and one hidden layer. */
    static final List<Convolution> CLOUD_CONVOLUTIONS = List.of(new Convolution(7, 32, 1), new Convolution(5, 64, 1),
            new Convolution(5, 64, 2), new Convolution(5, 64, 2));
    static final List<Integer> CLOUD_HIDDEN = List.of(32);
    /** Edge model: one narrow convolution block pooled by 4, one small hidden layer. */
    static final List<Convolution> EDGE_CONVOLUTIONS = List.of(new Convolution(5, 8, 4));
    static final List<Integer> EDGE_HIDDEN = List.of(8);
    /** Share of the hard label in the edge model's targets; the rest is the cloud model's probability. */
    static final float HARD_LABEL_WEIGHT = 0.5f;
    static final double WORST_FLOAT_DIFFERENCE = 1e-4;
    /** The shipped edge model must score at least this F1 (the logistic regression's before the CNN, 0.771). */
    static final double EDGE_F1_FLOOR = 0.771;
    /** ... and at most this much F1 below the cloud model (0.02 = 2 points). */
    static final double EDGE_F1_MAX_DROP = 0.02;
    /** The form the edge bundle ships. */
    static final String SHIPPED_EDGE = "edge-int8";

    /** The cloud and the edge model's schedules: epochs at each learning rate. */
    static final int[] CLOUD_EPOCHS = {8, 4};
    static final float[] CLOUD_RATES = {2e-3f, 5e-4f};
    static final int[] EDGE_EPOCHS = {14, 6};
    static final float[] EDGE_RATES = {5e-3f, 1e-3f};
    static final int BATCH = 64;

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
        for (String folder : List.of("cloud", "edge-float", "edge-int8", "edge")) {
            deleteTree(out.resolve(folder));
        }
        Map<String, String> metrics = new TreeMap<>();
        metrics.put("train.windows", Integer.toString(trainLabels.length));
        metrics.put("test.windows", Integer.toString(testLabels.length));

        WindowNetwork cloudNetwork = WindowNetwork.standardisedOn(WINDOW, CLOUD_CONVOLUTIONS, CLOUD_HIDDEN, trainWindows);
        WindowNetwork edgeNetwork = WindowNetwork.standardisedOn(WINDOW, EDGE_CONVOLUTIONS, EDGE_HIDDEN, trainWindows);
        float[] teacher;
        try (TrainableModel cloud = TrainableModel.create(cloudNetwork, TRAINING_SEED)) {
            long t = System.nanoTime();
            train(cloud, trainWindows, ModelTrainer.hardTargets(trainLabels), CLOUD_EPOCHS, CLOUD_RATES);
            log("cloud", t);
            cloud.export(out.resolve("cloud"));
            score(out.resolve("cloud"), "cloud", cloud, cloud.predict(testWindows), testWindows, testLabels, metrics);
            teacher = cloud.predict(trainWindows);
        }
        try (TrainableModel edge = TrainableModel.create(edgeNetwork, TRAINING_SEED)) {
            long t = System.nanoTime();
            train(edge, trainWindows, ModelTrainer.distillationTargets(trainLabels, teacher, HARD_LABEL_WEIGHT),
                    EDGE_EPOCHS, EDGE_RATES);
            log("edge", t);
            float[] trained = edge.predict(testWindows);
            edge.export(out.resolve("edge-float"));
            score(out.resolve("edge-float"), "edge-float", edge, trained, testWindows, testLabels, metrics);
            Int8Export.Report report = Int8Export.write(edge, out.resolve("edge-int8"));
            metrics.put("edge-int8.weight.bytes", Long.toString(report.weightBytes()));
            metrics.put("edge-int8.worst.weight.error", format(report.worstError()));
            score(out.resolve("edge-int8"), "edge-int8", edge, null, testWindows, testLabels, metrics);
            Int8Export.write(edge, out.resolve("edge"));
            score(out.resolve("edge"), "edge", edge, null, testWindows, testLabels, metrics);
            metrics.put("edge.form", SHIPPED_EDGE);
        }
        checkShippedEdge(metrics);
        // Sorted and without Properties.store's date line, so the model bundles are reproducible.
        try (Writer writer = Files.newBufferedWriter(out.resolve("metrics.properties"))) {
            writer.write("# held-out scores of the anomaly models (threshold 0.5), parameters and SavedModel bytes\n");
            for (Map.Entry<String, String> e : metrics.entrySet()) {
                writer.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        System.out.printf(Locale.ROOT, "trained in %.1f s; scores in %s%n", (System.nanoTime() - started) / 1e9,
                out.resolve("metrics.properties"));
    }

    /**
     * Fails the build when the edge model that ships scores below {@value #EDGE_F1_FLOOR} (the F1 of the logistic
     * regression it replaced) or more than {@value #EDGE_F1_MAX_DROP} below the cloud model.
     */
    private static void checkShippedEdge(Map<String, String> metrics) {
        double edge = Double.parseDouble(metrics.get("edge.f1"));
        double cloud = Double.parseDouble(metrics.get("cloud.f1"));
        if (edge < EDGE_F1_FLOOR || edge < cloud - EDGE_F1_MAX_DROP) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the shipped edge model (%s) scores F1 %.4f on the"
                    + " held-out set: below %.3f or more than %.2f below the cloud model's %.4f", SHIPPED_EDGE, edge,
                    EDGE_F1_FLOOR, EDGE_F1_MAX_DROP, cloud));
        }
    }

    /** Removes what an earlier run wrote there (the exports refuse a folder that is not empty). */
    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void train(TrainableModel model, float[][] windows, float[] targets, int[] epochs, float[] rates) {
        for (int phase = 0; phase < epochs.length; phase++) {
            ModelTrainer.fit(model, windows, targets,
                    new ModelTrainer.Options(epochs[phase], BATCH, rates[phase], TRAINING_SEED + phase));
        }
    }

    private static void log(String name, long startNanos) {
        System.out.printf(Locale.ROOT, "%-10s trained in %.1f s%n", name, (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * Labelled windows, half anomalous, from {@code specs} signals (sine and random walk alternating, seeds from
     * {@code firstSeed}) with noise 0.05-0.15, spikes/drifts/stuck values up to 1.5 units for up to 10 s.
     *
     * @param firstSeed seed of the first signal
     * @param specs signals
     * @param perSpec windows per signal
     * @return one set per signal
     */
    public static LabelledWindows[] windows(long firstSeed, int specs, int perSpec) {
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

    /** The held-out set the README's scores are measured on: 6 signals × 400 windows, seeds 1001-1006. */
    public static LabelledWindows[] heldOut() {
        return windows(1001, 6, 400);
    }

    /**
     * Scores the exported SavedModel with TensorFlow, so the figures are those of what ships; a float export must
     * compute what the trained session computes.
     */
    private static void score(Path directory, String name, TrainableModel model, float[] trained, float[][] testWindows,
            int[] testLabels, Map<String, String> metrics) throws IOException {
        canonicalise(directory);
        float[] probabilities = runSavedModel(directory, testWindows);
        if (trained != null) {
            double worst = 0;
            for (int i = 0; i < probabilities.length; i++) {
                worst = Math.max(worst, Math.abs(trained[i] - probabilities[i]));
            }
            if (worst > WORST_FLOAT_DIFFERENCE) {
                throw new IllegalStateException(name + ": the exported SavedModel disagrees with the trained session by "
                        + worst);
            }
        }
        BinaryScores scores = BinaryScores.of(probabilities, testLabels, 0.5f);
        long bytes = bytes(directory);
        metrics.put(name + ".precision", format(scores.precision()));
        metrics.put(name + ".recall", format(scores.recall()));
        metrics.put(name + ".f1", format(scores.f1()));
        metrics.put(name + ".accuracy", format(scores.accuracy()));
        metrics.put(name + ".parameters", Long.toString(model.parameters()));
        metrics.put(name + ".savedmodel.bytes", Long.toString(bytes));
        metrics.put(name + ".network", model.network().encode().replaceAll(" mean=.*", ""));
        System.out.printf(Locale.ROOT, "%-10s %6d parameters %8d bytes  %s%n", name, model.parameters(), bytes, scores);
    }

    /**
     * Rewrites {@code saved_model.pb} with map entries sorted: TensorFlow writes a node's attributes in no fixed order,
     * so two runs would give the same graph in different bytes, and the model bundles would not be reproducible.
     */
    static void canonicalise(Path directory) throws IOException {
        Path file = directory.resolve("saved_model.pb");
        SavedModel model = SavedModel.parseFrom(Files.readAllBytes(file));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.getSerializedSize());
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        model.writeTo(out);
        out.flush();
        Files.write(file, bytes.toByteArray());
    }

    /**
     * @param directory a SavedModel folder
     * @return bytes of every file in it
     */
    public static long bytes(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + directory, e);
        }
    }

    /**
     * Runs a SavedModel's {@code serving_default} with TensorFlow alone on every window.
     *
     * @param directory the SavedModel folder
     * @param windows rows of {@value #WINDOW} samples
     * @return one probability per row
     */
    public static float[] runSavedModel(Path directory, float[][] windows) {
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

    /**
     * @param sets labelled window sets
     * @return their windows, in order
     */
    public static float[][] concat(LabelledWindows[] sets) {
        return Stream.of(sets).flatMap(s -> Stream.of(s.windows())).toArray(float[][]::new);
    }

    /**
     * @param sets labelled window sets
     * @return their labels, in order
     */
    public static int[] labels(LabelledWindows[] sets) {
        return Stream.of(sets).flatMapToInt(s -> java.util.Arrays.stream(s.labels())).toArray();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
