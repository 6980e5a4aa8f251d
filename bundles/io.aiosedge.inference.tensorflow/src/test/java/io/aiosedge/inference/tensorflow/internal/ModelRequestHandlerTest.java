package io.aiosedge.inference.tensorflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.api.security.TrustedKeys;

/**
 * Model archives pushed by cloud command: installed only with a detached signature by a trusted key, checked
 * before any byte is written or unpacked; every refusal names its reason, and nothing is installed (the engine's
 * install is not even called, the serving version keeps serving).
 */
class ModelRequestHandlerTest {

    private static final float[] WEIGHTS = { 1f, 2f, 3f, 4f };
    private static final float[] ONES = { 1, 1, 1, 1 };

    @TempDir
    Path temp;

    private final KeyPair release = Ed25519Keys.generate();
    private final KeyPair stranger = Ed25519Keys.generate();
    private final List<String> installs = new ArrayList<>();
    private TensorFlowInferenceEngine engine;
    private ModelCatalog recording;
    private Path downloads;
    private byte[] archive;
    private String sha256;

    @BeforeEach
    void engineServingVersionOne() throws Exception {
        this.engine = new TensorFlowInferenceEngine(new EngineOptions("test", Map.of(), this.temp, 1, 1, 1, 0,
                EngineOptions.Device.CPU, false, 1), null, "");
        this.engine.loadModel("edge", Optional.of(TestModels.linear(this.temp.resolve("v1"), WEIGHTS, 0f).toString()));
        this.recording = recording(this.engine);
        this.downloads = this.temp.resolve("downloads");
        Path zip = zip(TestModels.linear(this.temp.resolve("v2"), WEIGHTS, 100f), this.temp.resolve("v2.zip"));
        this.archive = Files.readAllBytes(zip);
        this.sha256 = ModelArchive.sha256(zip);
    }

    @AfterEach
    void stop() {
        this.engine.deactivate();
    }

    @Test
    void anArchiveSignedByATrustedKeyIsInstalled() throws Exception {
        ModelRequestHandler handler = handler(trusting("release", this.release), false);
        KuraMessage reply = handler.doExec(null, push(this.archive, this.sha256,
                ArtifactSignatures.sign(this.release.getPrivate(), "release", this.sha256)));

        assertThat(reply.getPayload().getMetric("version")).isEqualTo("2.0.0");
        assertThat(this.installs).containsExactly("edge");
        assertThat(this.engine.infer("edge", ONES, 1, 4)).containsExactly(110f);
    }

    @Test
    void anUnsignedArchiveIsRefusedUnlessExplicitlyAllowed() throws Exception {
        assertRefused(handler(trusting("release", this.release), false), push(this.archive, this.sha256, null),
                "model 'edge': the archive has no signature: send the content of its .sig file (aios-sign"
                        + " sign-file) as metric 'signature'; unsigned archives are refused unless"
                        + " models.allow.unsigned=true; nothing was installed");

        handler(TrustedKeys.none(), true).doExec(null, push(this.archive, this.sha256, null));
        assertThat(this.engine.infer("edge", ONES, 1, 4)).as("models.allow.unsigned=true").containsExactly(110f);
    }

    @Test
    void wronglySignedArchivesAreRefusedWithTheReason() throws Exception {
        ModelRequestHandler handler = handler(trusting("release", this.release), false);
        // A key the engine does not trust.
        assertRefused(handler, push(this.archive, this.sha256,
                ArtifactSignatures.sign(this.stranger.getPrivate(), "stranger", this.sha256)),
                "signature is refused");
        // The trusted key id, but another key's signature.
        assertRefused(handler, push(this.archive, this.sha256,
                ArtifactSignatures.sign(this.stranger.getPrivate(), "release", this.sha256)),
                "signature is refused");
        // A genuine signature of another archive.
        String other = "ab".repeat(32);
        assertRefused(handler, push(this.archive, this.sha256,
                ArtifactSignatures.sign(this.release.getPrivate(), "release", other)), "signature is refused");
        // Not a signature at all.
        assertRefused(handler, push(this.archive, this.sha256, "release"), "<key id>:<base64 Ed25519 signature>");
        // A signature but no trust anchor.
        assertRefused(handler(TrustedKeys.none(), false), push(this.archive, this.sha256,
                ArtifactSignatures.sign(this.release.getPrivate(), "release", this.sha256)),
                "no key may sign model archives: set artifacts.trusted.keys");
    }

