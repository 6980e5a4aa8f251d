package io.aiosedge.itests.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.eclipse.kura.message.KuraPayload;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;
import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.Int8Export;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.learning.WindowNetwork;
import io.aiosedge.testsupport.Mosquitto;

/**
 * What the learning-loop ITs (LearningLoopIT, ModelRollbackIT) share: the two simulated machines and their labelled
 * windows, the build's edge network trained on them, the endpoint settings, the hard-example upload in
 * io.aiosedge.learning's format, and the Gogo commands of io.aiosedge.learning(.cloud), called as Gogo calls them.
 */
final class LearningLoopFixtures {

    static final String ENDPOINT_FACTORY = "io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint";
    static final String ENGINE_FACTORY = "io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine";
    static final String MODEL_UPDATES_PID = "io.aiosedge.learning.ModelUpdates";
    static final String TRAINER_PID = "io.aiosedge.learning.cloud.Trainer";
    /** Samples per window, the edge network's input width. */
    static final int WIDTH = 64;

    private LearningLoopFixtures() {
    }

    /** Settings of an MqttCloudEndpoint of tenant {@code it} on {@code broker}, with its own outbox folder. */
    static Map<String, Object> endpoint(String name, String clientId, Mosquitto broker, Path temp)
            throws IOException {
        return Map.of("kura.service.pid", name, "broker.url", broker.url(), "client.id", clientId, "tenant", "it",
                "reconnect.min.delay.ms", 100L, "reconnect.max.delay.ms", 1000L, "outbox.directory",
                Files.createTempDirectory(temp, "outbox-" + name).toString());
    }

    /**
     * Trains the build's edge network (conv 5x8/4, dense 8) on {@code data} and writes its trainable form to
     * {@code trainable} and, unless null, its int8 serving form to {@code int8}.
     */
    static void trainEdgeNetwork(LabelledWindows[] data, Path trainable, Path int8) throws Exception {
        WindowNetwork network = WindowNetwork.standardisedOn(WIDTH, List.of(new WindowNetwork.Convolution(5, 8, 4)),
                List.of(8), windows(data));
        try (TrainableModel model = TrainableModel.create(network, 42)) {
            ModelTrainer.fit(model, windows(data), ModelTrainer.hardTargets(labels(data)),
                    new ModelTrainer.Options(15, 32, 5e-3f, 1));
            model.export(trainable);
            if (int8 != null) {
                Int8Export.write(model, int8);
            }
        }
    }

    /** F1 at 0.5 of {@code model} served by {@code engine} on the windows, one batch. */
    static double f1(TensorInference engine, String model, float[][] windows, int[] labels) throws Exception {
        float[] flat = new float[windows.length * WIDTH];
        for (int i = 0; i < windows.length; i++) {
            System.arraycopy(windows[i], 0, flat, i * WIDTH, WIDTH);
        }
        return BinaryScores.of(engine.infer(model, flat, windows.length, WIDTH), labels, 0.5f).f1();
    }

    /** The conditions of the build's models: sine and random walk, noise 0.05-0.15, every anomaly kind. */
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

    /** Another machine: 3x the amplitude around -4, noise 0.3, only spikes and stuck values up to 2.5 units. */
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

    /** The sets one after the other. */
    static LabelledWindows[] both(LabelledWindows[] first, LabelledWindows[] second) {
        LabelledWindows[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    static float[][] windows(LabelledWindows[] sets) {
        List<float[]> all = new ArrayList<>();
        for (LabelledWindows s : sets) {
            all.addAll(List.of(s.windows()));
        }
        return all.toArray(new float[0][]);
    }

    static int[] labels(LabelledWindows[] sets) {
        return Arrays.stream(sets).flatMapToInt(s -> Arrays.stream(s.labels())).toArray();
    }

    /** Shuffles windows and labels together (fixed seed). */
    static void shuffle(float[][] windows, int[] labels) {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = windows.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float[] w = windows[i];
            windows[i] = windows[j];
            windows[j] = w;
            int l = labels[i];
            labels[i] = labels[j];
            labels[j] = l;
        }
    }

    /** Writes the trainer's old-data file: one window a line, {@code label,s1,...,sN}. */
    static void writeLabelled(Path file, LabelledWindows[] sets) throws IOException {
        StringBuilder text = new StringBuilder();
        float[][] w = windows(sets);
        int[] l = labels(sets);
        for (int i = 0; i < w.length; i++) {
            text.append(l[i]);
            for (float v : w[i]) {
                text.append(',').append(v);
            }
            text.append('\n');
        }
        Files.writeString(file, text);
    }

    /**
     * One upload of hard examples of {@code model} in io.aiosedge.learning's format, examples {@code from} to
     * {@code from + count - 1}; the cloud's answer is the given label.
     */
    static KuraPayload upload(String gateway, String model, float[][] windows, int[] labels, int from, int count) {
        StringBuilder json = new StringBuilder("{\"format\":\"aios-hard-examples/1\",\"examples\":[");
        for (int i = from; i < from + count; i++) {
            json.append(i == from ? "{" : ",{").append("\"time\":").append(System.currentTimeMillis())
                    .append(",\"task\":\"").append(gateway).append("-t").append(i).append("\",\"source\":\"job\",")
                    .append("\"edgeModel\":\"").append(model).append("\",\"model\":\"anomaly-cloud\",")
                    .append("\"labelNode\":\"w1\",\"shape\":[1,64],\"window\":[");
            for (int j = 0; j < WIDTH; j++) {
                json.append(j == 0 ? "" : ",").append(windows[i][j]);
            }
            json.append("],\"edge\":[0.5],\"label\":[").append(labels[i]).append("],\"edgeConfidence\":0.5}");
        }
        KuraPayload payload = new KuraPayload();
        payload.addMetric("format", "aios-hard-examples/1");
        payload.addMetric("count", count);
        payload.setBody(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        return payload;
    }

    /**
     * Calls the Gogo command {@code aios:<function> <arguments>} as the shell does (the command objects are private
     * to their bundles) and returns what it printed; null while no command service of that name is registered.
     */
    static String gogo(BundleContext context, String function, String... arguments) {
        ServiceReference<?>[] references;
        try {
            references = context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=aios)(osgi.command.function=" + function + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("command name '" + function + "'", e);
        }
        if (references == null) {
            return null;
        }
        Object commands = context.getService(references[0]);
        try {
            Class<?>[] types = new Class<?>[arguments.length];
            Arrays.fill(types, String.class);
            return (String) commands.getClass().getMethod(function, types).invoke(commands, (Object[]) arguments);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("aios:" + function + " " + String.join(" ", arguments) + " failed",
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("aios:" + function + " takes no " + arguments.length + " arguments", e);
        } finally {
            context.ungetService(references[0]);
        }
    }
}
