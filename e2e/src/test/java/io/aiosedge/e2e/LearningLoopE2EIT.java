package io.aiosedge.e2e;

import static io.aiosedge.e2e.LabelledCsv.csv;
import static io.aiosedge.e2e.LabelledCsv.windows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.aiosedge.api.security.Ed25519Keys;

/**
 * The learning loop across processes: the gateway (its real scheduler in joint inference, the shipped int8 edge
 * model, the hard-example collector and model updates) and a cloud worker (the real distribution: the cloud model
 * for escalations and the incremental trainer, starting from the trainable form of the shipped edge model, with a
 * signing key the gateway's engine trusts), over Mosquitto. A run of labelled windows of a machine the models never
 * saw, in joint inference, escalates the edge model's doubtful answers; each becomes a hard example labelled by the
 * cloud model's answer and goes up through cloud-sync; the trainer fine-tunes on them with replay, validates and
 * decides. The gateway then serves what the trainer deployed: the signed new version when it was promoted (pushed
 * and hot-swapped), the shipped one when it was rejected (nothing pushed). Every task of the run completes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LearningLoopE2EIT {

    private static final int WINDOWS = 1200;
    private static final String EDGE = "anomaly-edge";
    private CloudTier tier;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        tier = new CloudTier("learning");
        Path shared = tier.dir.resolve("shared");
        Files.createDirectories(shared);
        KeyPair key = Ed25519Keys.generate();
        Path keyFile = shared.resolve("ops.pk8");
        Files.write(keyFile, key.getPrivate().getEncoded());
        // the old conditions with their true labels (seeds the probe does not use): replay and old-condition guard
        StringBuilder old = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            old.append(csv(windows(LabelledCsv.oldMachine(i), 7_001 + i, 150)));
        }
        Path oldData = shared.resolve("old.csv");
        Files.writeString(oldData, old);
        Path edgeFloat = Path.of(System.getProperty("aios.e2e.edge.float",
                "../bundles/io.aiosedge.models/trainer/target/models/edge-float"));
        assertThat(edgeFloat.resolve("saved_model.pb")).as("the build's trainable edge model").exists();
        work = tier.dir.resolve("trainer-work");
        tier.startWorker("wl", 2, Map.of("io.aiosedge.learning.cloud.Trainer.cfg", String.join("\n",
                "model.name=" + EDGE, "initial.model.directory=" + edgeFloat.toAbsolutePath(),
                "old.data.file=" + oldData, "work.directory=" + work, "min.new.examples:Integer=80",
                "min.interval.s:Integer=0", "check.interval.s:Integer=1", "promote.margin:Double=0",
                "signing.key.file=" + keyFile, "")));
        tier.startGateway("local-only", 3000, "cloud:inference\tCLOUD\tinference\ttrue\t8",
                "ops=" + Ed25519Keys.encodePublic(key.getPublic()), Map.of("io.aiosedge.learning.ModelUpdates.cfg",
                        "models=" + EDGE + "\nrollback.window:Integer=1000\n"));
    }

    @AfterAll
    void stop() throws Exception {
        if (tier != null) {
            tier.keepLogs(Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"), "learning"));
            tier.close();
        }
    }

    private List<Outcome> run(String name) throws Exception {
        tier.startRun(name, Map.of("count", WINDOWS, "seed", 6001, "signals", 6, "rate.per.s", 50, "policy",
                "joint-inference", "model", "anomaly-cloud", "edge.model", EDGE, "deadline.ms", 20_000, "machine", "shifted"));
        int[] duplicates = new int[1];
        List<Outcome> outcomes = tier.awaitRun(name, Duration.ofSeconds(180), duplicates);
        assertThat(duplicates[0]).isZero();
        return outcomes;
    }

    @Test
    void escalationsOfADriftedMachineReachTheTrainerAndTheGatewayServesWhatItDeploys() throws Exception {
        String shipped = tier.modelVersion(CloudTier.GATEWAY, EDGE);
        List<String> uploads = new CopyOnWriteArrayList<>();
        tier.client.collectBodies("aios/v1/" + CloudTier.TENANT + "/" + CloudTier.GATEWAY + "/data/hard-examples",
                uploads);
        long started = System.nanoTime();
        List<Outcome> run = run("loop-1");
        double runSeconds = (System.nanoTime() - started) / 1e9;
        NodeProcess worker = tier.node("wl");
        // the trainer runs on the uploads of the run's escalations and decides
        worker.await("a trained version", Duration.ofSeconds(90), () -> trained().size() >= 1);
        String[] version = trained().get(0).split("\t");
        boolean promoted = Boolean.parseBoolean(version[6]);
        String expected = promoted ? "v" + version[0] : shipped;
        tier.node(CloudTier.GATEWAY).await("the gateway serving " + expected, Duration.ofSeconds(60),
                () -> expected.equals(tier.modelVersion(CloudTier.GATEWAY, EDGE)));

        long escalated = run.stream().filter(Outcome::escalated).count();
        String report = String.format(Locale.ROOT, "[e2e] learning loop on a drifted machine: %d tasks in %.1f s,"
                + " %d escalated, joint F1 %.3f, %d hard-example messages; trainer v%s from %s new + %s replayed"
                + " examples: %s; the gateway serves %s (shipped %s)%n", WINDOWS, runSeconds, escalated,
                Scores.of(run).f1(), uploads.size(), version[0], version[2], version[3], version[7], expected, shipped);
        System.out.print(report);
        Path results = Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"));
        Files.createDirectories(results);
        Files.writeString(results.resolve("learning-loop.txt"), report);

        assertThat(run).as("every task of the run").hasSize(WINDOWS)
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo("COMPLETED"));
        assertThat(escalated).as("escalations").isPositive();
        assertThat(uploads).as("hard examples on the broker").isNotEmpty();
        assertThat(Integer.parseInt(version[2])).as("new examples trained on").isPositive();
        assertThat(version[7]).startsWith(promoted ? "promoted: " : "rejected: ");
        assertThat(worker.log().contains("pushed v" + version[0] + " (")).as("pushed iff promoted").isEqualTo(promoted);
    }

    /** The trainer's versions after v0 (lines of versions.tsv). */
    private List<String> trained() {
        try {
            Path file = work.resolve("versions.tsv");
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.startsWith("0\t")).toList()
                    : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
