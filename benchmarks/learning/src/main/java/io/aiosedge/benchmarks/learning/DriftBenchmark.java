package io.aiosedge.benchmarks.learning;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.cloudconnection.message.KuraMessage;

import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;
import io.aiosedge.inference.tensorflow.internal.DriftEngines;
import io.aiosedge.inference.tensorflow.internal.TensorFlowInferenceEngine;
import io.aiosedge.learning.cloud.internal.DriftTrainer;
import io.aiosedge.learning.internal.DriftGateway;
import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.trainer.AnomalyModelTrainer;

/**
 * The drift scenario of issue 14, both arms in one run on the same stream: windows of machine A (the conditions the
 * shipped models were trained for), then, from the drift point on, windows of machine B (other shapes, noise, offset,
 * period, larger and shorter anomalies of two kinds only).
 * <ul>
 * <li><b>No loop:</b> the shipped int8 edge model answers every window forever; joint inference escalates an answer
 * whose confidence ({@link TaskResult#confidenceOf}) is below the scheduler's {@code joint.confidence.threshold} to
 * the cloud model.</li>
 * <li><b>Loop:</b> the same, and every escalated task, with the cloud model's answer as its result, goes through the
 * gateway's hard-example filter and upload format; the cloud {@code Trainer} component (its metatype defaults:
 * 200 new examples per run, replay share 0.5, held-out share 0.25, margin 0.01, 30 epochs) fine-tunes, validates
 * and promotes; a promoted version's pushed archive is installed (SHA-256 checked) into the gateway's
 * {@link TensorFlowInferenceEngine}, a hot swap, while another thread keeps sending requests to the same model.</li>
 * </ul>
 * Time is the stream's (one window = 64 samples × 100 ms = 6.4 s); the trainer runs when it is due by that clock and
 * the stream waits for it (as if training took no stream time). Prints per block edge F1 on current data, cloud F1,
 * share escalated and bytes uplinked for both arms, every training run, and the GOAL lines.
 *
 * <p>Arguments: {@code key=value} settings (see {@link Settings}); blank arguments are ignored.
 */
public final class DriftBenchmark {

    static final int WIDTH = 64;
    static final long SAMPLE_PERIOD_MS = 100;
    static final long WINDOW_MS = WIDTH * SAMPLE_PERIOD_MS;
    static final String EDGE = "anomaly-edge";
    static final String CLOUD = "anomaly-cloud";
    static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00Z, the stream's clock
    static final String UPLOAD_TOPIC = "aios/v1/t1/gw1/data/hard-examples";

