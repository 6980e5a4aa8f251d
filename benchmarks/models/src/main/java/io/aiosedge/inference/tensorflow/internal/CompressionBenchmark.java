package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.Int8Export;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.trainer.AnomalyModelTrainer;

/**
 * Model compression, measured in one run: the cloud CNN against the edge model distilled from it, in float and in
 * int8. The models are trained by the project's build-time trainer into a folder first (the argument, else a
 * temporary one); the cloud model's serving-only float form (the same graph as the edge forms: constants, no
 * variables, no training signatures) is written beside it and is the baseline of every goal. For each form:
 * parameters, SavedModel bytes, per-call latency of one window (batch 1, one caller, batching off) through our engine's
 * fast path ({@code TensorInference.infer}) with every form loaded in the same engine and the forms' rounds
 * interleaved (also the process's CPU time per call, all threads), once with the engine's default threads and once
 * with one intra-op and one inter-op thread, and held-out F1 computed from the engine's answers. Prints a table and three GOAL lines:
 * {@code compression-size} (cloud bytes / edge bytes, goal ≥ 4), {@code compression-speed} (cloud µs / edge µs, goal
 * ≥ 2), {@code compression-f1-drop} (cloud F1 − edge F1 in points, goal ≤ 2), each for the edge form that ships.
 */
public final class CompressionBenchmark {

    private static final int WIDTH = 64;
    private static final int WARM_UP_ROUNDS = 4;
    private static final int ROUNDS = 41;
    private static final int CALLS_PER_ROUND = 1_000;
    /** Held-out windows per engine call when scoring. */
    private static final int SCORING_ROWS = 200;
    /** The cloud model's serving-only float form, written by this benchmark. */
    private static final String CLOUD_SERVING = "cloud-serving";

    /** One form of a model: its name in the engine and the report, what it is. */
    private record Form(String name, String description) {
    }

    private static final List<Form> FORMS = List.of(
            new Form("cloud", "cloud CNN as shipped (variables + train_step/evaluate)"),
            new Form(CLOUD_SERVING, "cloud CNN, serving-only float (the baseline)"),
            new Form("edge-float", "edge, distilled, float (trainable export)"),
            new Form("edge-int8", "edge, distilled, int8 kernels (serving-only)"));

    private CompressionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path models = args.length > 0 ? Paths.get(args[0]) : Files.createTempDirectory("aios-bench-compression");
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long started = System.nanoTime();
        AnomalyModelTrainer.main(new String[] {models.toString()});
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        try (TrainableModel cloud = TrainableModel.load(models.resolve("cloud"))) {
            deleteTree(models.resolve(CLOUD_SERVING));
            Int8Export.writeFloat(cloud, models.resolve(CLOUD_SERVING));
        }
        Properties metrics = new Properties();
        try (Reader reader = Files.newBufferedReader(models.resolve("metrics.properties"))) {
            metrics.load(reader);
        }
        String shipped = metrics.getProperty("edge.form");
        if (shipped == null) {
            throw new IllegalStateException("metrics.properties in " + models + " does not say which edge form ships (edge.form)");
        }

