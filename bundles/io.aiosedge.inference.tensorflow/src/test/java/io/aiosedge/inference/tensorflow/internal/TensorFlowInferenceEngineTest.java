package io.aiosedge.inference.tensorflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.api.inference.ModelStatistics;

class TensorFlowInferenceEngineTest {

    private static final float[] WEIGHTS = { 1f, 2f, 3f, 4f };

    @TempDir
    Path temp;

    private final List<TensorFlowInferenceEngine> engines = new ArrayList<>();

    @AfterEach
    void stopEngines() {
        engines.forEach(TensorFlowInferenceEngine::deactivate);
    }

    private TensorFlowInferenceEngine engine(int maxBatch, Map<String, String> models) {
        EngineOptions options = new EngineOptions("test", models, temp, 1, 1, maxBatch, 0, EngineOptions.Device.CPU,
                false, 2);
        TensorFlowInferenceEngine engine = new TensorFlowInferenceEngine(options, null, "");
        engines.add(engine);
        return engine;
    }

    private Path linear(String name, float bias) throws IOException {
        return TestModels.linear(temp.resolve(name), WEIGHTS, bias);
    }

    private static float expected(float[] row, float bias) {
        float sum = bias;
        for (int i = 0; i < row.length; i++) {
            sum += row[i] * WEIGHTS[i];
        }
        return sum;
    }

    @Test
    void loadsConfiguredModelsAndRunsTheFastPath() throws Exception {
        linear("edge", 0.5f);
        TensorFlowInferenceEngine engine = engine(1, Map.of("edge", "edge"));

        float[] output = engine.infer("edge", new float[] { 1, 0, 0, 1, 0, 1, 0, 0 }, 2, 4);

        assertThat(output).containsExactly(expected(new float[] { 1, 0, 0, 1 }, 0.5f),
                expected(new float[] { 0, 1, 0, 0 }, 0.5f));
        assertThat(engine.models()).containsExactly("edge");
        ModelStatistics stats = engine.statistics("edge");
        assertThat(stats.calls()).isEqualTo(1);
        assertThat(stats.batches()).isEqualTo(1);
        assertThat(stats.p50Micros()).isPositive();
    }

    @Test
    void modelInfoComesFromTheSignature() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("edge", Optional.of(linear("edge", 0f).toString()));

        ModelInfo info = engine.getModelInfo("edge").orElseThrow();