    @Test
    void aSignedDigestWithOtherBytesIsRefusedBeforeUnpacking() throws Exception {
        ModelRequestHandler handler = handler(trusting("release", this.release), false);
        byte[] tampered = this.archive.clone();
        tampered[tampered.length / 2] ^= 1;
        KuraMessage push = push(tampered, this.sha256,
                ArtifactSignatures.sign(this.release.getPrivate(), "release", this.sha256));
        assertThatThrownBy(() -> handler.doExec(null, push)).isInstanceOf(KuraException.class)
                .hasMessageContaining("SHA-256 mismatch");
        assertThat(this.engine.infer("edge", ONES, 1, 4)).containsExactly(10f);
    }

    @Test
    void signedButHostileArchivesAreRefusedByTheEnginesLimits() throws Exception {
        byte[] slip = ModelArchiveTest.zipBytes(ModelArchiveTest.entry("model/saved_model.pb", new byte[] { 1 }),
                ModelArchiveTest.entry("../../escaped.pb", new byte[] { 2 }));
        byte[] bomb = ModelArchiveTest.zipBytes(ModelArchiveTest.entry("model/saved_model.pb", new byte[4 << 20]));
        ModelPolicy policy = new ModelPolicy(trusting("release", this.release), false,
                new ModelArchive.Limits(1 << 20, 100));
        // The caps are the engine's (models.max.unpacked.bytes, models.max.entries).
        this.engine.deactivate();
        this.engine = new TensorFlowInferenceEngine(new EngineOptions("test", Map.of(), this.temp, 1, 1, 1, 0,
                EngineOptions.Device.CPU, false, 1), policy, null, "");
        this.engine.loadModel("edge", Optional.of(this.temp.resolve("v1").toString()));
        ModelRequestHandler handler = new ModelRequestHandler(recording(this.engine), this.downloads, policy);
        for (byte[] hostile : List.of(slip, bomb)) {
            String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(hostile));
            KuraMessage push = push(hostile, digest, ArtifactSignatures.sign(this.release.getPrivate(), "release",
                    digest));
            assertThatThrownBy(() -> handler.doExec(null, push)).isInstanceOf(KuraException.class)
                    .hasMessageMatching("(?s).*(points outside the package|unpacks to more than|states more than).*");
            assertThat(this.engine.infer("edge", ONES, 1, 4)).containsExactly(10f);
        }
        assertThat(this.temp.resolve("escaped.pb")).doesNotExist();
        assertThat(this.temp.getParent().resolve("escaped.pb")).doesNotExist();
    }

    private void assertRefused(ModelRequestHandler handler, KuraMessage push, String reason) throws Exception {
        assertThatThrownBy(() -> handler.doExec(null, push)).isInstanceOf(KuraException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((KuraException) e).getCode()).isEqualTo(KuraErrorCode.SECURITY_EXCEPTION));
        assertThat(this.installs).as("the engine never saw the archive").isEmpty();
        assertThat(this.downloads).as("nothing written").doesNotExist();
        assertThat(this.engine.infer("edge", ONES, 1, 4)).as("version 1 keeps serving").containsExactly(10f);
    }

    private ModelRequestHandler handler(TrustedKeys keys, boolean allowUnsigned) {
        return new ModelRequestHandler(this.recording, this.downloads,
                new ModelPolicy(keys, allowUnsigned, ModelArchive.Limits.DEFAULT));
    }

    private static TrustedKeys trusting(String id, KeyPair key) {
        return TrustedKeys.parse(new String[] { id + "=" + Ed25519Keys.encodePublic(key.getPublic()) },
                "artifacts.trusted.keys");
    }

    private static KuraMessage push(byte[] zip, String sha256, String signature) {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("model", "edge");
        payload.addMetric("version", "2.0.0");
        payload.addMetric("sha256", sha256);
        if (signature != null) {
            payload.addMetric("signature", signature);
        }
        payload.setBody(zip);
        return new KuraMessage(payload);
    }

    /** The engine, noting the models whose install it is asked for. */
    private ModelCatalog recording(ModelCatalog target) {
        return (ModelCatalog) Proxy.newProxyInstance(ModelCatalog.class.getClassLoader(),
                new Class<?>[] { ModelCatalog.class }, (proxy, method, args) -> {
                    if (method.getName().equals("install")) {
                        this.installs.add((String) args[0]);
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Path zip(Path directory, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new ZipEntry("model/" + directory.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return zip;
    }
}
