package io.aiosedge.learning.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.api.learning.ModelOffers;
import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.api.security.TrustedKeys;
import io.aiosedge.driver.simulated.signal.LabelledWindows;

/**
 * The trainer with real TensorFlow on the simulated machines: an edge model trained on the old machine, hard examples
 * of a new machine (other shapes, noise and anomalies) uploaded as the gateways upload them, fine-tuning with replay,
 * promotion and the push; figures printed (F1 before/after on both machines, examples used).
 */
class TrainerLoopTest {

    @TempDir
    static Path shared;

    static Path initial;
    static Path oldData;
    static float[][] shiftedWindows;
    static int[] shiftedLabels;
    static float[][] oldTestWindows;
    static int[] oldTestLabels;
    static float[][] newTestWindows;
    static int[] newTestLabels;

    @TempDir
    Path temp;

    @BeforeAll
    static void machines() throws IOException {
        LabelledWindows[] oldTrain = Conditions.old(1, 6, 200);
        initial = shared.resolve("edge-float");
        Conditions.trainInitialModel(initial, Conditions.windows(oldTrain), Conditions.labels(oldTrain));
        LabelledWindows[] oldReplay = Conditions.old(101, 6, 100);
        oldData = shared.resolve("old.csv");
        LabelledWindowFile.write(oldData, Conditions.windows(oldReplay), Conditions.labels(oldReplay));
        LabelledWindows[] shifted = Conditions.shifted(201, 4, 400);
        shiftedWindows = Conditions.windows(shifted);
        shiftedLabels = Conditions.labels(shifted);
        // shuffle so that every upload mixes the new machine's signals, as several gateways' uploads would
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = shiftedWindows.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float[] w = shiftedWindows[i];
            shiftedWindows[i] = shiftedWindows[j];
            shiftedWindows[j] = w;
            int l = shiftedLabels[i];
            shiftedLabels[i] = shiftedLabels[j];
            shiftedLabels[j] = l;
        }
        LabelledWindows[] oldTest = Conditions.old(1001, 6, 100);
        oldTestWindows = Conditions.windows(oldTest);
        oldTestLabels = Conditions.labels(oldTest);
        LabelledWindows[] newTest = Conditions.shifted(2001, 4, 150);
        newTestWindows = Conditions.windows(newTest);
        newTestLabels = Conditions.labels(newTest);
    }

    private TrainerOptions options(Path work, double margin, Path key) {
        return new TrainerOptions("aios/v1/#{tenant}/+/data/hard-examples", "anomaly-edge", initial, oldData, work,
                5000, 200, 3_600_000, 3_600_000, 0.5, 0.25, new PromotionRule(margin, 0.05),
                new FineTuner.Options(30, 32, 2e-3f, 0.5f, 1, true), "aios/v1/#{tenant}/learning/models/#{model}", true,
                key, "", 1);
    }

    private static void upload(RecordingEndpoint endpoint, String gateway, int from, int count) {
        for (int i = from; i < from + count; i += 50) {
            endpoint.deliver("aios/v1/t1/" + gateway + "/data/hard-examples",
                    Conditions.upload(gateway, shiftedWindows, shiftedLabels, i, Math.min(50, from + count - i)));
        }
    }

    private static Path keyFile(Path dir, KeyPair pair) throws IOException {
        Path file = dir.resolve("ops.pk8");
        Files.write(file, pair.getPrivate().getEncoded());
        return file;
    }

    @Test
    void hardExamplesOfANewMachineAreLearnedPromotedAndPushedSigned() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        RecordingEndpoint endpoint = new RecordingEndpoint();
        Trainer trainer = new Trainer(options(temp.resolve("work"), 0.01, keyFile(temp, pair)), endpoint);
        try {
            assertThat(endpoint.subscribers.values()).containsExactly(
                    Map.of("topic.filter", "aios/v1/#{tenant}/+/data/hard-examples", "qos", 1));
            double oldBefore = Conditions.f1(temp.resolve("work/versions/v0/int8"), oldTestWindows, oldTestLabels);
            double newBefore = Conditions.f1(temp.resolve("work/versions/v0/int8"), newTestWindows, newTestLabels);
            System.out.printf("v0 (int8, as shipped): F1 old machine %.3f, new machine %.3f%n", oldBefore, newBefore);

            List<String> rows = new ArrayList<>();
            int sent = 0;
            ModelVersion firstPromoted = null;
            int examplesAtPromotion = 0;
            for (int round = 0; round < 4; round++) {
                upload(endpoint, round % 2 == 0 ? "gw1" : "gw2", sent, 200);
                sent += 200;
                ModelVersion v = trainer.runNow().orElseThrow();
                Path form = temp.resolve("work/versions/" + v.name() + "/int8");
                double oldF1 = Conditions.f1(form, oldTestWindows, oldTestLabels);
                double newF1 = Conditions.f1(form, newTestWindows, newTestLabels);
                rows.add(String.format("%s after %4d examples (%d new trained + %d replayed): validation %s -> %s;"
                        + " test F1 old machine %.3f, new machine %.3f", v.name(), sent, v.freshExamples(),
                        v.replayedExamples(), v.scores(), v.promoted() ? "promoted" : "rejected", oldF1, newF1));
                if (v.promoted() && firstPromoted == null) {
                    firstPromoted = v;
                    examplesAtPromotion = sent;
                }
            }
            rows.forEach(System.out::println);
            assertThat(firstPromoted).as("a version promoted").isNotNull();
            System.out.printf("first promotion after %d hard examples%n", examplesAtPromotion);

            ModelVersion deployed = trainer.status().deployed().orElseThrow();
            Path shipped = temp.resolve("work/versions/" + deployed.name() + "/int8");
            double oldAfter = Conditions.f1(shipped, oldTestWindows, oldTestLabels);
            double newAfter = Conditions.f1(shipped, newTestWindows, newTestLabels);
            System.out.printf("deployed %s (int8): F1 old machine %.3f (was %.3f), new machine %.3f (was %.3f)%n",
                    deployed.name(), oldAfter, oldBefore, newAfter, newBefore);
            assertThat(newAfter).as("new machine F1").isGreaterThan(newBefore + 0.05);
            assertThat(oldAfter).as("old machine F1 kept").isGreaterThan(oldBefore - 0.05);

            // every promoted version was pushed, as the engine's models command wants it
            List<KuraMessage> pushes = endpoint.published;
            assertThat(pushes).isNotEmpty();
            KuraMessage last = pushes.get(pushes.size() - 1);
            KuraPayload offer = last.getPayload();
            assertThat(offer.getMetric("model")).isEqualTo("anomaly-edge");
            assertThat(offer.getMetric("version")).isEqualTo(deployed.name());
            assertThat(last.getProperties()).containsEntry("topic", "aios/v1/#{tenant}/learning/models/#{model}")
                    .containsEntry("model", "anomaly-edge").containsEntry("retain", true).containsEntry("qos", 1);
            String sha = ModelOffers.sha256(offer.getBody());
            assertThat(offer.getMetric("sha256")).isEqualTo(sha);
            TrustedKeys trusted = TrustedKeys.of(Map.of("ops", pair.getPublic()));
            assertThat(ArtifactSignatures.verify(trusted, sha, offer.getMetric("signature").toString()))
                    .isEqualTo("ops");
            assertThat(entries(offer.getBody())).contains("model/saved_model.pb");
            assertThat(ModelOffers.zip(shipped)).as("the same folder zips to the same bytes")
                    .isEqualTo(offer.getBody());
            assertThat(pushes).hasSize((int) trainer.status().versions().stream()
                    .filter(v -> v.promoted() && v.number() > 0).count());
        } finally {
            trainer.deactivate();
        }
    }

    @Test
    void aRejectedVersionIsKeptNotPushedAndCanBePromotedAndRolledBackByHand() throws Exception {
        RecordingEndpoint endpoint = new RecordingEndpoint();
        Path work = temp.resolve("work");
        Trainer trainer = new Trainer(options(work, 1.0, null), endpoint);
        String reason;
        try {
            upload(endpoint, "gw1", 0, 199);
            assertThat(trainer.status().newExamples()).isEqualTo(199);
            upload(endpoint, "gw1", 0, 50); // redelivered: not counted twice
            assertThat(trainer.status().duplicates()).isEqualTo(50);
            upload(endpoint, "gw1", 199, 1);
            ModelVersion v1 = trainer.runNow().orElseThrow();
            assertThat(v1.promoted()).isFalse();
            assertThat(v1.reason()).startsWith("rejected: ").contains("below the margin 1.000");
            assertThat(endpoint.published).isEmpty();
            assertThat(trainer.status().deployed().orElseThrow().number()).isZero();
            assertThat(trainer.runNow()).as("nothing new").isEmpty();
            reason = v1.reason();
        } finally {
            trainer.deactivate();
        }
        Trainer again = new Trainer(options(work, 1.0, null), endpoint);
        try {
            Trainer.Status status = again.status();
            assertThat(status.versions()).extracting(ModelVersion::name).containsExactly("v0", "v1");
            assertThat(status.versions().get(1).reason()).isEqualTo(reason);
            assertThat(status.newExamples()).isZero();
            assertThat(status.buffered()).isEqualTo(200);

            ModelVersion promoted = again.promote(1);
            assertThat(promoted.promoted()).isTrue();
            assertThat(promoted.reason()).startsWith("promoted by hand");
            assertThat(endpoint.published).hasSize(1);
            assertThat(endpoint.published.get(0).getPayload().getMetric("version")).isEqualTo("v1");
            assertThat(endpoint.published.get(0).getPayload().getMetric("signature")).isNull();
            assertThatThrownBy(() -> again.promote(1)).hasMessage("v1 is deployed already");
            assertThatThrownBy(() -> again.promote(7)).hasMessage("no version v7; versions: [v0, v1]");

            ModelVersion back = again.rollback();
            assertThat(back.name()).isEqualTo("v0");
            assertThat(endpoint.published).hasSize(2);
            assertThat(endpoint.published.get(1).getPayload().getMetric("version")).isEqualTo("v0");
            assertThat(again.status().deployed().orElseThrow().name()).isEqualTo("v0");
            assertThatThrownBy(again::rollback).hasMessage("nothing to roll back to: only v0 was ever deployed");
            assertThat(TrainerCommands.format(again.status())).contains("v0*").contains("promoted by hand");
        } finally {
            again.deactivate();
        }
    }

    @Test
    void aRunWaitsForEnoughNewExamplesAndTheMinimumInterval() throws Exception {
        RecordingEndpoint endpoint = new RecordingEndpoint();
        TrainerOptions o = options(temp.resolve("work"), 0, null);
        TrainerOptions hourly = new TrainerOptions(o.uploadsFilter(), o.model(), o.initialModel(), o.oldData(),
                o.workDirectory(), 5000, 200, 3_600_000, 3_600_000, 0.5, 0.25, o.rule(), o.training(), o.pushTopic(),
                true, null, "", 1);
        Trainer trainer = new Trainer(hourly, endpoint);
        try {
            upload(endpoint, "gw1", 0, 199);
            assertThat(trainer.runIfDue()).as("199 of 200 new examples").isEmpty();
            upload(endpoint, "gw1", 199, 1);
            assertThat(trainer.runIfDue()).as("200 new examples, no run before").isPresent();
            upload(endpoint, "gw1", 200, 300);
            assertThat(trainer.status().newExamples()).isEqualTo(300);
            assertThat(trainer.runIfDue()).as("300 new examples, but the last run was just now").isEmpty();
            assertThat(trainer.status().versions()).hasSize(2);
        } finally {
            trainer.deactivate();
        }
    }

    @Test
    void aMissingInitialModelOrKeyIsNamed() {
        RecordingEndpoint endpoint = new RecordingEndpoint();
        TrainerOptions o = options(temp.resolve("w"), 0.01, null);
        TrainerOptions noModel = new TrainerOptions(o.uploadsFilter(), o.model(), temp.resolve("nowhere"), null,
                o.workDirectory(), 10, 1, 0, 1000, 0.5, 0.25, o.rule(), o.training(), o.pushTopic(), true, null, "", 1);
        assertThatThrownBy(() -> new Trainer(noModel, endpoint)).isInstanceOf(IOException.class)
                .hasMessageContaining("initial.model.directory").hasMessageContaining("nowhere");
        TrainerOptions noKey = new TrainerOptions(o.uploadsFilter(), o.model(), initial, null, o.workDirectory(), 10,
                1, 0, 1000, 0.5, 0.25, o.rule(), o.training(), o.pushTopic(), true, temp.resolve("absent.pk8"), "", 1);
        assertThatThrownBy(() -> new Trainer(noKey, endpoint)).hasMessageContaining("signing.key.file")
                .hasMessageContaining("absent.pk8");
        assertThat(endpoint.subscribers).isEmpty();
    }

    private static List<String> entries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
