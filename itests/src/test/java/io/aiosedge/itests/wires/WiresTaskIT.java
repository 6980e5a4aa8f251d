package io.aiosedge.itests.wires;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireEnvelope;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.service.wireadmin.Consumer;
import org.osgi.service.wireadmin.Producer;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.itests.OsgiTestSupport;

/**
 * The AIOS Task wire component in Felix, in a Wire graph made by the test the way Kura's graph service and
 * Equinox WireAdmin make one (WireHelperDouble, WireDouble): source → AIOS Task → sink. An envelope in becomes a
 * task for the scheduler (run on the gateway by a TensorInference stand-in) and the outcome comes out as a record
 * with the output, where it ran, the times and the latency; a bad record is answered naming the property; the
 * component is listed as Kura's palette reads it; stop and start of its bundle leave no thread or registration.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WiresTaskIT extends OsgiTestSupport {

    private static final String TASK_PID = "io.aiosedge.wires.AiosTask";
    private static final String SCHEDULER_PID = "io.aiosedge.scheduler.TaskScheduler";
    private static final String BUNDLE = "io.aiosedge.wires";
    private static final String THREAD_PREFIX = "aios-wire-task-";
    private static final Path WIRES_BUNDLES_DIR = Paths
            .get(System.getProperty("aios.wires.bundles.dir", "target/wires-bundles"));

    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new CopyOnWriteArrayList<>();
    private final List<WireDouble> wires = new CopyOnWriteArrayList<>();
    private WireHelperDouble helper;
    private MeanInference inference;

    @Configuration
    public Option[] config() {
        return new Option[] {platform(), wiresBundles()};
    }

    /** Our Wire components and the WireAdmin API; the real-kura profile brings WireAdmin with Kura's runtime. */
    private static Option wiresBundles() {
        List<Option> options = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(WIRES_BUNDLES_DIR, "*.jar")) {
            for (Path jar : jars) {
                if (!(onRealKuraApi() && jar.getFileName().toString().startsWith("org.osgi.service.wireadmin"))) {
                    options.add(bundle(jar.toUri().toString()).start());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + WIRES_BUNDLES_DIR.toAbsolutePath()
                    + " (run the itests through Maven)", e);
        }
        return composite(options.toArray(new Option[0]));
    }

    @After
    public void cleanUp() throws Exception {
        wires.forEach(WireDouble::disconnect);
        for (org.osgi.service.cm.Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // configure() of the same PID twice returns the same configuration
            }
        }
        await("the AIOS Task instances to stop", () -> taskReference("it-task") == null);
        await("the scheduler to stop", () -> context.getServiceReference(TaskScheduler.class) == null);
        for (ServiceRegistration<?> registration : registrations) {
            registration.unregister();
        }
        if (inference != null) {
            inference.close();
        }
    }

    // ------------------------------------------------------------------ the graph

    /** What Kura has before a graph is deployed: the helper service, the scheduler and its executor. */
    private void platformServices() throws IOException {
        helper = new WireHelperDouble();
        register(WireHelperService.class.getName(), helper, Map.of());
        inference = new MeanInference();
        register(TensorInference.class.getName(), inference, Map.of());
        Map<String, Object> scheduler = new HashMap<>();
        scheduler.put("kura.service.pid", SCHEDULER_PID);
        scheduler.put("policy", "min-completion");
        scheduler.put("local.slots", 2);
        configurations.add(configure(SCHEDULER_PID, scheduler));
        awaitService(TaskScheduler.class, null);
    }

    /** An AIOS Task instance as Kura's graph service creates it (ports added to the user's configuration). */
    private void createTask(String name) throws IOException {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", name);
        properties.put("input.properties", "vibration,temperature");
        properties.put("task.model", "anomaly-detector");
        properties.put("task.priority", 3);
        properties.put("task.deadline.ms", 60_000L);
        properties.put("receiver.port.count", 1);
        properties.put("emitter.port.count", 1);
        configurations.add(createFactoryConfiguration(TASK_PID, properties));
    }

    private ServiceReference<WireComponent> taskReference(String name) {
        try {
            java.util.Collection<ServiceReference<WireComponent>> references = context
                    .getServiceReferences(WireComponent.class, "(kura.service.pid=" + name + ")");
            return references.isEmpty() ? null : references.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The test's own component, registered as Kura's are: service.pid and kura.service.pid, both Wire types. */
    private ServiceReference<WireComponent> registerEnd(Object end, String name, String... types) {
        return WireEnds.register(context, registrations, end, name, types);
    }

    /** Wires emitter → receiver as WireAdmin does: by service.pid, both ends told at once. */
    private WireDouble wire(Producer producer, ServiceReference<?> from, Consumer consumer, ServiceReference<?> to) {
        WireDouble wire = WireDouble.between(producer, from, consumer, to);
        wires.add(wire);
        return wire;
    }

    /** Builds source → it-task → sink and returns the sink. */
    private WireEnds.Sink graph(WireEnds.Source source) {
        ServiceReference<WireComponent> task = awaitValue("the AIOS Task it-task", () -> taskReference("it-task"));
        Object taskService = context.getService(task);
        ServiceReference<WireComponent> sourceRef = registerEnd(source, "it-source", WireComponent.class.getName(),
                WireEmitter.class.getName(), Producer.class.getName());
        source.attach(helper, sourceRef);
        WireEnds.Sink sink = new WireEnds.Sink();
        ServiceReference<WireComponent> sinkRef = registerEnd(sink, "it-sink", WireComponent.class.getName(),
                WireReceiver.class.getName(), Consumer.class.getName());
        sink.attach(helper, sinkRef);
        wire(source, sourceRef, (Consumer) taskService, task);
        wire((Producer) taskService, task, sink, sinkRef);
        return sink;
    }

    private static WireRecord record(Object... namesAndValues) {
        Map<String, TypedValue<?>> properties = new LinkedHashMap<>();
        for (int k = 0; k < namesAndValues.length; k += 2) {
            properties.put((String) namesAndValues[k], (TypedValue<?>) namesAndValues[k + 1]);
        }
        return new WireRecord(properties);
    }

    private static Object value(WireRecord record, String name) {
        TypedValue<?> typed = record.getProperties().get(name);
        assertNotNull("property " + name + " in " + record.getProperties().keySet(), typed);
        return typed.getValue();
    }

    private static List<String> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).sorted().collect(Collectors.toList());
    }

    private void register(String type, Object service, Map<String, Object> properties) {
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        registrations.add(context.registerService(type, service, dictionary));
    }

    // ------------------------------------------------------------------ tests

    @Test
    public void theComponentIsDeclaredAsKurasPaletteAndGraphServiceReadIt() {
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTOs(installedBundle(BUNDLE)).stream()
                .filter(d -> d.name.equals(TASK_PID)).findFirst()
                .orElseThrow(() -> new AssertionError("no DS component " + TASK_PID));
        assertTrue(Arrays.asList(description.serviceInterfaces).containsAll(List.of(WireComponent.class.getName(),
                WireEmitter.class.getName(), WireReceiver.class.getName(), Producer.class.getName(),
                Consumer.class.getName(), ConfigurableComponent.class.getName())));
        assertEquals("require", description.configurationPolicy);
        for (String property : List.of("input.cardinality.minimum", "input.cardinality.maximum",
                "input.cardinality.default", "output.cardinality.minimum", "output.cardinality.maximum",
                "output.cardinality.default")) {
            assertEquals(property, 1, description.properties.get(property));
        }
        assertEquals(Boolean.TRUE, description.properties.get("kura.ui.service.hide"));
        assertTrue(Arrays.stream(description.references).anyMatch(r -> r.interfaceName
                .equals(WireHelperService.class.getName()) && r.cardinality.equals("1..1")));

        MetaTypeInformation metatype = awaitService(MetaTypeService.class, null)
                .getMetaTypeInformation(installedBundle(BUNDLE));
        assertTrue(Arrays.asList(metatype.getFactoryPids()).contains(TASK_PID));
        ObjectClassDefinition ocd = metatype.getObjectClassDefinition(TASK_PID, null);
        assertEquals("AIOS Task", ocd.getName());
        Map<String, AttributeDefinition> ads = Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .collect(Collectors.toMap(AttributeDefinition::getID, ad -> ad));
        assertTrue(ads.keySet().containsAll(Set.of("kura.service.pid", "input.properties", "task.model",
                "task.edge.model", "task.priority", "task.deadline.ms", "task.locality")));
        assertNotEquals("priority 10 is out of bounds", "", ads.get("task.priority").validate("10"));
        assertEquals("", ads.get("task.priority").validate("9"));
        assertNotEquals("deadline 0 is out of bounds", "", ads.get("task.deadline.ms").validate("0"));
    }

    @Test
    public void anEnvelopeInBecomesATaskAndItsOutcomeARecordOut() throws Exception {
        platformServices();
        createTask("it-task");
        WireEnds.Source source = new WireEnds.Source();
        WireEnds.Sink sink = graph(source);

        source.send(record("vibration", TypedValues.newDoubleValue(0.5), "temperature",
                TypedValues.newDoubleValue(21.5), "assetName", TypedValues.newStringValue("pump-1")));

        assertTrue("one String service.pid, as Kura's WireHelperService requires: "
                + taskReference("it-task").getProperty("service.pid"),
                taskReference("it-task").getProperty("service.pid") instanceof String);
        await("the outcome at the sink", () -> sink.envelopes.size() == 1);
        WireEnvelope envelope = sink.envelopes.get(0);
        assertEquals("the envelope is identified by the task's service.pid, as Kura's WireSupport does",
                helper.servicePidByName.get("it-task"), envelope.getEmitterPid());
        assertNotEquals("it-task", envelope.getEmitterPid());
        assertEquals(1, envelope.getRecords().size());
        WireRecord out = envelope.getRecords().get(0);
        assertEquals("COMPLETED", value(out, "status"));
        assertEquals("gateway", value(out, "node"));
        assertEquals("LOCAL", value(out, "node.kind"));
        assertEquals("anomaly-detector", value(out, "model"));
        assertEquals(11.0f, (Float) value(out, "output"), 1e-6f);
        assertTrue(((String) value(out, "task.id")).startsWith("it-task-"));
        assertTrue((Double) value(out, "latency.ms") > 0);
        assertTrue((Double) value(out, "total.ms") >= 0);
        assertEquals(Boolean.TRUE, value(out, "deadline.met"));
        assertEquals("pump-1", value(out, "assetName"));
        assertTrue("a placed task's estimate: " + out.getProperties().keySet(),
                out.getProperties().containsKey("estimate.ms"));
        assertEquals(List.of(0.5f, 21.5f), List.of(inference.inputs.get(0)[0], inference.inputs.get(0)[1]));
        assertTrue("sent from the component's thread: " + sink.threads, sink.threads.get(0).startsWith(THREAD_PREFIX));

        source.send(record("temperature", TypedValues.newDoubleValue(20)),
                record("vibration", TypedValues.newStringValue("x"), "temperature", TypedValues.newDoubleValue(20)));
        await("the answer to the bad records", () -> sink.envelopes.size() == 2);
        List<WireRecord> answers = sink.envelopes.get(1).getRecords();
        assertEquals(2, answers.size());
        assertEquals("FAILED", value(answers.get(0), "status"));
        assertEquals("INVALID_INPUT", value(answers.get(0), "failure.reason"));
        assertTrue((String) value(answers.get(0), "failure.message"),
                ((String) value(answers.get(0), "failure.message")).contains("no property 'vibration'"));
        assertTrue((String) value(answers.get(1), "failure.message"),
                ((String) value(answers.get(1), "failure.message")).contains("property 'vibration' = 'x'"));
        assertEquals("no task for a bad record", 1, inference.inputs.size());
        for (WireDouble wire : wires) {
            assertEquals("exceptions thrown into WireAdmin", List.of(), wire.consumerExceptions);
        }
    }

    @Test
    public void stopAndStartOfTheBundleLeaveNoThreadOrRegistrationBehind() throws Exception {
        platformServices();
        createTask("it-task");
        WireEnds.Source source = new WireEnds.Source();
        WireEnds.Sink sink = graph(source);
        source.send(record("vibration", TypedValues.newDoubleValue(1), "temperature", TypedValues.newDoubleValue(3)));
        await("the first outcome", () -> sink.envelopes.size() == 1);
        assertEquals(List.of(THREAD_PREFIX + "it-task"), threads(THREAD_PREFIX));

        Bundle bundle = installedBundle(BUNDLE);
        bundle.stop();
        assertNull("services of the stopped bundle", bundle.getRegisteredServices());
        assertNull("the AIOS Task service is gone", taskReference("it-task"));
        await("the component's thread to end", () -> threads(THREAD_PREFIX).isEmpty());

        bundle.start();
        wires.forEach(WireDouble::disconnect);
        wires.clear();
        registrations.removeIf(registration -> {
            String name = (String) registration.getReference().getProperty("kura.service.pid");
            if ("it-source".equals(name) || "it-sink".equals(name)) {
                registration.unregister();
                return true;
            }
            return false;
        });
        WireEnds.Source again = new WireEnds.Source();
        WireEnds.Sink sinkAgain = graph(again);
        again.send(record("vibration", TypedValues.newDoubleValue(2), "temperature", TypedValues.newDoubleValue(4)));
        await("the outcome after the restart", () -> sinkAgain.envelopes.size() == 1);
        assertEquals("COMPLETED", value(sinkAgain.envelopes.get(0).getRecords().get(0), "status"));
        assertEquals("one thread, not one per start", List.of(THREAD_PREFIX + "it-task"), threads(THREAD_PREFIX));
    }

    /** Runs every model as the mean of its input, on the caller's thread. */
    static final class MeanInference implements TensorInference, AutoCloseable {
        final List<float[]> inputs = new CopyOnWriteArrayList<>();

        @Override
        public float[] infer(String model, float[] input, long... shape) {
            inputs.add(input.clone());
            double sum = 0;
            for (float v : input) {
                sum += v;
            }
            return new float[] {(float) (sum / Math.max(1, input.length))};
        }

        @Override
        public CompletionStage<float[]> inferAsync(String model, float[] input, long... shape) {
            return CompletableFuture.completedFuture(infer(model, input, shape));
        }

        @Override
        public Set<String> models() {
            return Set.of();
        }

        @Override
        public ModelStatistics statistics(String model) {
            return null;
        }

        @Override
        public void close() {
            inputs.clear();
        }
    }
}
