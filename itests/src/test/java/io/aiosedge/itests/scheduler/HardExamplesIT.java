package io.aiosedge.itests.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
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
import org.osgi.framework.ServiceRegistration;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.OffloadClient;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.NodeStateSource;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletionListener;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.itests.OsgiTestSupport;
import io.aiosedge.itests.RecordingCloudPublisher;

/**
 * The gateway side of the learning loop in Felix: the scheduler (joint inference) and the hard-example collector
 * of io.aiosedge.learning. The edge model (a stub answering 0.4, confidence 0.6) is unsure, the cloud (a stub
 * offload client answering 0.9) labels; the collector uploads the escalated tasks through the configured
 * CloudPublisher, never the edge-only one; stopping the bundle leaves no listener and no thread behind, starting it
 * again brings the collector back with what it stored.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HardExamplesIT extends OsgiTestSupport {

    private static final String SCHEDULER_PID = "io.aiosedge.scheduler.TaskScheduler";
    private static final String COLLECTOR_PID = "io.aiosedge.learning.HardExamples";
    private static final String BUNDLE = "io.aiosedge.learning";
    private static final String THREAD = "aios-hard-examples";

    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new CopyOnWriteArrayList<>();
    private SchedulerFixtures.StubInference inference;

    @Configuration
    public Option[] config() {
        return new Option[] {platform()};
    }

    @After
    public void cleanUp() throws Exception {
        for (org.osgi.service.cm.Configuration configuration : configurations) {
            configuration.delete();
        }
        await("the scheduler to stop", () -> context.getServiceReference(TaskScheduler.class) == null);
        for (ServiceRegistration<?> registration : registrations) {
            registration.unregister();
        }
        if (inference != null) {
            inference.close();
        }
    }

    private <S> void register(Class<S> type, S service, Map<String, Object> properties) {
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        registrations.add(context.registerService(type, service, dictionary));
    }

    private static Task task(String id, Locality locality) {
        return Task.builder(id, "it").model("it-full").edgeModel("it-edge").input(new float[] {0.4f, 0.4f}, 1, 2)
                .locality(locality).deadline(System.currentTimeMillis() + 60_000).build();
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(THREAD));
    }

    private static String bodies(RecordingCloudPublisher publisher) {
        return publisher.messages.stream().map(m -> new String(m.getPayload().getBody(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("\n"));
    }

    private static int examples(RecordingCloudPublisher publisher) {
        return publisher.messages.stream().mapToInt(m -> ((Number) m.getPayload().getMetric("count")).intValue())
                .sum();
    }

    @Test
    public void escalatedTasksAreUploadedAsHardExamplesAndTheBundleHotRedeploysClean() throws Exception {
        inference = new SchedulerFixtures.StubInference(1);
        register(TensorInference.class, inference, Map.of());
        SchedulerFixtures.SwitchableLink link = new SchedulerFixtures.SwitchableLink();
        register(CloudLinkMonitor.class, link, Map.of());
        register(OffloadClient.class, new SchedulerFixtures.StubOffloadClient(link), Map.of());
        register(NodeStateSource.class, new SchedulerFixtures.CloudNodes(), Map.of());
        RecordingCloudPublisher publisher = new RecordingCloudPublisher();
        register(CloudPublisher.class, publisher, Map.of("kura.service.pid", "it-hard-examples"));

        Map<String, Object> scheduler = new HashMap<>();
        scheduler.put("kura.service.pid", SCHEDULER_PID);
        scheduler.put("policy", "joint-inference");
        scheduler.put("joint.confidence.threshold", 0.8);
        scheduler.put("local.slots", 2);
        configurations.add(configure(SCHEDULER_PID, scheduler));
        Map<String, Object> collector = new HashMap<>();
        collector.put("CloudPublisher.target", "(kura.service.pid=it-hard-examples)");
        collector.put("upload.batch.size", 2);
        configurations.add(configure(COLLECTOR_PID, collector));
        TaskScheduler tasks = awaitService(TaskScheduler.class, null);
        awaitService(TaskCompletionListener.class, null);

        for (int k = 0; k < 4; k++) {
            TaskResult result = tasks.submit(task("hx-" + k, Locality.ANY)).toCompletableFuture().get();
            assertTrue("joint inference escalated hx-" + k, result.escalated());
            assertEquals("it-cloud", result.nodeId());
        }
        TaskResult privateResult = tasks.submit(task("hx-private", Locality.EDGE_ONLY)).toCompletableFuture().get();
        assertEquals("gateway", privateResult.nodeId());

        await("4 hard examples uploaded", () -> examples(publisher) == 4);
        KuraMessage first = publisher.messages.get(0);
        assertEquals("aios-hard-examples/1", first.getPayload().getMetric("format"));
        String bodies = bodies(publisher);
        for (int k = 0; k < 4; k++) {
            assertTrue(bodies, bodies.contains("\"task\":\"hx-" + k + "\""));
        }
        assertTrue(bodies, bodies.contains("\"edge\":[0.4]") && bodies.contains("\"label\":[0.9]")
                && bodies.contains("\"labelNode\":\"it-cloud\"") && bodies.contains("\"window\":[0.4,0.4]"));
        assertFalse("edge-only data never leaves the gateway", bodies.contains("hx-private"));

        // Hot deploy: stop the bundle while the scheduler keeps running, then start it again.
        Bundle bundle = installedBundle(BUNDLE);
        assertTrue(threadAlive());
        bundle.stop();
        await("the collector's thread to end", () -> !threadAlive());
        assertNull(context.getServiceReference(TaskCompletionListener.class));
        TaskResult whileStopped = tasks.submit(task("hx-stopped", Locality.ANY)).toCompletableFuture().get();
        assertTrue(whileStopped.escalated());
        bundle.start();
        assertNotNull(awaitService(TaskCompletionListener.class, null));
        tasks.submit(task("hx-after-1", Locality.ANY)).toCompletableFuture().get();
        tasks.submit(task("hx-after-2", Locality.ANY)).toCompletableFuture().get();
        await("the restarted collector uploads", () -> examples(publisher) == 6);
        assertTrue(bodies(publisher).contains("\"task\":\"hx-after-2\""));
        assertFalse(bodies(publisher).contains("hx-stopped"));
    }
}
