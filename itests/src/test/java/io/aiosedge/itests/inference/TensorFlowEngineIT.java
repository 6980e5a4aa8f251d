package io.aiosedge.itests.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.message.KuraPayload;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;

/**
 * The TensorFlow engine inside Felix: configured by factory PID, models from a folder, model bundles installed
 * and uninstalled, Kura tensors and their validation, the cloud request handler's signature and SHA-256 checks, the Gogo
 * commands, and a hot swap under concurrent load.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TensorFlowEngineIT extends InferenceTestSupport {

    static final String PID = "io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine";
    private static final String INSTANCE = "engine-it";
    private static final String FILTER = "(kura.service.pid=" + INSTANCE + ")";
    /** The release key of this run: the engine trusts it for model archives (artifacts.trusted.keys). */
    private static final java.security.KeyPair RELEASE = releaseKey();

    private Path folder;

    @Configuration
    public Option[] config() {
        return new Option[] {inferencePlatform()};
    }

    @Before
    public void engineWithAModelFolder() throws Exception {
        if (context.getServiceReferences(TensorInference.class, FILTER).isEmpty()) {
            folder = Files.createTempDirectory("aios-it-models");
            InferenceFixtures.sumModel(folder.resolve("sum"), 0f);
            createFactoryConfiguration(PID, Map.of("kura.service.pid", INSTANCE, "model.directory", folder.toString(),
                    "batching.max.size", 16, "artifacts.trusted.keys", new String[] {"it-release="
                            + java.util.Base64.getEncoder().encodeToString(RELEASE.getPublic().getEncoded())}));
        }
        TensorInference engine = awaitService(TensorInference.class, FILTER);
        await("model 'sum' loaded", () -> engine.models().contains("sum"));
    }

    @Test
    public void engineLoadsTheFolderAndRunsTheFastPath() throws Exception {
        TensorInference engine = awaitService(TensorInference.class, FILTER);
        assertArrayEquals(new float[] {10f, 4f}, engine.infer("sum", new float[] {1, 2, 3, 4, 1, 1, 1, 1}, 2, 4), 0f);
        assertArrayEquals(new float[] {2f}, engine.inferAsync("sum", new float[] {0, 0, 1, 1}, 1, 4)
                .toCompletableFuture().get(10, TimeUnit.SECONDS), 0f);
        assertTrue(engine.statistics("sum").calls() >= 2);
    }

    @Test
    public void kuraServiceDescribesAndRunsTheModelAndRejectsBadTensors() throws Exception {
        InferenceEngineService kura = awaitService(InferenceEngineService.class, FILTER);
        assertTrue(kura.isEngineReady());
        ModelInfo info = kura.getModelInfo("sum").orElseThrow();
        TensorDescriptor input = info.getInputs().get(0);
        assertEquals("window", input.getName());
        assertEquals("FP32", input.getType());
        assertEquals(List.of(-1L, 4L), input.getShape());

        List<Tensor> out = kura.infer(info, List.of(new Tensor(Float.class,
                TensorDescriptor.builder("window", "FP32", List.of(1L, 4L)).build(), List.of(1f, 1f, 1f, 2f))));
        assertEquals(List.of(5f), out.get(0).getData(Float.class).orElseThrow());
        assertEquals("anomaly", out.get(0).getDescriptor().getName());

        try {
            kura.infer(info, List.of(new Tensor(Integer.class,
                    TensorDescriptor.builder("window", "INT32", List.of(1L, 4L)).build(), List.of(1, 1, 1, 1))));
            fail("INT32 accepted for an FP32 input");
        } catch (KuraException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("model 'sum'") && e.getMessage().contains("FP32"));
        }
        try {
            // Kura's ModelInfoBuilder requires an input and an output descriptor.
            TensorDescriptor window = TensorDescriptor.builder("window", "FP32", List.of(1L, 4L)).build();
            kura.infer(ModelInfo.builder("absent").addInputDescriptor(window).addOutputDescriptor(window).build(),
                    List.of());
            fail("unknown model accepted");
        } catch (KuraException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("model 'absent'"));
        }
    }

    @Test
    public void shippedModelBundlesServeTheAnomalyModels() throws Exception {
        TensorInference engine = awaitService(TensorInference.class, FILTER);
        InferenceEngineService kura = awaitService(InferenceEngineService.class, FILTER);
        await("anomaly-edge and anomaly-cloud", () -> engine.models().containsAll(List.of("anomaly-edge", "anomaly-cloud")));
        // Held-out windows of the simulated driver's signal model (a seed the trainer never used), half anomalous.
        SignalSpec spec = SignalSpec.of(io.aiosedge.driver.simulated.signal.Shape.SINE, 1.0, 0.0, 20_000)
                .withNoise(0.1).withAnomalies(60, 1.5, 10_000, EnumSet.allOf(AnomalyKind.class)).withSeed(7_777);
        LabelledWindows windows = new WindowGenerator(spec, 64, 100, WindowGenerator.Balance.BALANCED,
                7_777L * 86_400_000L, 7_777, 4).generate(200);
        float[] batch = new float[200 * 64];
        for (int i = 0; i < 200; i++) {
            System.arraycopy(windows.windows()[i], 0, batch, i * 64, 64);
        }
        for (String model : List.of("anomaly-edge", "anomaly-cloud")) {
            ModelInfo info = kura.getModelInfo(model).orElseThrow();
            assertEquals(List.of(-1L, 64L), info.getInputs().get(0).getShape());
            assertEquals("1.0.0", info.getVersion().orElseThrow());
            float[] probabilities = engine.infer(model, batch, 200, 64);
            int correct = 0;
            for (int i = 0; i < 200; i++) {
                correct += (probabilities[i] >= 0.5f) == (windows.labels()[i] == LabelledWindows.ANOMALOUS) ? 1 : 0;
            }
            assertTrue(model + " classified " + correct + " of 200 windows correctly", correct >= 140);
        }
        Bundle edge = installedBundle("io.aiosedge.models.anomaly.edge");
        edge.stop();
        await("anomaly-edge unloaded when its bundle stops", () -> !engine.models().contains("anomaly-edge"));
        edge.start();
        await("anomaly-edge back", () -> engine.models().contains("anomaly-edge"));
    }

    @Test
    public void modelBundleInstallMakesTheModelAvailableAndUninstallRemovesIt() throws Exception {
        TensorInference engine = awaitService(TensorInference.class, FILTER);
        Path saved = InferenceFixtures.sumModel(Files.createTempDirectory("aios-it-bundle").resolve("m"), 100f);
        Bundle bundle = context.installBundle("test:model-bundle-plus100",
                new ByteArrayInputStream(InferenceFixtures.modelBundle("io.aiosedge.models.it", "plus100", "1.2.3", saved)));
        bundle.start();
        await("model 'plus100' from the bundle", () -> engine.models().contains("plus100"));
        assertEquals("1.2.3", engine.statistics("plus100").version());
        assertArrayEquals(new float[] {104f}, engine.infer("plus100", new float[] {1, 1, 1, 1}, 1, 4), 0f);

        bundle.uninstall();
        await("model 'plus100' gone", () -> !engine.models().contains("plus100"));
        assertTrue(engine.models().contains("sum"));
    }

    @Test
    public void cloudRequestHandlerChecksSignatureAndSha256AndKeepsTheServingVersion() throws Exception {
        TensorInference engine = awaitService(TensorInference.class, FILTER);
        RequestHandler handler = awaitService(RequestHandler.class, "(aios.request.handler.id=models)");
        byte[] zip = InferenceFixtures.zip(
                InferenceFixtures.sumModel(Files.createTempDirectory("aios-it-cloud").resolve("m"), 7f));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        engine.infer("sum", new float[4], 1, 4);

        KuraPayload bad = new KuraPayload();
        bad.addMetric("model", "sum");
        bad.addMetric("sha256", "ab".repeat(32));
        bad.addMetric("signature", sign("ab".repeat(32)));
        bad.setBody(zip);
        try {
            handler.doExec(null, new KuraMessage(bad));
            fail("a package with the wrong digest was installed");
        } catch (KuraException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("model 'sum'")
                    && e.getMessage().contains("expected " + "ab".repeat(32)) && e.getMessage().contains("received " + digest));
        }
        assertArrayEquals(new float[] {4f}, engine.infer("sum", new float[] {1, 1, 1, 1}, 1, 4), 0f);

        KuraPayload unsigned = new KuraPayload();
        unsigned.addMetric("model", "sum");
        unsigned.addMetric("sha256", digest);
        unsigned.setBody(zip);
        try {
            handler.doExec(null, new KuraMessage(unsigned));
            fail("an unsigned archive was installed");
        } catch (KuraException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("the archive has no signature")
                    && e.getMessage().contains("models.allow.unsigned"));
        }
        assertArrayEquals(new float[] {4f}, engine.infer("sum", new float[] {1, 1, 1, 1}, 1, 4), 0f);

        KuraPayload good = new KuraPayload();
        good.addMetric("model", "sum");
        good.addMetric("sha256", digest);
        good.addMetric("version", "cloud-2");
        good.addMetric("signature", sign(digest));
        good.setBody(zip);
        KuraMessage reply = handler.doExec(null, new KuraMessage(good));
        assertEquals("cloud-2", reply.getPayload().getMetric("version"));
        assertArrayEquals(new float[] {11f}, engine.infer("sum", new float[] {1, 1, 1, 1}, 1, 4), 0f);
        // Back to the folder's version for the other tests.
        awaitService(InferenceEngineService.class, FILTER).loadModel("sum",
                Optional.of(folder == null ? reloadFolder() : folder.resolve("sum").toString()));
    }

    private static java.security.KeyPair releaseKey() {
        try {
            return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A detached archive signature as aios-sign sign-file writes it: Ed25519 over "aios-artifact-v1\n<sha256>". */
    private static String sign(String sha256) throws java.security.GeneralSecurityException {
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(RELEASE.getPrivate());
        signer.update(("aios-artifact-v1\n" + sha256).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "it-release:" + java.util.Base64.getEncoder().encodeToString(signer.sign());
    }

    private String reloadFolder() {
        return InferenceFixtures.sumModel(tempDir().resolve("sum"), 0f).toString();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("aios-it-reload");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    public void gogoCommandsListLoadInferAndUnload() throws Exception {
        ServiceReference<?> reference = context
                .getServiceReferences(Object.class.getName(), "(&(osgi.command.scope=aios)(osgi.command.function=models))")[0];
        Object commands = context.getService(reference);
        // The commands see engines through their own (dynamic) reference: wait until this one is there with its
        // models (an engine reconfigured by an earlier test of the class may still be coming back).
        awaitService(TensorInference.class, FILTER);
        String listing = awaitValue("the engine " + INSTANCE + " and its model sum in aios:models", () -> {
            try {
                String text = (String) commands.getClass().getMethod("models").invoke(commands);
                return text.contains(INSTANCE) && text.contains("sum") ? text : null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(listing, listing.contains(INSTANCE) && listing.contains("sum")
                && listing.contains("window FP32 [-1, 4] -> anomaly FP32 [-1, 1]"));

        Path saved = InferenceFixtures.sumModel(Files.createTempDirectory("aios-it-shell").resolve("m"), 1f);
        String loaded = (String) commands.getClass().getMethod("loadmodel", String.class, String.class, String.class)
                .invoke(commands, "shell", saved.toString(), INSTANCE);
        assertTrue(loaded, loaded.startsWith("loaded shell"));
        String inferred = (String) commands.getClass().getMethod("infer", String.class, String[].class)
                .invoke(commands, "shell", new String[] {"1,2", "3", "4"});
        assertTrue(inferred, inferred.startsWith("[11.0]"));
        commands.getClass().getMethod("unloadmodel", String.class).invoke(commands, "shell");
        assertFalse(awaitService(TensorInference.class, FILTER).models().contains("shell"));
    }

    @Test
    public void hotSwapUnderConcurrentLoadFailsNoRequest() throws Exception {
        TensorInference engine = awaitService(TensorInference.class, FILTER);
        InferenceEngineService kura = awaitService(InferenceEngineService.class, FILTER);
        Path base = Files.createTempDirectory("aios-it-swap");
        List<Path> versions = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            versions.add(InferenceFixtures.sumModel(base.resolve("v" + v), 1000f * v));
        }
        kura.loadModel("swap", Optional.of(InferenceFixtures.sumModel(base.resolve("v0"), 0f).toString()));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            futures.add(clients.submit(() -> {
                while (running.get()) {
                    float out = engine.infer("swap", new float[] {1, 1, 1, 1}, 1, 4)[0];
                    if ((out - 4f) % 1000f != 0f) {
                        wrong.incrementAndGet();
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        for (Path version : versions) {
            long before = answered.get();
            await("requests flowing", () -> answered.get() > before + 100);
            kura.loadModel("swap", Optional.of(version.toString()));
        }
        running.set(false);
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS); // rethrows any failed request
        }
        clients.shutdown();
        assertEquals(0, wrong.get());
        assertEquals(0, engine.statistics("swap").errors());
        assertArrayEquals(new float[] {5004f}, engine.infer("swap", new float[] {1, 1, 1, 1}, 1, 4), 0f);
        assertNotNull(kura.getModelInfo("swap").orElseThrow().getVersion().orElse(null));
        kura.unloadModel("swap");
    }
}