        Map<String, String> folders = new LinkedHashMap<>();
        for (Form form : FORMS) {
            folders.put(form.name(), models.resolve(form.name()).toString());
        }
        TensorFlowInferenceEngine engine = engine(folders, 0);
        try {
            LabelledWindows[] heldOut = AnomalyModelTrainer.heldOut();
            float[][] windows = AnomalyModelTrainer.concat(heldOut);
            int[] labels = AnomalyModelTrainer.labels(heldOut);
            Map<String, BinaryScores> scores = new LinkedHashMap<>();
            for (Form form : FORMS) {
                BinaryScores s = BinaryScores.of(score(engine, form.name(), windows), labels, 0.5f);
                // The engine must answer what TensorFlow alone answered for the trainer, or the figures mix models.
                String key = (form.name().equals(CLOUD_SERVING) ? "cloud" : form.name()) + ".f1";
                double trainerF1 = Double.parseDouble(metrics.getProperty(key, "NaN"));
                if (!(Math.abs(s.f1() - trainerF1) < 1e-3)) {
                    throw new IllegalStateException(form.name() + ": F1 through the engine " + s.f1()
                            + " differs from the trainer's " + key + "=" + trainerF1);
                }
                scores.put(form.name(), s);
            }
            System.out.printf(Locale.ROOT, "%ntrainer run %.1f s; held-out set %d windows (%d anomalous); latency: "
                    + "batch 1, batching off, %d rounds of %d calls per form after %d warm-up rounds, interleaved%n",
                    trainSeconds, labels.length, Arrays.stream(labels).sum(), ROUNDS, CALLS_PER_ROUND, WARM_UP_ROUNDS);
            long cloudBytes = AnomalyModelTrainer.bytes(models.resolve(CLOUD_SERVING));
            double cloudF1 = scores.get(CLOUD_SERVING).f1();
            Map<String, double[]> goalRounds = null;
            // The engine's default (TensorFlow picks its thread pools), then one thread each: what a small gateway
            // running batch-1 calls may configure. The goal is measured on the default.
            for (int threads : new int[] {0, 1}) {
                TensorFlowInferenceEngine measured = threads == 0 ? engine : engine(folders, threads);
                Map<String, double[]> cpu = new LinkedHashMap<>();
                Map<String, double[]> rounds;
                try {
                    rounds = latencies(measured, windows, cpu);
                } finally {
                    if (measured != engine) {
                        measured.deactivate();
                    }
                }
                System.out.printf(Locale.ROOT, "%nengine: %s; load average after %.2f%n", threads == 0
                        ? "intra-op and inter-op threads 0 (TensorFlow's defaults, the engine's default)"
                        : "intra-op and inter-op threads " + threads,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                System.out.printf(Locale.ROOT, "%-14s %10s %10s %12s %12s %12s %7s %7s %7s  %s%n", "form", "params",
                        "bytes", "us/call p50", "us/call min", "cpu us/call", "F1", "prec", "recall", "what");
                for (Form form : FORMS) {
                    double[] r = rounds.get(form.name());
                    BinaryScores s = scores.get(form.name());
                    System.out.printf(Locale.ROOT, "%-14s %10d %10d %12.1f %12.1f %12.1f %7.4f %7.3f %7.3f  %s%n",
                            form.name(), parameters(metrics, form.name()),
                            AnomalyModelTrainer.bytes(models.resolve(form.name())), median(r), min(r),
                            median(cpu.get(form.name())), s.f1(), s.precision(), s.recall(), form.description());
                }
                for (Form form : FORMS) {
                    System.out.printf(Locale.ROOT, "rounds %-14s %s%n", form.name(), format(rounds.get(form.name())));
                }
                for (String edge : List.of("edge-float", "edge-int8")) {
                    System.out.printf(Locale.ROOT, "%s vs %s: %.2fx smaller (%.2fx vs the shipped cloud folder), %.2fx"
                            + " faster (median of the rounds' ratios; fastest rounds %.2fx), CPU per call %.2fx,"
                            + " F1 %+.2f points%n", edge, CLOUD_SERVING,
                            cloudBytes / (double) AnomalyModelTrainer.bytes(models.resolve(edge)),
                            AnomalyModelTrainer.bytes(models.resolve("cloud"))
                                    / (double) AnomalyModelTrainer.bytes(models.resolve(edge)),
                            ratio(rounds.get(CLOUD_SERVING), rounds.get(edge)),
                            min(rounds.get(CLOUD_SERVING)) / min(rounds.get(edge)),
                            ratio(cpu.get(CLOUD_SERVING), cpu.get(edge)), 100 * (scores.get(edge).f1() - cloudF1));
                }
                if (threads == 0) {
                    goalRounds = rounds;
                }
            }
            System.out.println();
            System.out.println("shipped edge form: " + shipped + "; goals against " + CLOUD_SERVING
                    + ", latency with the engine's default threads");
            double size = cloudBytes / (double) AnomalyModelTrainer.bytes(models.resolve(shipped));
            double speed = ratio(goalRounds.get(CLOUD_SERVING), goalRounds.get(shipped));
            double drop = 100 * (cloudF1 - scores.get(shipped).f1());
            System.out.printf(Locale.ROOT, "GOAL compression-size %.2f 4.00 %s%n", size, size >= 4 ? "MET" : "MISSED");
            System.out.printf(Locale.ROOT, "GOAL compression-speed %.2f 2.00 %s%n", speed, speed >= 2 ? "MET" : "MISSED");
            System.out.printf(Locale.ROOT, "GOAL compression-f1-drop %.2f 2.00 %s%n", drop, drop <= 2 ? "MET" : "MISSED");
        } finally {
            engine.deactivate();
        }
    }

