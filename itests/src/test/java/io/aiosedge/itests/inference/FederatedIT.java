package io.aiosedge.itests.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static io.aiosedge.itests.inference.LearningLoopFixtures.WIDTH;
import static io.aiosedge.itests.inference.LearningLoopFixtures.both;
import static io.aiosedge.itests.inference.LearningLoopFixtures.endpoint;
import static io.aiosedge.itests.inference.LearningLoopFixtures.f1;
import static io.aiosedge.itests.inference.LearningLoopFixtures.labels;
import static io.aiosedge.itests.inference.LearningLoopFixtures.old;
import static io.aiosedge.itests.inference.LearningLoopFixtures.shifted;
import static io.aiosedge.itests.inference.LearningLoopFixtures.trainEdgeNetwork;
import static io.aiosedge.itests.inference.LearningLoopFixtures.windows;
import static io.aiosedge.itests.inference.LearningLoopFixtures.writeLabelled;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.kura.cloudconnection.CloudConnectionManager;
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
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.testsupport.Mosquitto;

/**
 * A federated round end to end in one framework over a real Mosquitto, every party with a cloud endpoint of its own:
 * two gateways (each an io.aiosedge.federated.Participant with its own private windows of a machine the model has
 * not seen; gateway 1 also runs the TensorFlow engine serving the shipped int8 edge model and
 * io.aiosedge.learning.ModelUpdates) and the cloud (io.aiosedge.federated.Coordinator with held-out data and a
 * signing key the engine trusts). One round: invite, two local trainings, two weight deltas, FedAvg, validation, and
 * the new global version pushed as a signed int8 model offer that gateway 1's engine installs and serves; its F1 on
 * the new machines, measured through the engine, rises. No window crosses the broker: the coordinator's uplink is
 * the size of two deltas and two joins.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FederatedIT extends InferenceTestSupport {

    private static final String ENDPOINT_FACTORY = LearningLoopFixtures.ENDPOINT_FACTORY;
    private static final String ENGINE_FACTORY = LearningLoopFixtures.ENGINE_FACTORY;
    private static final String PARTICIPANT = "io.aiosedge.federated.Participant";
    private static final String MODEL = "fed-edge";

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
    public void aRoundOfTwoGatewaysBecomesASignedVersionTheGatewayServes() throws Exception {
        long started = System.nanoTime();
        Path temp = Files.createTempDirectory("aios-it-federated");
        Mosquitto broker = Mosquitto.inTempDirectory("aios-it-mosquitto").build().start();
        closeables.add(broker);

        // version 0: trained on the old machines only; trainable for the round, int8 as the gateway serves it
        Path initial = temp.resolve("initial");
        Path shipped = temp.resolve("shipped");
        trainEdgeNetwork(old(1, 4, 200), initial, shipped);
        long parameters;
        try (TrainableModel model = TrainableModel.load(initial)) {
            parameters = model.parameters();
        }
        // each gateway's private data: a new machine of its own (non-IID); held-out data of both kinds in the cloud
        Path gw1Data = temp.resolve("gw1.csv");
        writeLabelled(gw1Data, shifted(201, 2, 200));
        Path gw2Data = temp.resolve("gw2.csv");
        writeLabelled(gw2Data, shifted(301, 2, 200));
        Path validation = temp.resolve("validation.csv");
        writeLabelled(validation, both(old(1001, 4, 60), shifted(2001, 4, 60)));
        KeyPair key = Ed25519Keys.generate();
        Path keyFile = temp.resolve("ops.pk8");
        Files.write(keyFile, key.getPrivate().getEncoded());

        // gateway 1: endpoint, engine (trusting the coordinator's key), model updates, participant
        configurations.add(createFactoryConfiguration(ENDPOINT_FACTORY, endpoint("gw1-endpoint", "gw1", broker, temp)));
        configurations.add(createFactoryConfiguration(ENGINE_FACTORY, Map.of("kura.service.pid", "gw1-engine",
                "models", MODEL + "=" + shipped, "model.bundles", false,
                "artifacts.trusted.keys", new String[] {"ops=" + Ed25519Keys.encodePublic(key.getPublic())})));
        configurations.add(configure(LearningLoopFixtures.MODEL_UPDATES_PID, Map.of(
                "CloudEndpoint.target", "(kura.service.pid=gw1-endpoint)",
                "InferenceEngineService.target", "(kura.service.pid=gw1-engine)",
                "models", MODEL, "rollback.window", 1000)));
        configurations.add(createFactoryConfiguration(PARTICIPANT, participant("gw1-endpoint", initial, gw1Data)));
        // gateway 2: endpoint and participant
        configurations.add(createFactoryConfiguration(ENDPOINT_FACTORY, endpoint("gw2-endpoint", "gw2", broker, temp)));
        configurations.add(createFactoryConfiguration(PARTICIPANT, participant("gw2-endpoint", initial, gw2Data)));
        TensorInference engine = awaitService(TensorInference.class, "(kura.service.pid=gw1-engine)");
        await("model " + MODEL + " loaded", () -> engine.models().contains(MODEL));
        String firstVersion = engine.statistics(MODEL).version();
        for (String pid : List.of("gw1-endpoint", "gw2-endpoint")) {
            CloudConnectionManager link = awaitService(CloudConnectionManager.class, "(kura.service.pid=" + pid + ")");
            await(pid + " connected", link::isConnected);
        }
        await("participants and model updates active", () -> unsatisfiedComponents().stream()
                .noneMatch(c -> c.contains("Participant") || c.contains("ModelUpdates")));

        LabelledWindows[] newTest = shifted(3001, 4, 100);
        double newBefore = f1(engine, MODEL, windows(newTest), labels(newTest));

        // the cloud: endpoint and coordinator; its first round opens at once
        Path work = temp.resolve("coordinator");
        configurations.add(createFactoryConfiguration(ENDPOINT_FACTORY, endpoint("cloud-endpoint", "fed-1", broker,
                temp)));
        configurations.add(configure("io.aiosedge.federated.Coordinator", Map.ofEntries(
                Map.entry("CloudEndpoint.target", "(kura.service.pid=cloud-endpoint)"),
                Map.entry("model.name", MODEL), Map.entry("initial.model.directory", initial.toString()),
                Map.entry("validation.data.file", validation.toString()),
                Map.entry("work.directory", work.toString()), Map.entry("participants.min", 2),
                Map.entry("local.steps", 60), Map.entry("learning.rate", 0.005), Map.entry("round.period.s", 3600),
                Map.entry("round.deadline.s", 20), Map.entry("server.momentum", 0.0),
                Map.entry("signing.key.file", keyFile.toString()))));
        long coordinatorStarted = System.nanoTime();

        awaitValue("the gateway's engine serving fed-1 (was " + firstVersion + ")", () -> {
            String v = engine.statistics(MODEL) == null ? null : engine.statistics(MODEL).version();
            return "fed-1".equals(v) ? v : null;
        });
        double seconds = (System.nanoTime() - coordinatorStarted) / 1e9;
        double newAfter = f1(engine, MODEL, windows(newTest), labels(newTest));
        List<String> history = Files.readAllLines(work.resolve("history.tsv"), StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "FederatedIT: round 1 of 2 gateways -> fed-1 served by gateway 1 %.1f s after"
                + " the coordinator started (%.1f s in all); F1 through the engine on the new machines %.3f -> %.3f;"
                + " round: %s%n", seconds, (System.nanoTime() - started) / 1e9, newBefore, newAfter, history);
        assertEquals("one closed round: " + history, 1, history.size());
        // history.tsv (RoundStore.Closed): round, opened, closed, version before, after, outcome, joined, accepted,
        // refused, uplink bytes, downlink bytes, F1 before, after, details
        String[] round = history.get(0).split("\t");
        assertEquals("the round made version 1: " + history, List.of("0", "1", "new-version", "2", "2", "0"),
                List.of(round[3], round[4], round[5], round[6], round[7], round[8]));
        long deltas = 2 * parameters * 4;
        long uplink = Long.parseLong(round[9]);
        assertTrue("uplink " + uplink + " is two float32 deltas (" + deltas + " bytes) with their headers and two"
                + " joins: " + history, uplink >= deltas && uplink < deltas + 1024);
        long rawBytes = 2L * 400 * WIDTH * 4;
        assertTrue("uplink " + uplink + " is far below the " + rawBytes + " bytes of the windows", uplink * 10 < rawBytes);
        assertTrue("new-machine F1 " + newBefore + " -> " + newAfter, newAfter > newBefore + 0.02);
        assertTrue(Files.exists(work.resolve("versions/v1-int8/saved_model.pb")));
        assertEquals(List.of(), unsatisfiedComponents().stream().filter(c -> c.contains("federated")
                || c.contains("learning")).toList());
    }

    private static Map<String, Object> participant(String endpoint, Path model, Path data) {
        return Map.of("CloudEndpoint.target", "(kura.service.pid=" + endpoint + ")", "model.name", MODEL,
                "model.directory", model.toString(), "data.file", data.toString());
    }
}
