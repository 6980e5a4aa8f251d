package io.aiosedge.itests.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.security.Ed25519Keys;
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
 * The learning loop in one framework over a real Mosquitto: a "gateway" (its own cloud endpoint, the TensorFlow
 * engine serving an edge model trained on the old simulated machine, io.aiosedge.learning.ModelUpdates) and a
 * "cloud" (another endpoint, io.aiosedge.learning.cloud.Trainer with a signing key the engine trusts). Hard examples
 * of a new machine (other shape parameters, noise and anomaly kinds) are uploaded through the gateway's endpoint as
 * io.aiosedge.learning uploads them; the trainer fine-tunes, promotes and pushes a signed archive; the gateway's
 * engine then serves the new version, and its F1 on the new machine, measured through the engine, is higher.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LearningLoopIT extends InferenceTestSupport {

    private static final String ENDPOINT_FACTORY = "io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint";
    private static final String ENGINE_FACTORY = "io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine";
    private static final String MODEL = "learn-edge";
    private static final int WIDTH = 64;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return new Option[] {inferencePlatform()};
    }

    @After
    public void cleanUp() throws Exception {
        for (org.osgi.service.cm.Configuration c : configurations) {
            c.delete();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    public void hardExamplesOfANewMachineComeBackAsANewVersionTheGatewayServes() throws Exception {
        long started = System.nanoTime();
        Path temp = Files.createTempDirectory("aios-it-learning");
        Mosquitto broker = Mosquitto.inTempDirectory("aios-it-mosquitto").build().start();
        closeables.add(broker);

        // the edge model of the old machine: trainable form for the trainer, int8 for the gateway's engine
        LabelledWindows[] oldTrain = old(1, 6, 200);
        Path initial = temp.resolve("initial");
        Path shipped = temp.resolve("shipped");
        WindowNetwork network = WindowNetwork.standardisedOn(WIDTH, List.of(new WindowNetwork.Convolution(5, 8, 4)),
                List.of(8), windows(oldTrain));
        try (TrainableModel model = TrainableModel.create(network, 42)) {
            ModelTrainer.fit(model, windows(oldTrain), ModelTrainer.hardTargets(labels(oldTrain)),
                    new ModelTrainer.Options(15, 32, 5e-3f, 1));
            model.export(initial);
            Int8Export.write(model, shipped);
        }
        Path oldData = temp.resolve("old.csv");
        writeLabelled(oldData, old(101, 6, 100));
        KeyPair key = Ed25519Keys.generate();
        Path keyFile = temp.resolve("ops.pk8");
        Files.write(keyFile, key.getPrivate().getEncoded());

        // the gateway: endpoint, engine (trusting the trainer's key), model updates
        configurations.add(createFactoryConfiguration(ENDPOINT_FACTORY, endpoint("gw-endpoint", "gw1", broker, temp)));
        configurations.add(createFactoryConfiguration(ENGINE_FACTORY, Map.of("kura.service.pid", "gw-engine",
                "models", MODEL + "=" + shipped, "model.bundles", false,
                "artifacts.trusted.keys", new String[] {"ops=" + Ed25519Keys.encodePublic(key.getPublic())})));
        configurations.add(configure("io.aiosedge.learning.ModelUpdates", Map.of(
                "CloudEndpoint.target", "(kura.service.pid=gw-endpoint)",
                "InferenceEngineService.target", "(kura.service.pid=gw-engine)",
                "models", MODEL, "rollback.window", 1000)));
        // the cloud: endpoint and trainer
        configurations.add(createFactoryConfiguration(ENDPOINT_FACTORY,
                endpoint("cloud-endpoint", "trainer-1", broker, temp)));
        configurations.add(configure("io.aiosedge.learning.cloud.Trainer", Map.ofEntries(
                Map.entry("CloudEndpoint.target", "(kura.service.pid=cloud-endpoint)"),
                Map.entry("model.name", MODEL), Map.entry("initial.model.directory", initial.toString()),
                Map.entry("old.data.file", oldData.toString()), Map.entry("work.directory", temp.resolve("trainer")
                        .toString()), Map.entry("min.new.examples", 200), Map.entry("min.interval.s", 0),
                Map.entry("check.interval.s", 1), Map.entry("promote.margin", 0.0),
                Map.entry("signing.key.file", keyFile.toString()))));

        TensorInference engine = awaitService(TensorInference.class, "(kura.service.pid=gw-engine)");
        await("model " + MODEL + " loaded", () -> engine.models().contains(MODEL));
        String firstVersion = engine.statistics(MODEL).version();
        CloudEndpoint gateway = awaitService(CloudEndpoint.class, "(kura.service.pid=gw-endpoint)");
        CloudConnectionManager gatewayLink = awaitService(CloudConnectionManager.class, "(kura.service.pid=gw-endpoint)");
        CloudConnectionManager cloudLink = awaitService(CloudConnectionManager.class,
                "(kura.service.pid=cloud-endpoint)");
        await("both endpoints connected", () -> gatewayLink.isConnected() && cloudLink.isConnected());
        await("trainer and model updates active", () -> unsatisfiedComponents().stream()
                .noneMatch(c -> c.contains("Trainer") || c.contains("ModelUpdates")));

        LabelledWindows[] newTest = shifted(2001, 4, 150);
        LabelledWindows[] oldTest = old(1001, 6, 100);
        double newBefore = f1(engine, windows(newTest), labels(newTest));
        double oldBefore = f1(engine, windows(oldTest), labels(oldTest));

        // 200 hard examples of the new machine, uploaded in batches of 50 as the gateway's collector does
        LabelledWindows[] shifted = shifted(201, 4, 50);
        float[][] hard = windows(shifted);
        int[] hardLabels = labels(shifted);
        shuffle(hard, hardLabels);
        for (int from = 0; from < hard.length; from += 50) {
            gateway.publish(new KuraMessage(upload("gw1", hard, hardLabels, from, 50),
                    Map.of("topic", "aios/v1/it/gw1/data/hard-examples", "qos", 1, "priority", 9)));
        }
        long uploaded = System.nanoTime();

        awaitValue("the gateway's engine serving v1 (was " + firstVersion + ")", () -> {
            String v = engine.statistics(MODEL) == null ? null : engine.statistics(MODEL).version();
            return "v1".equals(v) ? v : null;
        });
        double seconds = (System.nanoTime() - uploaded) / 1e9;
        double newAfter = f1(engine, windows(newTest), labels(newTest));
        double oldAfter = f1(engine, windows(oldTest), labels(oldTest));
        System.out.printf(Locale.ROOT, "LearningLoopIT: 200 hard examples -> v1 served by the gateway %.1f s after the"
                + " upload (%.1f s in all); F1 through the engine, new machine %.3f -> %.3f, old machine %.3f -> %.3f%n",
                seconds, (System.nanoTime() - started) / 1e9, newBefore, newAfter, oldBefore, oldAfter);
        assertTrue("new-machine F1 " + newBefore + " -> " + newAfter, newAfter > newBefore + 0.05);
        assertTrue("old-machine F1 " + oldBefore + " -> " + oldAfter, oldAfter > oldBefore - 0.1);
        assertTrue(Files.exists(temp.resolve("trainer/versions/v1/int8/saved_model.pb")));
        assertEquals(List.of(), unsatisfiedComponents().stream().filter(c -> c.contains("learning")).toList());
    }

    private static Map<String, Object> endpoint(String name, String clientId, Mosquitto broker, Path temp)
            throws IOException {
        return Map.of("kura.service.pid", name, "broker.url", broker.url(), "client.id", clientId, "tenant", "it",
                "reconnect.min.delay.ms", 100L, "reconnect.max.delay.ms", 1000L, "outbox.directory",
                Files.createTempDirectory(temp, "outbox-" + name).toString());
    }

    private static double f1(TensorInference engine, float[][] windows, int[] labels) throws Exception {
        float[] flat = new float[windows.length * WIDTH];
        for (int i = 0; i < windows.length; i++) {
            System.arraycopy(windows[i], 0, flat, i * WIDTH, WIDTH);
        }
        return BinaryScores.of(engine.infer(MODEL, flat, windows.length, WIDTH), labels, 0.5f).f1();
    }

    /** The conditions of the build's models: sine and random walk, noise 0.05-0.15, every anomaly kind. */
    private static LabelledWindows[] old(long firstSeed, int specs, int perSpec) {
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
    private static LabelledWindows[] shifted(long firstSeed, int specs, int perSpec) {
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

    private static float[][] windows(LabelledWindows[] sets) {
        List<float[]> all = new ArrayList<>();
        for (LabelledWindows s : sets) {
            all.addAll(List.of(s.windows()));
        }
        return all.toArray(new float[0][]);
    }

    private static int[] labels(LabelledWindows[] sets) {
        return java.util.Arrays.stream(sets).flatMapToInt(s -> java.util.Arrays.stream(s.labels())).toArray();
    }

    private static void shuffle(float[][] windows, int[] labels) {
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

    private static void writeLabelled(Path file, LabelledWindows[] sets) throws IOException {
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

    /** One upload in io.aiosedge.learning's format; the cloud's answer is the true label. */
    private static KuraPayload upload(String gateway, float[][] windows, int[] labels, int from, int count) {
        StringBuilder json = new StringBuilder("{\"format\":\"aios-hard-examples/1\",\"examples\":[");
        for (int i = from; i < from + count; i++) {
            json.append(i == from ? "{" : ",{").append("\"time\":").append(System.currentTimeMillis())
                    .append(",\"task\":\"").append(gateway).append("-t").append(i).append("\",\"source\":\"job\",")
                    .append("\"edgeModel\":\"").append(MODEL).append("\",\"model\":\"anomaly-cloud\",")
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
}