        assertThat(info.getName()).isEqualTo("edge");
        assertThat(info.getVersion()).get().asString().hasSize(12);
        assertThat(info.getInputs()).singleElement().satisfies(input -> {
            assertThat(input.getName()).isEqualTo("window");
            assertThat(input.getType()).isEqualTo("FP32");
            assertThat(input.getShape()).containsExactly(-1L, 4L);
        });
        assertThat(info.getOutputs()).singleElement().satisfies(output -> {
            assertThat(output.getName()).isEqualTo("anomaly");
            assertThat(output.getType()).isEqualTo("FP32");
            assertThat(output.getShape()).containsExactly(-1L, 1L);
        });
        assertThat(engine.isModelLoaded("edge")).isTrue();
        assertThat(engine.getModelNames()).containsExactly("edge");
        assertThat(engine.isEngineReady()).isTrue();
    }

    @Test
    void kuraTensorsOfEveryRunnableElementType() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("types", Optional.of(TestModels.allTypes(temp.resolve("types")).toString()));
        ModelInfo info = engine.getModelInfo("types").orElseThrow();
        assertThat(info.getInputs()).extracting(TensorDescriptor::getType)
                .containsExactly("BOOL", "FP32", "FP64", "INT32", "INT64", "BYTES", "UINT8");

        List<Tensor> outputs = engine.infer(info, List.of(
                tensor(Boolean.class, "b", "BOOL", List.of(2L), List.of(true, false)),
                tensor(Byte.class, "u8", "UINT8", List.of(3L), List.of((byte) 1, (byte) 200, (byte) 0)),
                tensor(Integer.class, "i32", "INT32", List.of(2L), List.of(41, -1)),
                tensor(Long.class, "i64", "INT64", List.of(1L), List.of(Long.MAX_VALUE - 1)),
                tensor(Float.class, "f32", "FP32", List.of(2L), List.of(1.5f, -2f)),
                tensor(Double.class, "f64", "FP64", List.of(1L), List.of(0.25)),
                tensor(Byte.class, "s", "BYTES", List.of(1L), List.of((byte) 'h', (byte) 'i'))));

        assertThat(outputs).extracting(t -> t.getDescriptor().getName())
                .containsExactly("b_out", "f32_out", "f64_out", "i32_out", "i64_out", "s_out", "u8_out");
        assertThat(data(outputs, "b_out", Boolean.class)).containsExactly(false, true);
        assertThat(data(outputs, "u8_out", Byte.class)).containsExactly((byte) 1, (byte) 200, (byte) 0);
        assertThat(data(outputs, "i32_out", Integer.class)).containsExactly(42, 0);
        assertThat(data(outputs, "i64_out", Long.class)).containsExactly(Long.MAX_VALUE);
        assertThat(data(outputs, "f32_out", Float.class)).containsExactly(3f, -4f);
        assertThat(data(outputs, "f64_out", Double.class)).containsExactly(0.5);
        assertThat(data(outputs, "s_out", Byte.class)).containsExactly((byte) 'h', (byte) 'i');
        assertThat(info.getInputs()).filteredOn(d -> d.getName().equals("s")).singleElement()
                .satisfies(d -> assertThat(d.getShape()).as("a scalar, as Kura can describe it").containsExactly(1L));
        assertThat(outputs.get(5).getDescriptor().getShape()).as("the scalar s_out").containsExactly(1L);
        Tensor f32 = outputs.get(1);
        assertThat(f32.getDescriptor().getType()).isEqualTo("FP32");
        assertThat(f32.getDescriptor().getShape()).containsExactly(2L);
        assertThat(f32.getData(Double.class)).isEmpty();
    }

    @Test
    void kuraTensorPathRejectsBadInputsNamingModelAndExpectation() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("edge", Optional.of(linear("edge", 0f).toString()));
        ModelInfo info = engine.getModelInfo("edge").orElseThrow();
        List<Float> four = List.of(1f, 2f, 3f, 4f);

        assertInvalid(() -> engine.infer(info, List.of(tensor(Float.class, "wrong", "FP32", List.of(1L, 4L), four))),
                "model 'edge'", "unknown input 'wrong'", "window FP32 [-1, 4]");
        assertInvalid(() -> engine.infer(info, List.of(tensor(Double.class, "window", "FP64", List.of(1L, 4L),
                List.of(1.0, 2.0, 3.0, 4.0)))), "model 'edge'", "must be of type FP32, received FP64");
        assertInvalid(() -> engine.infer(info, List.of(tensor(String.class, "window", "FP32", List.of(1L, 4L),
                List.of("1", "2", "3", "4")))), "must hold Float elements (or Float, Double, Integer, Long)",
                "received String");
        assertInvalid(() -> engine.infer(info, List.of(tensor(Float.class, "window", "FP32", List.of(1L, 5L),
                List.of(1f, 2f, 3f, 4f, 5f)))), "must have shape [-1, 4]", "received [1, 5]");
        assertInvalid(() -> engine.infer(info, List.of(tensor(Float.class, "window", "FP32", List.of(2L, 4L), four))),
                "shape [2, 4] needs 8 elements, received 4");
        assertInvalid(() -> engine.infer(info, List.of()), "no input tensors");
        assertThatThrownBy(() -> engine.infer(ModelInfo.builder("nope").addInputDescriptor(info.getInputs().get(0))
                .addOutputDescriptor(info.getOutputs().get(0)).build(), List.of()))
                .isInstanceOf(KuraException.class)
                .hasMessage("Invalid parameter. model 'nope' is not loaded")
                .satisfies(e -> assertThat(((KuraException) e).getCode()).isEqualTo(KuraErrorCode.INVALID_PARAMETER));
        assertThat(engine.statistics("edge").errors()).isEqualTo(6);
    }

    /** As Kura's AI wire component calls an engine (WIRES.md section 4). */
    @Test
    void kuraAiComponentCallsAreServed() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("edge", Optional.of(linear("edge", 0.5f).toString()));
        ModelInfo info = engine.getModelInfo("edge").orElseThrow();

        // it calls loadModel(name, Optional.empty()) for a model that is loaded already: the model keeps serving
        engine.loadModel("edge", Optional.empty());
        assertThat(engine.getModelInfo("edge")).get().isSameAs(info);

        // the descriptor as the model declares it ([-1, 4]) with the record's elements: Double from a DOUBLE
        // property, the -1 taken from the element count
        TensorDescriptor declared = info.getInputs().get(0);
        List<Tensor> outputs = engine.infer(info,
                List.of(new Tensor(Double.class, declared, List.of(1.0, 0.0, 0.0, 1.0))));
        assertThat(outputs).singleElement().satisfies(out -> {
            assertThat(out.getDescriptor().getName()).isEqualTo("anomaly");
            assertThat(out.getType()).isEqualTo(Float.class);
            assertThat(out.getData(Float.class).orElseThrow()).containsExactly(expected(new float[] { 1, 0, 0, 1 },
                    0.5f));
        });
        assertThat(engine.infer(info, List.of(new Tensor(Integer.class, declared, List.of(1, 1, 0, 0, 0, 0, 0, 1))))
                .get(0).getData(Float.class).orElseThrow())
                .containsExactly(expected(new float[] { 1, 1, 0, 0 }, 0.5f), expected(new float[] { 0, 0, 0, 1 }, 0.5f));

        // one record property is one element: it cannot fill a row of 4, and the error says what to do
        assertInvalid(() -> engine.infer(info, List.of(new Tensor(Double.class, declared, List.of(0.25)))),
                "model 'edge'", "shape [-1, 4] needs a multiple of 4 elements, received 1", "wire.windows");
        assertInvalid(() -> engine.infer(info, List.of(new Tensor(Double.class, declared, List.of(1.0, 2.0, 3.0)))),
                "needs a multiple of 4 elements, received 3");
    }

    @Test
    void wholeNumberInputsAcceptIntegralNumbersOfAnyClassAndRefuseFractions() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("types", Optional.of(TestModels.allTypes(temp.resolve("types")).toString()));
        ModelInfo info = engine.getModelInfo("types").orElseThrow();
        java.util.function.Function<Tensor, List<Tensor>> with = i32 -> List.of(
                tensor(Boolean.class, "b", "BOOL", List.of(-1L), List.of(true)),
                tensor(Byte.class, "u8", "UINT8", List.of(1L), List.of((byte) 1)),
                i32,
                tensor(Integer.class, "i64", "INT64", List.of(-1L), List.of(7)),
                tensor(Double.class, "f32", "FP32", List.of(-1L), List.of(1.5)),
                tensor(Float.class, "f64", "FP64", List.of(-1L), List.of(0.25f)),
                tensor(Byte.class, "s", "BYTES", List.of(1L), List.of((byte) 'h')));

        List<Tensor> outputs = engine.infer(info, with.apply(tensor(Long.class, "i32", "INT32", List.of(-1L),
                List.of(41L))));
        assertThat(data(outputs, "i32_out", Integer.class)).containsExactly(42);
        assertThat(data(outputs, "i64_out", Long.class)).containsExactly(8L);
        assertThat(data(outputs, "f32_out", Float.class)).containsExactly(3f);
        assertThat(data(outputs, "f64_out", Double.class)).containsExactly(0.5);
        assertThat(data(engine.infer(info, with.apply(tensor(Double.class, "i32", "INT32", List.of(-1L),
                List.of(2.0)))), "i32_out", Integer.class)).containsExactly(3);

        assertInvalid(() -> engine.infer(info, with.apply(tensor(Double.class, "i32", "INT32", List.of(-1L),
                List.of(2.5)))), "input 'i32' is INT32: element 0 (2.5) is not a whole number");
        assertInvalid(() -> engine.infer(info, with.apply(tensor(Long.class, "i32", "INT32", List.of(-1L),
                List.of(1L << 40)))), "input 'i32' is INT32: element 0 (1099511627776) is out of range");
    }

    @Test
    void sampleWindowsTurnOneSamplePerCallIntoTheModelsWindow() throws Exception {
        linear("edge", 0f);
        TensorFlowInferenceEngine engine = new TensorFlowInferenceEngine(new EngineOptions("test", Map.of("edge",
                "edge"), temp, 1, 1, 1, 0, EngineOptions.Device.CPU, false, 2), ModelPolicy.STRICT, null, "",
                SampleWindows.parse("w4=vibration:4:window"));
        engines.add(engine);
        assertThat(engine.getModelNames()).containsExactly("edge", "w4");
        assertThat(engine.isModelLoaded("w4")).isTrue();
        engine.loadModel("w4", Optional.empty()); // as Kura's AI component does: nothing changes
        ModelInfo window = engine.getModelInfo("w4").orElseThrow();
        assertThat(window.getInputs()).singleElement().satisfies(d -> {
            assertThat(d.getName()).isEqualTo("vibration");
            assertThat(d.getType()).isEqualTo("FP32");
        });
        assertThat(window.getOutputs()).singleElement().satisfies(d -> {
            assertThat(d.getName()).isEqualTo("window");
            assertThat(d.getShape()).containsExactly(1L, 4L);
        });
        ModelInfo edge = engine.getModelInfo("edge").orElseThrow();
        TensorDescriptor sample = window.getInputs().get(0);

        for (int k = 1; k <= 3; k++) {
            double value = k;
            assertInvalid(() -> engine.infer(window, List.of(new Tensor(Double.class, sample, List.of(value)))),
                    "window 'w4': " + k + " of 4 samples of 'vibration' so far");
        }
        List<Tensor> full = engine.infer(window, List.of(new Tensor(Double.class, sample, List.of(4.0))));
        assertThat(full).singleElement().satisfies(t -> {
            assertThat(t.getDescriptor().getName()).isEqualTo("window");
            assertThat(t.getData(Float.class).orElseThrow()).containsExactly(1f, 2f, 3f, 4f);
        });
        // the chain as Kura runs it: the window's output list goes to the model unchanged
        assertThat(engine.infer(edge, full).get(0).getData(Float.class).orElseThrow())
                .containsExactly(expected(new float[] { 1, 2, 3, 4 }, 0f));
        // it slides by one sample
        assertThat(engine.infer(window, List.of(new Tensor(Integer.class, sample, List.of(5)))).get(0)
                .getData(Float.class).orElseThrow()).containsExactly(2f, 3f, 4f, 5f);

        assertInvalid(() -> engine.infer(window, List.of(new Tensor(String.class, sample, List.of("x")))),
                "window 'w4': input 'vibration' must hold numbers, received String");
        assertInvalid(() -> engine.infer(window, List.of(tensor(Float.class, "other", "FP32", List.of(1L),
                List.of(1f)))), "window 'w4': no input tensor 'vibration'");
        engine.unloadModel("w4");
        assertThat(engine.isModelLoaded("w4")).isTrue();
        assertInvalid(() -> engine.infer(window, List.of(new Tensor(Double.class, sample, List.of(9.0)))),
                "1 of 4 samples");
    }

    @Test
    void badSampleWindowSettingsAreNamed() {
        assertThatThrownBy(() -> SampleWindows.parse("w=vibration:64")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wire.windows: 'w=vibration:64' is not <name>=<input>:<size>:<output>");
        assertThatThrownBy(() -> SampleWindows.parse("w=vibration:0:window"))
                .hasMessageContaining("wire.windows: 'w=vibration:0:window': size '0' is not a whole number");
        assertThatThrownBy(() -> SampleWindows.parse("w=vibration:abc:window")).hasMessageContaining("size 'abc'");
        assertThatThrownBy(() -> SampleWindows.parse("w=a:4:b, w=c:4:d"))
                .hasMessageContaining("window 'w' is listed twice");
        assertThat(SampleWindows.parse(" a=x:64:window ; b=y:8:w2 ").names()).containsExactly("a", "b");
        assertThat(SampleWindows.parse("").names()).isEmpty();
    }

    @Test
    void fastPathRejectsBadShapesAndUnknownModels() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("edge", Optional.of(linear("edge", 0f).toString()));

        assertInvalid(() -> engine.infer("edge", new float[3], 1, 3), "model 'edge'", "must have shape [-1, 4]",
                "received [1, 3]");
        assertInvalid(() -> engine.infer("edge", new float[3], 1, 4), "shape [1, 4] needs 4 values, received 3");
        assertThatThrownBy(() -> engine.infer("nope", new float[4], 1, 4)).hasMessageContaining("model 'nope'");
        assertThat(engine.inferAsync("nope", new float[4], 1, 4).toCompletableFuture())
                .failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(KuraException.class);
    }

    @Test
    void modelInfoNamesTheServingFolderSoThatAReplacedCloudVersionCanBeLoadedAgain() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        Path zip = zip(linear("v1", 0f), temp.resolve("v1.zip"));
        engine.install("edge", "1", zip, ModelArchive.sha256(zip));
        String first = engine.getModelInfo("edge").orElseThrow().getParameters().get("directory").toString();
        assertThat(Path.of(first)).isAbsolute().isDirectory().isNotEqualTo(temp.resolve("v1"));
        assertThat(Path.of(first).resolve("saved_model.pb")).isRegularFile();

        Path zip2 = zip(linear("v2", 100f), temp.resolve("v2.zip"));
        engine.install("edge", "2", zip2, ModelArchive.sha256(zip2));
        assertThat(engine.infer("edge", new float[] { 1, 1, 1, 1 }, 1, 4)).containsExactly(110f);
        assertThat(engine.getModelInfo("edge").orElseThrow().getParameters().get("directory")).isNotEqualTo(first);

        // what the gateway's rollback does: the replaced cloud version's folder is still there and loads again
        engine.loadModel("edge", Optional.of(first));
        assertThat(engine.infer("edge", new float[] { 1, 1, 1, 1 }, 1, 4)).containsExactly(10f);
        assertThat(engine.getModelInfo("edge").orElseThrow().getParameters().get("directory")).isEqualTo(first);
    }

    @Test
    void corruptOrMissingSavedModelFailsNamingTheModelAndKeepsThePreviousVersion() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("edge", Optional.of(linear("edge", 0f).toString()));
        String version = engine.getModelInfo("edge").orElseThrow().getVersion().orElseThrow();

        assertThatThrownBy(() -> engine.loadModel("edge", Optional.of(TestModels.corrupt(temp.resolve("bad")).toString())))
                .isInstanceOf(KuraException.class)
                .hasMessageContaining("model 'edge'").hasMessageContaining("corrupt or unreadable SavedModel");
        assertThatThrownBy(() -> engine.loadModel("edge", Optional.of(temp.resolve("absent").toString())))
                .isInstanceOf(KuraException.class)
                .hasMessageContaining("model 'edge'").hasMessageContaining("no SavedModel");

        assertThat(engine.getModelInfo("edge").orElseThrow().getVersion()).contains(version);
        assertThat(engine.infer("edge", new float[] { 1, 1, 1, 1 }, 1, 4)).containsExactly(10f);
    }

    @Test
    void aFolderWithoutSavedModelIsRefusedBeforeItsContentIsRead() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        Path big = java.nio.file.Files.createDirectories(temp.resolve("not-a-model"));
        // Content that would take long to digest: the check must come first.
        java.nio.file.Files.write(big.resolve("data.bin"), new byte[64 << 20]);
        long started = System.nanoTime();
        assertThatThrownBy(() -> engine.load("y", big, null))
                .isInstanceOf(KuraException.class)
                .hasMessageEndingWith("model 'y': no SavedModel in " + big + " (expected " + big.resolve("saved_model.pb") + ")");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms to refuse").isLessThan(100);
    }

    @Test
    void inferArgumentsThatAreNotNumbersAreNamedInPlainWords() {
        assertThat(InferenceCommands.parseRow("1", "2.5,-3", " 4 ")).containsExactly(1f, 2.5f, -3f, 4f);
        assertThatThrownBy(() -> InferenceCommands.parseRow("a", "b", "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("value 1 'a' is not a number");
        assertThatThrownBy(() -> InferenceCommands.parseRow("1", "2,x")).hasMessageStartingWith("value 3 'x'");
        assertThatThrownBy(() -> InferenceCommands.parseRow("NaN")).hasMessageStartingWith("value 1 'NaN'");
        assertThatThrownBy(() -> InferenceCommands.parseRow()).hasMessageStartingWith("no input values");
    }

    @Test
    void badModelAtStartDoesNotStopTheEngine() throws Exception {
        linear("good", 0f);
        TestModels.corrupt(temp.resolve("bad"));
        TensorFlowInferenceEngine engine = engine(1, Map.of("bad", "bad", "good", "good"));

        assertThat(engine.models()).containsExactly("good");
    }

    @Test
    void installChecksSha256AndAFailedCheckKeepsTheServingVersion() throws Exception {
        TensorFlowInferenceEngine engine = engine(1, Map.of());
        engine.loadModel("edge", Optional.of(linear("v1", 0f).toString()));
        Path zip = zip(linear("v2", 100f), temp.resolve("v2.zip"));
        String digest = ModelArchive.sha256(zip);
        String wrong = "0".repeat(64);

        for (String bad : new String[] {"..", "../escape", "a/b", ""}) {
            assertThatThrownBy(() -> engine.install(bad, "2.0.0", zip, digest)).as(bad)
                    .hasMessageContaining("is not valid");
        }
        assertThatThrownBy(() -> engine.install("edge", "2.0.0", zip, wrong))
                .isInstanceOf(KuraException.class)
                .hasMessageContaining("model 'edge'").hasMessageContaining("expected " + wrong)
                .hasMessageContaining("received " + digest)
                .satisfies(e -> assertThat(((KuraException) e).getCode()).isEqualTo(KuraErrorCode.SECURITY_EXCEPTION));
        assertThat(engine.infer("edge", new float[] { 1, 1, 1, 1 }, 1, 4)).containsExactly(10f);

        ModelCatalog.ModelEntry installed = engine.install("edge", "2.0.0", zip, digest.toUpperCase());

        assertThat(installed.version()).isEqualTo("2.0.0");
        assertThat(installed.source()).isEqualTo(LoadedModel.Source.CLOUD);
        assertThat(engine.infer("edge", new float[] { 1, 1, 1, 1 }, 1, 4)).containsExactly(110f);
    }

    @Test
    void hotSwapUnderConcurrentLoadFailsNoRequest() throws Exception {
        TensorFlowInferenceEngine engine = engine(8, Map.of());
        engine.loadModel("edge", Optional.of(linear("v0", 0f).toString()));
        List<Path> versions = new ArrayList<>();
        for (int v = 1; v <= 4; v++) {
            versions.add(linear("v" + v, v));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            futures.add(clients.submit(() -> {
                float[] row = { 1, 1, 1, 1 };
                while (running.get()) {
                    float out = engine.infer("edge", row, 1, 4)[0];
                    // Every answer comes from one whole version: 10 + bias, bias in 0..4.
                    assertThat(out - 10f).isBetween(0f, 4f).isEqualTo(Math.round(out - 10f), within(1e-4f));
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        for (Path version : versions) {
            long before = answered.get();
            waitUntil(() -> answered.get() > before + 50);
            engine.loadModel("edge", Optional.of(version.toString()));
        }
        long before = answered.get();
        waitUntil(() -> answered.get() > before + 50);
        running.set(false);
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(engine.infer("edge", new float[] { 1, 1, 1, 1 }, 1, 4)).containsExactly(14f);
        assertThat(engine.statistics("edge").errors()).isZero();
    }

    @Test
    void concurrentSingleRowRequestsAreBatchedAndGetTheirOwnRows() throws Exception {
        TensorFlowInferenceEngine engine = engine(32, Map.of());
        engine.loadModel("edge", Optional.of(linear("edge", 0f).toString()));
        int clients = 16;
        int perClient = 200;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perClient; i++) {
                    float[] row = { client, i, 1, -client };
                    float[] out = engine.infer("edge", row, 1, 4);
                    assertThat(out).containsExactly(expected(row, 0f));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        ModelStatistics stats = engine.statistics("edge");
        assertThat(stats.calls()).isEqualTo((long) clients * perClient);
        assertThat(stats.errors()).isZero();
        assertThat(stats.batches()).isLessThan(stats.calls());
    }

    @Test
    void asyncRequestsAreAnswered() throws Exception {
        TensorFlowInferenceEngine engine = engine(16, Map.of());
        engine.loadModel("edge", Optional.of(linear("edge", 0f).toString()));
        List<CompletableFuture<float[]>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(engine.inferAsync("edge", new float[] { i, 0, 0, 0 }, 1, 4).toCompletableFuture());
        }
        answers.add(engine.inferAsync("edge", new float[] { 1, 1, 1, 1, 2, 2, 2, 2 }, 2, 4).toCompletableFuture());

        for (int i = 0; i < 100; i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).containsExactly((float) i);
        }
        assertThat(answers.get(100).get(10, TimeUnit.SECONDS)).containsExactly(10f, 20f);
    }

    @Test
    void unloadAndDeactivateReleaseModelsAndLaterCallsFailCleanly() throws Exception {
        TensorFlowInferenceEngine engine = engine(8, Map.of());
        engine.loadModel("a", Optional.of(linear("a", 0f).toString()));
        engine.loadModel("b", Optional.of(linear("b", 0f).toString()));

        engine.unloadModel("a");
        assertThat(engine.models()).containsExactly("b");
        assertThatThrownBy(() -> engine.unloadModel("a")).hasMessageContaining("model 'a' is not loaded");

        engine.deactivate();
        engines.remove(engine);
        assertThat(engine.isEngineReady()).isFalse();
        assertThat(engine.models()).isEmpty();
        assertThatThrownBy(() -> engine.infer("b", new float[4], 1, 4))
                .isInstanceOf(KuraException.class).hasMessageContaining("is stopped");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                t -> t.getName().startsWith(TensorFlowInferenceEngine.THREAD_NAME_PREFIX + "-") && t.isAlive()
                        && t.getName().contains("-test-"));
    }

    // ------------------------------------------------------------------ helpers

    private interface Call {
        Object call() throws Exception;
    }

    private static void assertInvalid(Call call, String... fragments) {
        assertThatThrownBy(call::call).isInstanceOf(KuraException.class)
                .satisfies(e -> assertThat(((KuraException) e).getCode()).isEqualTo(KuraErrorCode.INVALID_PARAMETER))
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    private static <T> Tensor tensor(Class<T> type, String name, String kuraType, List<Long> shape, List<T> data) {
        return new Tensor(type, TensorDescriptor.builder(name, kuraType, shape).build(), data);
    }

    private static <T> List<T> data(List<Tensor> tensors, String name, Class<T> type) {
        return tensors.stream().filter(t -> t.getDescriptor().getName().equals(name)).findFirst().orElseThrow()
                .getData(type).orElseThrow();
    }

    private static Path zip(Path directory, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(java.nio.file.Files.newOutputStream(zip));
                java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
                out.putNextEntry(new ZipEntry("model/" + directory.relativize(file).toString().replace('\\', '/')));
                out.write(java.nio.file.Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return zip;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(5);
        }
    }
}
