package io.aiosedge.e2e;

import static io.aiosedge.e2e.LabelledCsv.csv;
import static io.aiosedge.e2e.LabelledCsv.windows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.models.learning.BinaryScores;
import io.aiosedge.models.learning.Int8Export;
import io.aiosedge.models.learning.ModelTrainer;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.learning.WindowNetwork;

/**
 * Federated learning across three gateway JVMs and a cloud worker over Mosquitto. Each gateway (the gateway's
 * bundles with the federated participant and model updates, its engine serving the shipped int8 edge model) holds
 * windows of a machine of its own that the starting model never saw (non-IID); the cloud worker (the real
 * distribution) runs the federated coordinator with held-out data of all three and a signing key the gateways
 * trust. Round 1: all three join, gw-3 trains slowly and is SIGKILLed before it answers; the round closes at its
 * deadline with gw-1 and gw-2 and makes a valid version, which both surviving gateways' engines install. Rounds 2
 * and 3 run with the two that are left. Printed: F1 per round (held-out, all machines) and per gateway, bytes per
 * round against uploading the windows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederatedE2EIT {

    private static final String MODEL = "fed-edge";
    private static final int WIDTH = LabelledCsv.WIDTH;
    private static final int TRAIN_PER_GATEWAY = 400;
    private static final List<String> GATEWAYS = List.of("gw-1", "gw-2", "gw-3");

    private CloudTier tier;
    private Path work;
    private Path initial;
    private final Map<String, LabelledWindows> heldOut = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        tier = new CloudTier("federated");
        Path shared = tier.dir.resolve("shared");
        Files.createDirectories(shared);
        // version 0: trained on an old machine only; trainable for the rounds, int8 as the gateways serve it
        initial = shared.resolve("initial");
        Path shipped = shared.resolve("shipped");
        List<float[]> oldWindows = new ArrayList<>();
        List<Integer> oldLabels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            LabelledWindows old = windows(LabelledCsv.oldMachine(i), 11 + i, 250);
            oldWindows.addAll(List.of(old.windows()));
            java.util.Arrays.stream(old.labels()).forEach(oldLabels::add);
        }
        float[][] oldTrain = oldWindows.toArray(new float[0][]);
        int[] oldTrainLabels = oldLabels.stream().mapToInt(Integer::intValue).toArray();
        WindowNetwork network = WindowNetwork.standardisedOn(WIDTH, List.of(new WindowNetwork.Convolution(5, 8, 4)),
                List.of(8), oldTrain);
        try (TrainableModel model = TrainableModel.create(network, 42)) {
            ModelTrainer.fit(model, oldTrain, ModelTrainer.hardTargets(oldTrainLabels),
                    new ModelTrainer.Options(15, 32, 5e-3f, 1));
            model.export(initial);
            Int8Export.write(model, shipped);
        }
        KeyPair key = Ed25519Keys.generate();
        Path keyFile = shared.resolve("ops.pk8");
        Files.write(keyFile, key.getPrivate().getEncoded());
        String trusted = "ops=" + Ed25519Keys.encodePublic(key.getPublic());

        StringBuilder validation = new StringBuilder();
        for (int g = 0; g < GATEWAYS.size(); g++) {
            String id = GATEWAYS.get(g);
            Path data = shared.resolve(id + ".csv");
            Files.writeString(data, csv(windows(machine(g), 100 + g, TRAIN_PER_GATEWAY)));
            LabelledWindows test = windows(machine(g), 200 + g, 150);
            heldOut.put(id, test);
            validation.append(csv(test));
            // gw-3 trains for many steps: it is still training when it is killed
            tier.startLearningGateway(id, MODEL + "=" + shipped, trusted, MODEL, Map.of(
                    "io.aiosedge.learning.ModelUpdates.cfg", lines("models=" + MODEL, "rollback.window:Integer=1000"),
                    "io.aiosedge.federated.Participant.cfg", lines("model.name=" + MODEL,
                            "model.directory=" + initial, "data.file=" + data,
                            "local.steps:Integer=" + (id.equals("gw-3") ? 100_000 : 0))));
        }
        Path validationFile = shared.resolve("validation.csv");
        Files.writeString(validationFile, validation);
        work = tier.dir.resolve("coordinator-work");
        tier.startWorker("fed-1", 1, Map.of("io.aiosedge.federated.Coordinator.cfg", lines("model.name=" + MODEL,
                "initial.model.directory=" + initial, "validation.data.file=" + validationFile,
                "work.directory=" + work, "participants.min:Integer=2", "local.steps:Integer=200",
                "learning.rate:Double=0.01", "round.period.s:Integer=2", "round.deadline.s:Integer=25",
                "server.momentum:Double=0", "signing.key.file=" + keyFile)));
    }

    @AfterAll
    void stop() throws Exception {
        if (tier != null) {
            tier.keepLogs(Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"), "federated"));
            tier.close();
        }
    }

    @Test
    void aGatewayKilledMidRoundNeitherStallsNorSpoilsTheRoundAndEveryVersionReachesTheGateways() throws Exception {
        NodeProcess coordinator = tier.node("fed-1");
        // round 1: every gateway joined and the two fast ones answered; gw-3 is still training
        coordinator.await("round 1 with 3 joined and 2 updates kept", Duration.ofSeconds(60), () ->
                state().getProperty("round", "").equals("1") && state().getProperty("open", "").equals("true")
                        && joined().containsAll(GATEWAYS) && Files.exists(work.resolve("updates/r1/gw-1.upd"))
                        && Files.exists(work.resolve("updates/r1/gw-2.upd")));
        assertThat(work.resolve("updates/r1/gw-3.upd")).doesNotExist();
        tier.node("gw-3").kill();

        coordinator.await("three closed rounds", Duration.ofSeconds(120), () -> history().size() >= 3);
        List<String[]> rounds = history().stream().limit(3).map(l -> l.split("\t")).toList();
        // history.tsv: round, opened, closed, version before, after, outcome, joined, accepted, refused, uplink bytes,
        // downlink bytes, F1 before, after, details
        String[] first = rounds.get(0);
        assertThat(first[5]).as("round 1: %s", String.join(" ", first)).isEqualTo("new-version");
        assertThat(first[6]).as("joined").isEqualTo("3");
        assertThat(first[7]).as("accepted").isEqualTo("2");
        assertThat(first[13]).startsWith("closed at the deadline").contains("gw-1").contains("gw-2")
                .doesNotContain("gw-3");
        long closedAfter = Long.parseLong(first[2]) - Long.parseLong(first[1]);
        assertThat(closedAfter).as("round 1 lasted its deadline (25 s), not longer").isBetween(24_000L, 40_000L);
        for (String[] r : rounds.subList(1, 3)) {
            assertThat(r[6]).as("joined round %s (gw-3 is gone)", r[0]).isEqualTo("2");
            assertThat(r[13]).as("round %s", r[0]).startsWith("all answered");
        }
        int version = Integer.parseInt(rounds.get(2)[4]);
        assertThat(version).as("versions made").isGreaterThanOrEqualTo(2);

        // the surviving gateways serve the last version, installed from the signed offer
        for (String gw : List.of("gw-1", "gw-2")) {
            tier.node(gw).await("fed-" + version + " served", Duration.ofSeconds(30),
                    () -> ("fed-" + version).equals(tier.modelVersion(gw, MODEL)));
        }

        // F1 on each gateway's held-out windows: the starting model against the last version
        Map<String, double[]> perGateway = new LinkedHashMap<>();
        try (TrainableModel before = TrainableModel.load(initial);
                TrainableModel after = TrainableModel.load(work.resolve("versions/v" + version))) {
            for (Map.Entry<String, LabelledWindows> e : heldOut.entrySet()) {
                perGateway.put(e.getKey(), new double[] {f1(before, e.getValue()), f1(after, e.getValue())});
            }
        }
        long rawBytes = 2L * TRAIN_PER_GATEWAY * WIDTH * 4;
        StringBuilder report = new StringBuilder("[e2e] federated: 3 gateway JVMs, coordinator in a cloud worker\n");
        for (String[] r : rounds) {
            report.append(String.format(Locale.ROOT, "  round %s: %s, joined %s, accepted %s, %.1f s, held-out F1 %s ->"
                    + " %s, uplink %s bytes (the windows of the gateways that answered: %d bytes), downlink %s%n",
                    r[0], r[5], r[6], r[7], (Long.parseLong(r[2]) - Long.parseLong(r[1])) / 1000.0, r[11], r[12],
                    r[9], Long.parseLong(r[7]) * TRAIN_PER_GATEWAY * WIDTH * 4, r[10]));
        }
        perGateway.forEach((gw, f) -> report.append(String.format(Locale.ROOT, "  %s F1 %.3f -> %.3f%n", gw, f[0],
                f[1])));
        System.out.print(report);
        Files.writeString(Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"))
                .resolve("federated.txt"), report);

        for (String[] r : rounds) {
            assertThat(Long.parseLong(r[9])).as("round %s uplink: updates only", r[0]).isLessThan(rawBytes / 10);
        }
        double globalBefore = Double.parseDouble(first[11]);
        double globalAfter = Double.parseDouble(rounds.get(2)[12]);
        if (globalAfter == 0) { // round 3 kept no version: the last kept F1 is round 2's
            globalAfter = Double.parseDouble(rounds.get(1)[12]);
        }
        assertThat(globalAfter).as("held-out F1 over all machines").isGreaterThan(globalBefore + 0.05);
        // non-IID: the average moves toward the larger update, so one gateway may lose a little while the mean of
        // those that took part rises (measured: gw-1 0.667 -> 0.866, gw-2 0.714 -> 0.681)
        double meanBefore = (perGateway.get("gw-1")[0] + perGateway.get("gw-2")[0]) / 2;
        double meanAfter = (perGateway.get("gw-1")[1] + perGateway.get("gw-2")[1]) / 2;
        assertThat(meanAfter).as("mean F1 of gw-1 and gw-2").isGreaterThan(meanBefore + 0.03);
        assertThat(coordinator.log()).doesNotContain("round step failed");
    }

    private Properties state() {
        Properties p = new Properties();
        try (var in = Files.newInputStream(work.resolve("state.properties"))) {
            p.load(in);
        } catch (IOException e) {
            return p; // not written yet, or being replaced
        }
        return p;
    }

    private List<String> joined() {
        return List.of(state().getProperty("joined", "").split(","));
    }

    private List<String> history() {
        try {
            Path file = work.resolve("history.tsv");
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The three gateways' machines: the starting model saw none of them. */
    private static SignalSpec machine(int gateway) {
        return switch (gateway) {
            case 0 -> SignalSpec.of(Shape.SINE, 3.0, -4.0, 20_000).withNoise(0.3)
                    .withAnomalies(60, 2.5, 5_000, EnumSet.of(AnomalyKind.SPIKE, AnomalyKind.STUCK));
            case 1 -> SignalSpec.of(Shape.SINE, 2.5, -3.0, 26_000).withNoise(0.25)
                    .withAnomalies(60, 2.5, 5_000, EnumSet.of(AnomalyKind.SPIKE, AnomalyKind.DRIFT));
            default -> SignalSpec.of(Shape.RANDOM_WALK, 2.0, 3.0, 30_000).withNoise(0.2)
                    .withAnomalies(60, 2.0, 8_000, EnumSet.of(AnomalyKind.STUCK, AnomalyKind.DRIFT));
        };
    }

    private static double f1(TrainableModel model, LabelledWindows data) {
        return BinaryScores.of(model.predict(data.windows()), data.labels(), 0.5f).f1();
    }

    private static String lines(String... lines) {
        return String.join("\n", new ArrayList<>(List.of(lines))) + "\n";
    }
}
