package io.aiosedge.itests.wires;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.wireadmin.Consumer;
import org.osgi.service.wireadmin.Producer;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.driver.simulated.signal.SignalSpec;
import io.aiosedge.driver.simulated.signal.WindowGenerator;
import io.aiosedge.itests.OsgiTestSupport;

/**
 * Our TensorFlow engine under Kura's AI wire component (AiComponentDouble, WIRES.md section 4): source → AI → sink,
 * the AI component picking the engine by {@code InferenceEngineService.target} on its kura.service.pid, the shipped
 * {@code anomaly-edge} model bundle as its inference model and one of the engine's sample windows as its
 * preprocessor. Samples go in one per record (as a WireAsset sends a channel), anomaly scores come out one record
 * each, equal to the engine's own answer for the same window. Runs in a JVM of its own (failsafe execution
 * "inference"): TensorFlow's natives load once per JVM.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AiComponentIT extends OsgiTestSupport {

    private static final String ENGINE_PID = "io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine";
    private static final String ENGINE = "it-tf";
    private static final String MODEL = "anomaly-edge";
    private static final Path INFERENCE_BUNDLES_DIR = Paths
            .get(System.getProperty("aios.inference.bundles.dir", "target/inference-bundles"));

    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new CopyOnWriteArrayList<>();
    private final List<WireDouble> wires = new CopyOnWriteArrayList<>();
    private final List<AiComponentDouble> components = new CopyOnWriteArrayList<>();
    private WireHelperDouble helper;
    private CountingEngine decoy;

    @Configuration
    public Option[] config() {
        return new Option[] {composite(platform(), bundlesIn(INFERENCE_BUNDLES_DIR)),
                WiresTestBundles.options(onRealKuraApi())};
    }

    @After
    public void cleanUp() throws Exception {
        wires.forEach(WireDouble::disconnect);
        components.forEach(AiComponentDouble::close);
        for (org.osgi.service.cm.Configuration configuration : configurations) {
            configuration.delete();
        }
        await("the engine to stop", () -> engineReference() == null);
        registrations.forEach(ServiceRegistration::unregister);
    }

    // ------------------------------------------------------------------ the platform and the graph

    /** Kura's helper service, a second engine the target must not pick, and our engine with a sample window. */
    private InferenceEngineService platformServices() throws Exception {
        helper = new WireHelperDouble();
        registrations.add(context.registerService(WireHelperService.class, helper, new Hashtable<>()));
        decoy = new CountingEngine();
        Hashtable<String, Object> decoyProperties = new Hashtable<>();
        decoyProperties.put("kura.service.pid", "other-engine");
        registrations.add(context.registerService(InferenceEngineService.class, decoy, decoyProperties));
        Map<String, Object> engine = new HashMap<>();
        engine.put("kura.service.pid", ENGINE);
        engine.put("wire.windows", "edge-window=vibration:64:window");
        engine.put("request.handler.id", "");
        configurations.add(createFactoryConfiguration(ENGINE_PID, engine));
        InferenceEngineService ours = awaitService(InferenceEngineService.class, "(kura.service.pid=" + ENGINE + ")");
        await(MODEL + " loaded from its bundle", () -> {
            try {
                return ours.getModelNames().contains(MODEL);
            } catch (KuraException e) {
                throw new IllegalStateException(e);
            }
        });
        return ours;
    }

    private ServiceReference<InferenceEngineService> engineReference() {
        try {
            java.util.Collection<ServiceReference<InferenceEngineService>> found = context
                    .getServiceReferences(InferenceEngineService.class, "(kura.service.pid=" + ENGINE + ")");
            return found.isEmpty() ? null : found.iterator().next();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An AI component instance as Kura's graph service makes one, wired source → it → sink. */
    private WireEnds.Sink graph(WireEnds.Source source, Map<String, Object> properties) throws Exception {
        AiComponentDouble ai = new AiComponentDouble(context, properties);
        components.add(ai);
        ServiceReference<WireComponent> aiRef = registerEnd(ai, "it-ai", WireComponent.class.getName(),
                WireEmitter.class.getName(), WireReceiver.class.getName(), Producer.class.getName(),
                Consumer.class.getName());
        ai.attach(helper, aiRef);
        ServiceReference<WireComponent> sourceRef = registerEnd(source, "it-asset", WireComponent.class.getName(),
                WireEmitter.class.getName(), Producer.class.getName());
        source.attach(helper, sourceRef);
        WireEnds.Sink sink = new WireEnds.Sink();
        ServiceReference<WireComponent> sinkRef = registerEnd(sink, "it-publisher", WireComponent.class.getName(),
                WireReceiver.class.getName(), Consumer.class.getName());
        sink.attach(helper, sinkRef);
        wire(source, sourceRef, ai, aiRef);
        wire(ai, aiRef, sink, sinkRef);
        return sink;
    }

    private AiComponentDouble ai() {
        return components.get(components.size() - 1);
    }

    private ServiceReference<WireComponent> registerEnd(Object end, String name, String... types) {
        return WireEnds.register(context, registrations, end, name, types);
    }

    private void wire(Producer producer, ServiceReference<?> from, Consumer consumer, ServiceReference<?> to) {
        wires.add(WireDouble.between(producer, from, consumer, to));
    }

    private static Map<String, Object> aiSettings(String target, String pre, String model) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("InferenceEngineService.target", target);
        settings.put("preprocessor.model.name", pre);
        settings.put("inference.model.name", model);
        settings.put("postprocessor.model.name", "");
        return settings;
    }

    /** One record as a WireAsset with channel {@code vibration} (DOUBLE) and PER_CHANNEL timestamps sends it. */
    private static WireRecord sample(double value, long timestamp) {
        Map<String, TypedValue<?>> properties = new LinkedHashMap<>();
        properties.put("vibration", TypedValues.newDoubleValue(value));
        properties.put("vibration_timestamp", TypedValues.newLongValue(timestamp));
        properties.put("assetName", TypedValues.newStringValue("it-asset"));
        return new WireRecord(properties);
    }

    // ------------------------------------------------------------------ tests

    @Test
    public void samplesInOnePerRecordAnomalyScoresOutOnePerRecord() throws Exception {
        platformServices();
        TensorInference fastPath = awaitService(TensorInference.class, "(kura.service.pid=" + ENGINE + ")");
        WireEnds.Source source = new WireEnds.Source();
        WireEnds.Sink sink = graph(source,
                aiSettings("(kura.service.pid=" + ENGINE + ")", "edge-window", " " + MODEL + " "));

        // The held-out windows TensorFlowEngineIT scores (a seed the trainer never used), half anomalous.
        SignalSpec spec = SignalSpec.of(io.aiosedge.driver.simulated.signal.Shape.SINE, 1.0, 0.0, 20_000)
                .withNoise(0.1).withAnomalies(60, 1.5, 10_000, EnumSet.allOf(AnomalyKind.class)).withSeed(7_777);
        int count = 200;
        LabelledWindows windows = new WindowGenerator(spec, 64, 100, WindowGenerator.Balance.BALANCED,
                7_777L * 86_400_000L, 7_777, 4).generate(count);
        long start = System.nanoTime();
        long timestamp = 1_700_000_000_000L;
        List<Float> scoreAtWindowEnd = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            for (float value : windows.windows()[w]) {
                source.send(sample(value, timestamp += 100));
            }
            // delivery is synchronous (Kura Wires): the record of the window's last sample is out already
            WireRecord last = sink.envelopes.get(sink.envelopes.size() - 1).getRecords().get(0);
            assertEquals("one property per output tensor", List.of("anomaly"), List.copyOf(last.getProperties().keySet()));
            assertEquals(DataType.FLOAT, last.getProperties().get("anomaly").getType());
            scoreAtWindowEnd.add((Float) last.getProperties().get("anomaly").getValue());
        }
        double ms = (System.nanoTime() - start) / 1e6;

        int records = count * 64;
        assertEquals("one envelope per record from the 64th on", records - 63, sink.envelopes.size());
        assertTrue(sink.envelopes.stream().allMatch(e -> e.getRecords().size() == 1));
        assertEquals("the first 63 records are answered 'not full yet'", 63, ai().errors.size());
        assertTrue(ai().errors.get(0).getMessage(),
                ai().errors.get(0).getMessage().contains("window 'edge-window': 1 of 64 samples of 'vibration'"));
        assertTrue(ai().errors.get(62).getMessage(), ai().errors.get(62).getMessage().contains("63 of 64"));
        int correct = 0;
        for (int w = 0; w < count; w++) {
            float direct = fastPath.infer(MODEL, windows.windows()[w], 1, 64)[0];
            assertEquals("window " + w + ": the AI component's score is the engine's own", direct,
                    scoreAtWindowEnd.get(w), 1e-6f);
            correct += (scoreAtWindowEnd.get(w) >= 0.5f) == (windows.labels()[w] == LabelledWindows.ANOMALOUS) ? 1 : 0;
        }
        assertTrue(MODEL + " through the AI component classified " + correct + " of " + count + " correctly",
                correct >= 140);
        assertEquals("the target picks our engine only", 0, decoy.calls.get());
        for (WireDouble wire : wires) {
            assertEquals("exceptions thrown into WireAdmin", List.of(), wire.consumerExceptions);
        }
        System.out.printf("AiComponentIT: %d records through window + %s in %.0f ms (%.1f us/record), %d of %d"
                + " windows classified correctly%n", records, MODEL, ms, ms * 1000 / records, correct, count);
    }

    @Test
    public void aRecordPropertyIsOneElementSoItCannotFillAWindowAndTheEngineSaysWhatToDo() throws Exception {
        platformServices();
        WireEnds.Source source = new WireEnds.Source();
        WireEnds.Sink sink = graph(source, aiSettings("(kura.service.pid=" + ENGINE + ")", "", MODEL));

        Map<String, TypedValue<?>> oneValue = new LinkedHashMap<>();
        oneValue.put("window", TypedValues.newDoubleValue(0.5));
        source.send(new WireRecord(oneValue));
        source.send(sample(0.5, 1L)); // no property 'window' at all

        assertEquals("nothing emitted", 0, sink.envelopes.size());
        assertEquals(2, ai().errors.size());
        String message = ai().errors.get(0).getMessage();
        assertTrue(message, message.contains("model 'anomaly-edge'"));
        assertTrue(message, message.contains("shape [-1, 64] needs a multiple of 64 elements, received 1"));
        assertTrue(message, message.contains("wire.windows"));
        assertEquals("Kura's adapter: the record has no property named as the input",
                org.eclipse.kura.KuraErrorCode.NOT_FOUND, ai().errors.get(1).getCode());
    }

    @Test
    public void withoutTheTargetedEngineTheComponentRunsAndEmitsNothing() throws Exception {
        platformServices();
        WireEnds.Source source = new WireEnds.Source();
        WireEnds.Sink sink = graph(source, aiSettings("(kura.service.pid=changeme)", "edge-window", MODEL));

        source.send(sample(0.1, 1L));

        assertEquals(0, sink.envelopes.size());
        assertEquals("dropped as 'not ready'", 1, ai().notReady.size());
        assertEquals(0, decoy.calls.get());
    }

    /** An InferenceEngineService that only counts calls: another engine on the gateway. */
    static final class CountingEngine implements InferenceEngineService {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<Tensor> infer(ModelInfo modelInfo, List<Tensor> inputData) throws KuraException {
            calls.incrementAndGet();
            return List.of();
        }

        @Override
        public void loadModel(String modelName, Optional<String> model) {
            calls.incrementAndGet();
        }

        @Override
        public void unloadModel(String modelName) {
            calls.incrementAndGet();
        }

        @Override
        public boolean isModelLoaded(String modelName) {
            calls.incrementAndGet();
            return true;
        }

        @Override
        public List<String> getModelNames() {
            calls.incrementAndGet();
            return List.of();
        }

        @Override
        public Optional<ModelInfo> getModelInfo(String modelName) {
            calls.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public boolean isEngineReady() {
            calls.incrementAndGet();
            return true;
        }
    }
}