    /** An engine with every form loaded, batching off, no model bundles. */
    private static TensorFlowInferenceEngine engine(Map<String, String> folders, int threads) {
        return new TensorFlowInferenceEngine(new EngineOptions("compression-" + threads, folders, null, threads, threads,
                1, 0, EngineOptions.Device.CPU, false, 0), null, "");
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long parameters(Properties metrics, String form) {
        String key = (form.equals(CLOUD_SERVING) ? "cloud" : form) + ".parameters";
        String value = metrics.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("metrics.properties has no " + key);
        }
        return Long.parseLong(value);
    }

    /** Every held-out window through the engine's fast path, {@value #SCORING_ROWS} rows per call. */
    private static float[] score(TensorFlowInferenceEngine engine, String model, float[][] windows) throws Exception {
        float[] probabilities = new float[windows.length];
        for (int start = 0; start < windows.length; start += SCORING_ROWS) {
            int rows = Math.min(SCORING_ROWS, windows.length - start);
            float[] flat = new float[rows * WIDTH];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(windows[start + i], 0, flat, i * WIDTH, WIDTH);
            }
            float[] out = engine.infer(model, flat, rows, WIDTH);
            System.arraycopy(out, 0, probabilities, start, rows);
        }
        return probabilities;
    }

    /**
     * µs per call of each form, one value per round; in each round every form makes {@value #CALLS_PER_ROUND} calls,
     * one window each (cycling through 64 held-out windows), so that drift of the machine hits all forms alike.
     */
    private static Map<String, double[]> latencies(TensorFlowInferenceEngine engine, float[][] windows,
            Map<String, double[]> cpuRounds) throws Exception {
        float[][] inputs = Arrays.copyOf(windows, 64);
        Map<String, double[]> rounds = new LinkedHashMap<>();
        FORMS.forEach(f -> rounds.put(f.name(), new double[ROUNDS]));
        FORMS.forEach(f -> cpuRounds.put(f.name(), new double[ROUNDS]));
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        float sink = 0;
        for (int r = -WARM_UP_ROUNDS; r < ROUNDS; r++) {
            List<Form> order = new ArrayList<>(FORMS);
            // Rotate who goes first, so no form always follows the same one.
            java.util.Collections.rotate(order, Math.floorMod(r, order.size()));
            for (Form form : order) {
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < CALLS_PER_ROUND; i++) {
                    sink += engine.infer(form.name(), inputs[i & 63], 1, WIDTH)[0];
                }
                double micros = (System.nanoTime() - start) / 1000.0 / CALLS_PER_ROUND;
                double cpuMicros = (os.getProcessCpuTime() - cpu) / 1000.0 / CALLS_PER_ROUND;
                if (r >= 0) {
                    rounds.get(form.name())[r] = micros;
                    cpuRounds.get(form.name())[r] = cpuMicros;
                }
            }
        }
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("a model answered NaN");
        }
        return rounds;
    }

    /** Median over the rounds of a / b within each round: both were measured under the same load. */
    private static double ratio(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = a[i] / b[i];
        }
        return median(ratios);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static String format(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(String.format(Locale.ROOT, "%.1f ", v));
        }
        return b.toString().trim();
    }
}