    /**
     * The run's settings.
     *
     * @param models folder with the trainer's output ({@code edge/}, {@code edge-float/}, {@code cloud/}); empty:
     *        train into {@code target/drift-models} first (about 30 s)
     * @param block windows per printed block
     * @param blocksBefore blocks of machine A before the drift point
     * @param blocksAfter blocks of machine B after it
     * @param threshold joint inference's confidence threshold (the scheduler's default 0.8)
     * @param examplesBound the stated bound of hard examples until the gap is closed
     * @param steadyBlocks blocks at the end of the run the final gap and escalation share are measured on
     * @param threads TensorFlow threads of each engine
     * @param probeOnly print the shipped models' F1 on both machines and stop
     * @param trainer the cloud trainer's settings that differ from its metatype defaults ({@code trainer.<property>})
     * @param seedShift added to the seeds of the stream's signals (machine A 3001-3004, machine B 4001-4004), for
     *        checks on other streams; 0 is the kept run
     */
    record Settings(String models, int block, int blocksBefore, int blocksAfter, double threshold, int examplesBound,
            int steadyBlocks, int threads, boolean probeOnly, Map<String, Object> trainer, int seedShift) {

        static Settings parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String arg : args) {
                if (arg == null || arg.isBlank()) {
                    continue;
                }
                for (String part : arg.trim().split("\\s+")) {
                    int eq = part.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("argument '" + part + "' is not key=value");
                    }
                    values.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            Settings s = new Settings(values.getOrDefault("models", ""),
                    integer(values, "block", 500, 100, 10_000), integer(values, "blocks.before", 4, 1, 100),
                    integer(values, "blocks.after", 24, 2, 400), number(values, "threshold", 0.8, 0.5, 1),
                    integer(values, "examples.bound", 1000, 1, 1_000_000), integer(values, "steady.blocks", 4, 1, 100),
                    integer(values, "threads", 1, 0, 64), Boolean.parseBoolean(values.getOrDefault("probe.only", "false")),
                    new LinkedHashMap<>(), integer(values, "seed.shift", 0, 0, 900));
            List<String> known = List.of("models", "block", "blocks.before", "blocks.after", "threshold",
                    "examples.bound", "steady.blocks", "threads", "probe.only", "seed.shift");
            List<String> trainerNames = DriftTrainer.settingNames();
            for (String key : values.keySet()) {
                if (key.startsWith("trainer.")) {
                    String property = key.substring("trainer.".length());
                    if (!trainerNames.contains(property) || List.of("initial.model.directory", "old.data.file",
                            "work.directory").contains(property)) {
                        throw new IllegalArgumentException("'" + key + "': the trainer has no setting '" + property
                                + "' the benchmark lets you change; it has " + trainerNames);
                    }
                    s.trainer().put(property, values.get(key));
                } else if (!known.contains(key)) {
                    throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + known);
                }
            }
            if (s.steadyBlocks >= s.blocksAfter) {
                throw new IllegalArgumentException("steady.blocks (" + s.steadyBlocks + ") must be below blocks.after ("
                        + s.blocksAfter + ")");
            }
            return s;
        }

        private static int integer(Map<String, String> values, String key, int dflt, int min, int max) {
            String text = values.get(key);
            if (text == null) {
                return dflt;
            }
            int v;
            try {
                v = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, not '" + text + "'");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(key + " must be within " + min + ".." + max + ": " + v);
            }
            return v;
        }

        private static double number(Map<String, String> values, String key, double dflt, double min, double max) {
            String text = values.get(key);
            if (text == null) {
                return dflt;
            }
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, not '" + text + "'");
            }
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(key + " must be within " + min + ".." + max + ": " + v);
            }
            return v;
        }
    }

    private DriftBenchmark() {
    }

    /**
     * Machine B: ramp and square waves (shapes the old machine never had) of 1.0-1.4 units around −3 to −5, periods
     * of 24-36 s, noise σ 0.18 (the old machine's: 0.05-0.15), and only small spikes and drifts: at most 0.8 units
     * (the old machine's anomalies reach 1.5) for up to 6 s. Chosen so that the cloud CNN still tells most anomalies
     * apart while the 73× smaller edge model loses several points (see the README for the probe behind it).
     *
     * @param firstSeed seed of the first signal
     * @param specs signals
     * @param perSpec windows per signal, half anomalous
     */
    static LabelledWindows[] machineB(long firstSeed, int specs, int perSpec) {
        LabelledWindows[] sets = new LabelledWindows[specs];
        for (int i = 0; i < specs; i++) {
            long seed = firstSeed + i;
            SignalSpec spec = SignalSpec.of(i % 2 == 0 ? Shape.RAMP : Shape.SQUARE, 1.0 + 0.2 * (i % 3),
                    -3.0 - (i % 3), 24_000 + 4_000L * (i % 4)).withNoise(0.18)
                    .withAnomalies(60, 0.8, 6_000, EnumSet.of(AnomalyKind.SPIKE)).withSeed(seed);
            sets[i] = new WindowGenerator(spec, WIDTH, SAMPLE_PERIOD_MS, WindowGenerator.Balance.BALANCED,
                    seed * 86_400_000L, seed, 4).generate(perSpec);
        }
        return sets;
    }

    /** Machine A: the trainer's own conditions (sine and random walk, every anomaly kind), other seeds. */
    static LabelledWindows[] machineA(long firstSeed, int specs, int perSpec) {
        return AnomalyModelTrainer.windows(firstSeed, specs, perSpec);
    }

    /** The signals' windows taken in turn (several sensors of one machine feeding one stream). */
    static void interleave(LabelledWindows[] sets, List<float[]> windows, List<Integer> labels) {
        int n = sets[0].windows().length;
        for (int k = 0; k < n; k++) {
            for (LabelledWindows set : sets) {
                windows.add(set.windows()[k]);
                labels.add(set.labels()[k]);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        long started = System.nanoTime();
        Path models;
        if (settings.models().isEmpty()) {
            models = Path.of("target", "drift-models").toAbsolutePath();
            System.out.println("training the shipped models with the project's trainer into " + models);
            AnomalyModelTrainer.main(new String[] {models.toString()});
        } else {
            models = Path.of(settings.models()).toAbsolutePath();
        }
        for (String form : List.of("edge", "edge-float", "cloud")) {
            if (!Files.isRegularFile(models.resolve(form).resolve("saved_model.pb"))) {
                throw new IOException("models folder " + models + " lacks " + form + "/saved_model.pb (the trainer's"
                        + " output: edge/, edge-float/, cloud/)");
            }
        }

        int perSignalA = settings.block() * settings.blocksBefore() / 4;
        int perSignalB = settings.block() * settings.blocksAfter() / 4;
        List<float[]> stream = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        interleave(machineA(3001 + settings.seedShift(), 4, perSignalA), stream, labelList);
        int drift = stream.size();
        interleave(machineB(4001 + settings.seedShift(), 4, perSignalB), stream, labelList);
        float[][] windows = stream.toArray(float[][]::new);
        int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
        int total = windows.length;

        Path work = Files.createTempDirectory("aios-drift-");
        Path oldData = work.resolve("old-conditions.csv");
        LabelledWindows[] old = machineA(501, 6, 100);
        DriftTrainer.writeOldData(oldData, AnomalyModelTrainer.concat(old), AnomalyModelTrainer.labels(old));

        TensorFlowInferenceEngine cloudEngine = DriftEngines.start("drift-cloud",
                Map.of(CLOUD, models.resolve("cloud").toString()), settings.threads());
        TensorFlowInferenceEngine fixedEngine = DriftEngines.start("drift-gateway-fixed",
                Map.of(EDGE, models.resolve("edge").toString()), settings.threads());
        TensorFlowInferenceEngine loopEngine = DriftEngines.start("drift-gateway-loop",
                Map.of(EDGE, models.resolve("edge").toString()), settings.threads());
        try {
            float[] cloud = batch(cloudEngine, CLOUD, windows);
            float[] shippedEdge = batch(fixedEngine, EDGE, windows);
            System.out.printf(Locale.ROOT, "stream: %d windows of %d samples (%.1f s each), machine A %d, then machine B"
                    + " %d (drift at window %d), half of each anomalous; signal seeds %d-%d and %d-%d%n", total, WIDTH,
                    WINDOW_MS / 1000.0, drift, total - drift, drift, 3001 + settings.seedShift(),
                    3004 + settings.seedShift(), 4001 + settings.seedShift(), 4004 + settings.seedShift());
            System.out.printf(Locale.ROOT, "shipped models on the stream (threshold 0.5): machine A edge F1 %.3f,"
                    + " cloud F1 %.3f; machine B edge F1 %.3f, cloud F1 %.3f%n",
                    f1(shippedEdge, labels, 0, drift), f1(cloud, labels, 0, drift),
                    f1(shippedEdge, labels, drift, total), f1(cloud, labels, drift, total));
            System.out.printf(Locale.ROOT, "escalated (confidence below %.2f) by the shipped edge model: machine A"
                    + " %.1f %%, machine B %.1f %%%n", settings.threshold(),
                    100 * escalatedShare(shippedEdge, settings.threshold(), 0, drift),
                    100 * escalatedShare(shippedEdge, settings.threshold(), drift, total));
            if (settings.probeOnly()) {
                return;
            }
            run(settings, models, work, oldData, windows, labels, drift, cloud, fixedEngine, loopEngine);
        } finally {
            DriftEngines.stop(loopEngine);
            DriftEngines.stop(fixedEngine);
            DriftEngines.stop(cloudEngine);
            System.out.printf(Locale.ROOT, "run %.1f s; load average %.2f%n", (System.nanoTime() - started) / 1e9,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Per-window record of one arm. */
    static final class Arm {
        final String name;
        final float[] edge;
        final boolean[] escalated;
        final long[] uplinkBytes;
        long uploadBytes;
        long uploads;

        Arm(String name, int n) {
            this.name = name;
            this.edge = new float[n];
            this.escalated = new boolean[n];
            this.uplinkBytes = new long[n];
        }

        double f1(int[] labels, int from, int to) {
            return DriftBenchmark.f1(edge, labels, from, to);
        }

        double jointF1(float[] cloud, int[] labels, int from, int to) {
            float[] joint = new float[to - from];
            for (int i = from; i < to; i++) {
                joint[i - from] = escalated[i] ? cloud[i] : edge[i];
            }
            return BinaryScores.of(joint, java.util.Arrays.copyOfRange(labels, from, to), 0.5f).f1();
        }

        double escalatedShare(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                n += escalated[i] ? 1 : 0;
            }
            return n / (double) (to - from);
        }

        long bytes(int from, int to) {
            long sum = 0;
            for (int i = from; i < to; i++) {
                sum += uplinkBytes[i];
            }
            return sum;
        }
    }

    /** One training run of the loop arm, and what followed. */
    record Promotion(DriftTrainer.Run run, int window, long examplesUploaded, double installMillis, long servedDuring) {
    }

    private static void run(Settings settings, Path models, Path work, Path oldData, float[][] windows, int[] labels,
            int drift, float[] cloud, TensorFlowInferenceEngine fixedEngine, TensorFlowInferenceEngine loopEngine)
            throws Exception {
        int total = windows.length;
        Arm fixed = new Arm("no loop", total);
        Arm loop = new Arm("loop", total);
        List<Promotion> runs = new ArrayList<>();
        List<Integer> installs = new ArrayList<>();
        DriftGateway gateway = new DriftGateway(1.0, 0, 1.0, 600, 50, 7, START_MILLIS);
        long examplesUploaded = 0;
        long examplesAtDrift = 0;
        long failed = 0;

        // the other thread: requests to the loop arm's edge model all the time, on windows near the stream's position
        AtomicInteger position = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean swapping = new AtomicBoolean();
        AtomicLong served = new AtomicLong();
        AtomicLong loadFailed = new AtomicLong();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread load = new Thread(() -> {
            int k = 0;
            while (!stop.get()) {
                int i = Math.max(0, position.get() - (k++ % 64));
                try {
                    float[] out = loopEngine.infer(EDGE, windows[i], 1, WIDTH);
                    if (out.length != 1 || !(out[0] >= 0 && out[0] <= 1)) {
                        throw new IllegalStateException("answer " + java.util.Arrays.toString(out));
                    }
                    served.incrementAndGet();
                } catch (Exception e) {
                    loadFailed.incrementAndGet();
                    if (failures.size() < 5) {
                        failures.add(e.toString());
                    }
                }
                if ((k & 7) == 0 && !swapping.get()) {
                    // leaves the stream and the trainer most of the two cores; requests still arrive every ~100 µs
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
            }
        }, "drift-load");

        // the stream's clock decides when the trainer looks (after each upload), so no wall-clock interval
        Map<String, Object> trainerSettings = new LinkedHashMap<>(Map.of("min.interval.s", 0, "check.interval.s", 3600));
        trainerSettings.putAll(settings.trainer());
        System.out.println("trainer settings other than its defaults: " + trainerSettings);
        try (DriftTrainer trainer = new DriftTrainer(models.resolve("edge-float"), oldData, work.resolve("trainer"),
                trainerSettings)) {
            load.start();
            System.out.printf(Locale.ROOT, "%nper block of %d windows: F1 of the edge model alone on the block's true"
                    + " labels, joint F1 (the escalated windows answered by the cloud), share escalated, KB uplinked"
                    + " (escalated windows as the scheduler encodes them + hard-example uploads)%n", settings.block());
            System.out.printf(Locale.ROOT, "%-6s %-8s %-7s | %-9s %-8s %-7s %-8s | %-9s %-8s %-7s %-8s %-5s | %s%n",
                    "block", "windows", "machine", "edge F1", "joint F1", "escal", "KB up", "edge F1", "joint F1",
                    "escal", "KB up", "model", "cloud F1");
            System.out.printf(Locale.ROOT, "%-24s | %-36s | %-42s |%n", "", "no loop (shipped edge model forever)",
                    "with the learning loop");
            String serving = "v0";
            int blockStart = 0;
            for (int i = 0; i < total; i++) {
                if (i == drift) {
                    examplesAtDrift = examplesUploaded;
                }
                position.set(i);
                long now = START_MILLIS + i * WINDOW_MS;
                float[] w = windows[i];
                for (Arm arm : List.of(fixed, loop)) {
                    float p;
                    try {
                        p = (arm == fixed ? fixedEngine : loopEngine).infer(EDGE, w, 1, WIDTH)[0];
                    } catch (Exception e) {
                        failed++;
                        if (failures.size() < 5) {
                            failures.add(arm.name + " window " + i + ": " + e);
                        }
                        p = 0.5f;
                    }
                    arm.edge[i] = p;
                    double confidence = TaskResult.confidenceOf(new float[] {p});
                    boolean escalate = confidence < settings.threshold();
                    arm.escalated[i] = escalate;
                    if (!escalate) {
                        continue;
                    }
                    Task task = Task.builder("drift-" + i, "anomaly").model(CLOUD).edgeModel(EDGE).input(w, 1, WIDTH)
                            .locality(Locality.ANY).attributes(Map.of("job", "machine-stream")).build();
                    arm.uplinkBytes[i] += task.encodedInput().length;
                    if (arm == loop) {
                        TaskResult edgeResult = new TaskResult(task.id(), "gw1", NodeKind.LOCAL, EDGE, new float[] {p},
                                0, 0, 0.1, now, true, p, confidence, false, false, Map.of());
                        TaskResult cloudResult = new TaskResult(task.id(), "cloud-worker-1", NodeKind.CLOUD, CLOUD,
                                new float[] {cloud[i]}, 0, 5, 1, now + 20, true, cloud[i],
                                TaskResult.confidenceOf(new float[] {cloud[i]}), false, true, Map.of());
                        gateway.complete(new TaskCompletion(task, cloudResult, edgeResult), now + 20);
                    }
                }
                KuraMessage upload = gateway.nextUpload();
                if (upload != null) {
                    loop.uplinkBytes[i] += upload.getPayload().getBody().length;
                    if (i >= drift) {
                        loop.uploadBytes += upload.getPayload().getBody().length;
                        loop.uploads++;
                    }
                    examplesUploaded += ((Number) upload.getPayload().getMetric("count")).longValue();
                    trainer.deliver(UPLOAD_TOPIC, upload.getPayload());
                    Optional<DriftTrainer.Run> made = trainer.runIfDue();
                    if (made.isPresent()) {
                        DriftTrainer.Run r = made.get();
                        double installMs = 0;
                        long servedDuring = 0;
                        if (r.promoted()) {
                            Path zip = work.resolve(r.version() + ".zip");
                            Files.write(zip, r.archive());
                            // the other thread runs flat out around the swap; the install starts once it is sending
                            swapping.set(true);
                            long before = served.get();
                            long deadline = System.nanoTime() + 1_000_000_000L;
                            while (served.get() < before + 8 && System.nanoTime() < deadline) {
                                Thread.onSpinWait();
                            }
                            before = served.get();
                            long t = System.nanoTime();
                            loopEngine.install(EDGE, r.version(), zip, r.sha256());
                            installMs = (System.nanoTime() - t) / 1e6;
                            servedDuring = served.get() - before;
                            swapping.set(false);
                            serving = r.version();
                            installs.add(i + 1);
                        }
                        Promotion pr = new Promotion(r, i + 1, examplesUploaded, installMs, servedDuring);
                        runs.add(pr);
                        System.out.println(describe(pr, drift, upload.getPayload().getBody().length));
                    }
                }
                if ((i + 1) % settings.block() == 0) {
                    int from = blockStart;
                    int to = i + 1;
                    System.out.printf(Locale.ROOT,
                            "%-6d %-8s %-7s | %-9.3f %-8.3f %-7s %-8.1f | %-9.3f %-8.3f %-7s %-8.1f %-5s | %.3f%n",
                            to / settings.block(), from + "-" + (to - 1), to <= drift ? "A" : "B",
                            fixed.f1(labels, from, to), fixed.jointF1(cloud, labels, from, to),
                            percent(fixed.escalatedShare(from, to)), fixed.bytes(from, to) / 1024.0,
                            loop.f1(labels, from, to), loop.jointF1(cloud, labels, from, to),
                            percent(loop.escalatedShare(from, to)), loop.bytes(from, to) / 1024.0, serving,
                            f1(cloud, labels, from, to));
                    blockStart = to;
                }
            }
        } finally {
            stop.set(true);
            load.join(10_000);
        }
        failed += loadFailed.get();
        report(settings, fixed, loop, runs, installs, labels, cloud, drift, examplesAtDrift, served.get(), failed,
                failures, gateway.verdicts());
    }

    private static String describe(Promotion p, int drift, int uploadBytes) {
        DriftTrainer.Run r = p.run();
        String where = p.window() <= drift ? "machine A" : "machine B +" + (p.window() - drift);
        String head = String.format(Locale.ROOT, "  trainer %s at window %d (%s), %d hard examples uploaded: %d new +"
                + " %d replayed; validation F1 old %.3f, new %.3f, overall %.3f (deployed %.3f) -> %s", r.version(),
                p.window(), where, p.examplesUploaded(), r.fresh(), r.replayed(), r.f1Old(), r.f1New(), r.f1Overall(),
                r.deployedOverall(), r.promoted() ? "PROMOTED" : "rejected");
        if (!r.promoted()) {
            return head + " (" + r.reason().replaceFirst("^rejected: ", "") + ")";
        }
        return head + String.format(Locale.ROOT, "; archive %d bytes installed and swapped in %.0f ms, %d requests"
                + " served by the other thread meanwhile", r.archive().length, p.installMillis(), p.servedDuring());
    }

    private static void report(Settings settings, Arm fixed, Arm loop, List<Promotion> runs, List<Integer> installs,
            int[] labels, float[] cloud, int drift, long examplesAtDrift, long served, long failed, List<String> failures,
            String verdicts) {
        int total = labels.length;
        int steadyFrom = total - settings.steadyBlocks() * settings.block();
        System.out.println();
        System.out.println("gateway filter verdicts (loop arm): " + verdicts);
        System.out.printf(Locale.ROOT, "requests: %d by the other thread + %d by the stream to the loop arm's engine,"
                + " %d failed%s%n", served, total, failed, failures.isEmpty() ? "" : " " + failures);

        // segments of machine B by the version that served them
        System.out.println();
        System.out.println("machine B by serving version (loop arm):");
        System.out.printf(Locale.ROOT, "%-8s %-13s %-8s %-9s %-9s %-8s %-7s %s%n", "version", "windows", "count",
                "edge F1", "cloud F1", "gap pts", "escal", "hard examples uploaded when trained");
        List<Integer> bounds = new ArrayList<>();
        bounds.add(drift);
        for (int w : installs) {
            if (w > drift && w < total) {
                bounds.add(w);
            }
        }
        bounds.add(total);
        List<Promotion> promoted = runs.stream().filter(p -> p.run().promoted()).toList();
        long examplesAtClose = -1;
        String closedBy = null;
        for (int s = 0; s + 1 < bounds.size(); s++) {
            int from = bounds.get(s);
            int to = bounds.get(s + 1);
            if (to - from < 1) {
                continue;
            }
            Promotion by = null;
            for (Promotion p : promoted) {
                if (p.window() <= from) {
                    by = p;
                }
            }
            double gap = 100 * (f1(cloud, labels, from, to) - loop.f1(labels, from, to));
            System.out.printf(Locale.ROOT, "%-8s %-13s %-8d %-9.3f %-9.3f %-8.2f %-7s %s%n",
                    by == null ? "v0" : by.run().version(), from + "-" + (to - 1), to - from,
                    loop.f1(labels, from, to), f1(cloud, labels, from, to), gap,
                    percent(loop.escalatedShare(from, to)), by == null ? "-"
                            : by.window() <= drift ? "0 (trained on machine A's before the drift)"
                                    : Long.toString(by.examplesUploaded() - examplesAtDrift));
            // a version closes the gap when it serves at least one block within 2 points of the cloud
            if (closedBy == null && by != null && to - from >= settings.block() && gap <= 2.0) {
                closedBy = by.run().version();
                examplesAtClose = Math.max(0, by.examplesUploaded() - examplesAtDrift);
            }
        }

        int firstInstall = installs.stream().filter(w -> w > drift).findFirst().orElse(total);
        double cloudSteady = f1(cloud, labels, steadyFrom, total);
        double loopGap = 100 * (cloudSteady - loop.f1(labels, steadyFrom, total));
        double fixedGap = 100 * (cloudSteady - fixed.f1(labels, steadyFrom, total));
        double escalBefore = loop.escalatedShare(drift, firstInstall == drift ? drift + 1 : firstInstall);
        double escalAfter = loop.escalatedShare(steadyFrom, total);
        double drop = escalBefore > 0 ? 1 - escalAfter / escalBefore : 0;
        long bytesFixed = fixed.bytes(drift, total);
        long bytesLoop = loop.bytes(drift, total);

        System.out.println();
        System.out.printf(Locale.ROOT, "steady state = the last %d windows (blocks %d-%d, machine B): cloud F1 %.3f;"
                + " edge F1 no loop %.3f, loop %.3f; escalated no loop %.1f %%, loop %.1f %%%n", total - steadyFrom,
                steadyFrom / settings.block() + 1, total / settings.block(), cloudSteady,
                fixed.f1(labels, steadyFrom, total), loop.f1(labels, steadyFrom, total),
                100 * fixed.escalatedShare(steadyFrom, total), 100 * escalAfter);
        System.out.printf(Locale.ROOT, "joint F1 (what the application gets) on machine B: no loop %.3f, loop %.3f;"
                + " uplink on machine B: no loop %.1f KB, loop %.1f KB (of it %.1f KB hard-example uploads)%n",
                fixed.jointF1(cloud, labels, drift, total), loop.jointF1(cloud, labels, drift, total),
                bytesFixed / 1024.0, bytesLoop / 1024.0, loop.uploadBytes / 1024.0);
        System.out.printf(Locale.ROOT, "escalated on machine B before the first promotion installed on it (windows"
                + " %d-%d, served by %s): %.1f %%; in the steady state %.1f %%%n", drift, firstInstall - 1,
                installs.stream().anyMatch(w -> w <= drift) ? "a version promoted before the drift" : "v0",
                100 * escalBefore, 100 * escalAfter);
        System.out.printf(Locale.ROOT, "training runs: %d, promoted %d; swaps under load: %d%n", runs.size(),
                promoted.size(), installs.size());
        System.out.println();
        System.out.printf(Locale.ROOT, "GOAL drift-f1-gap %.2f 2.00 %s (cloud F1 - edge F1 in points, steady state;"
                + " no loop: %.2f)%n", loopGap, loopGap <= 2.0 ? "MET" : "MISSED", fixedGap);
        System.out.printf(Locale.ROOT, "hard examples uploaded before the drift (machine A, also trained on): %d%n",
                examplesAtDrift);
        System.out.printf(Locale.ROOT, "GOAL drift-examples %s %d %s (machine B hard examples uploaded when the first"
                + " version within 2 points for a whole block was trained%s)%n", examplesAtClose < 0 ? "-" : examplesAtClose,
                settings.examplesBound(), examplesAtClose >= 0 && examplesAtClose <= settings.examplesBound() ? "MET"
                        : "MISSED", closedBy == null ? "; no version closed the gap" : ": " + closedBy);
        System.out.printf(Locale.ROOT, "GOAL drift-escalation-drop %.2f 0.50 %s (1 - escalated share steady state /"
                + " before the first promotion: %.1f %% / %.1f %%)%n", drop, drop >= 0.5 ? "MET" : "MISSED",
                100 * escalAfter, 100 * escalBefore);
        System.out.printf(Locale.ROOT, "GOAL drift-swap-failures %d 0 %s (failed requests over %d swaps, %d requests"
                + " in all)%n", failed, failed == 0 && !installs.isEmpty() ? "MET" : "MISSED", installs.size(),
                served + 2L * total);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    static double f1(float[] probabilities, int[] labels, int from, int to) {
        return BinaryScores.of(java.util.Arrays.copyOfRange(probabilities, from, to),
                java.util.Arrays.copyOfRange(labels, from, to), 0.5f).f1();
    }

    static double escalatedShare(float[] probabilities, double threshold, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += TaskResult.confidenceOf(new float[] {probabilities[i]}) < threshold ? 1 : 0;
        }
        return n / (double) (to - from);
    }

    /** Every window through the engine's fast path, 100 rows per call. */
    static float[] batch(TensorFlowInferenceEngine engine, String model, float[][] windows) throws Exception {
        float[] out = new float[windows.length];
        for (int start = 0; start < windows.length; start += 100) {
            int rows = Math.min(100, windows.length - start);
            float[] flat = new float[rows * WIDTH];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(windows[start + i], 0, flat, i * WIDTH, WIDTH);
            }
            System.arraycopy(engine.infer(model, flat, rows, WIDTH), 0, out, start, rows);
        }
        return out;
    }
}
