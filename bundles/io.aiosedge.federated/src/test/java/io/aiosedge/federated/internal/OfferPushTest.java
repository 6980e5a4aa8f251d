package io.aiosedge.federated.internal;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.api.learning.ModelOffers;
import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.api.security.TrustedKeys;
import io.aiosedge.api.security.VerificationException;
import io.aiosedge.models.learning.TrainableModel;

/** A new global version as the gateways receive it: a model offer, signed, in the form they serve. */
class OfferPushTest {

    @TempDir
    static Path shared;
    /** The version's model: what the coordinator hands to the push. */
    static TrainableModel trained;

    @TempDir
    Path dir;

    private final LoopbackEndpoint.Hub hub = new LoopbackEndpoint.Hub();

    @BeforeAll
    static void model() throws Exception {
        trained = TrainableModel.load(Machines.initialModel(shared.resolve("v1")));
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    /** The version's trainable folder in the coordinator's layout ({@code versions/v1}). */
    private Path version() throws IOException {
        Path folder = dir.resolve("versions").resolve("v1");
        trained.export(folder);
        return folder;
    }

    @Test
    void aSignedInt8OfferTheEnginesModelsCommandAccepts() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        OfferPush push = new OfferPush(hub.client("cloud"), "aios/v1/#{tenant}/learning/models/#{model}", true,
                new ModelOffers.SigningKey("ops", pair.getPrivate()), true);
        Path folder = version();
        push.push("anomaly-edge", 1, trained, folder, Map.of("round", 3L, "f1", 0.8));

        assertThat(hub.published).hasSize(1);
        KuraMessage m = hub.published.get(0);
        assertThat(m.getProperties().get("topic")).isEqualTo("aios/v1/t1/learning/models/anomaly-edge");
        assertThat(hub.retained).containsKey("aios/v1/t1/learning/models/anomaly-edge");
        KuraPayload p = m.getPayload();
        assertThat(ModelOffers.isOffer(p)).isTrue();
        assertThat(p.getMetric("model")).isEqualTo("anomaly-edge");
        assertThat(p.getMetric("version")).isEqualTo("fed-1");
        assertThat(p.getMetric("round")).isEqualTo(3L);
        assertThat(p.getMetric("f1")).isEqualTo(0.8);
        String sha = ModelOffers.sha256(p.getBody());
        assertThat(p.getMetric("sha256")).isEqualTo(sha);
        TrustedKeys trusted = TrustedKeys.of(Map.of("ops", pair.getPublic()));
        assertThat(ArtifactSignatures.verify(trusted, sha, p.getMetric("signature").toString())).isEqualTo("ops");
        TrustedKeys other = TrustedKeys.of(Map.of("ops", Ed25519Keys.generate().getPublic()));
        assertThatThrownBy(() -> ArtifactSignatures.verify(other, sha, p.getMetric("signature").toString()))
                .isInstanceOf(VerificationException.class);
        // the int8 form travels (written beside the trainable folder), and it is the smaller one
        Path int8 = dir.resolve("versions").resolve("v1-int8");
        assertThat(int8.resolve("saved_model.pb")).exists();
        assertThat(p.getBody()).isEqualTo(ModelOffers.zip(int8));
        assertThat(p.getBody().length).isLessThan(ModelOffers.zip(folder).length);
        assertThat(entries(p.getBody())).contains("model/saved_model.pb").allMatch(e -> e.startsWith("model/"));

        // a second push of the same version reuses the form: the same bytes
        push.push("anomaly-edge", 1, trained, folder, Map.of("round", 3L, "f1", 0.8));
        assertThat(hub.published.get(1).getPayload().getBody()).isEqualTo(p.getBody());
    }

    @Test
    void unsignedTrainableFormWhenConfiguredSo() throws Exception {
        OfferPush push = new OfferPush(hub.client("cloud"), "models/#{model}", false, null, false);
        Path folder = version();
        push.push("anomaly-edge", 2, trained, folder, Map.of());
        KuraPayload p = hub.published.get(0).getPayload();
        assertThat(p.getMetric("signature")).isNull();
        assertThat(p.getBody()).isEqualTo(ModelOffers.zip(folder));
        assertThat(hub.retained).isEmpty();
        assertThat(push.describe()).contains("trainable").contains("unsigned");
    }

    @Test
    void badInputNamesWhatIsWrong() throws Exception {
        OfferPush push = new OfferPush(hub.client("cloud"), "models/#{model}", false, null, false);
        assertThatThrownBy(() -> push.push("anomaly-edge", 1, trained, dir, Map.of()))
                .hasMessageContaining("no saved_model.pb in " + dir);
        assertThatThrownBy(() -> push.push("anomaly-edge", 1, trained, version(), Map.of("sha256", "x")))
                .hasMessageContaining("score 'sha256' would replace");
        assertThatThrownBy(() -> new OfferPush(hub.client("cloud"), " ", false, null, false))
                .hasMessageContaining("push.topic");
        assertThatThrownBy(() -> ModelOffers.SigningKey.read(dir.resolve("missing.pk8"), ""))
                .hasMessageContaining("missing.pk8 does not exist");
        Path notAKey = Files.writeString(dir.resolve("ops.pk8"), "not a key");
        assertThatThrownBy(() -> ModelOffers.SigningKey.read(notAKey, "")).hasMessageContaining("ops.pk8");
        assertThat(hub.published).isEmpty();
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
