package io.aiosedge.itests.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeStateSource;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.api.scheduler.TaskState;
import io.aiosedge.itests.OsgiTestSupport;
import io.aiosedge.itests.RecordingCloudPublisher;

/**
 * The scheduler in Felix: a job reading the simulated driver, tasks run by a TensorInference stand-in, results
 * published through a recording CloudPublisher; a policy switch at runtime; a cut cloud link; and a bundle update
 * while a job runs, which must not lose any accepted task.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchedulerIT extends OsgiTestSupport {

    private static final String SCHEDULER_PID = "io.aiosedge.scheduler.TaskScheduler";
    private static final String JOB_PID = "io.aiosedge.scheduler.Job";
    private static final String DRIVER_PID = "io.aiosedge.driver.simulated.SimulatedDriver";
    private static final String BUNDLE = "io.aiosedge.scheduler";

    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @Configuration
    public Option[] config() {
        return new Option[] {platform()};
    }

    @After
    public void cleanUp() throws Exception {
        for (org.osgi.service.cm.Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // configure() of the same PID twice returns the same configuration
            }
        }
        await("the scheduler to stop", () -> context.getServiceReference(TaskScheduler.class) == null);
        for (ServiceRegistration<?> registration : registrations) {
            registration.unregister();
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    // ------------------------------------------------------------------ fixtures

    private <S> void register(Class<S> type, S service, Map<String, Object> properties) {
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        registrations.add(context.registerService(type, service, dictionary));
    }

    private SchedulerFixtures.StubInference stubInference(long delayMs) {
        SchedulerFixtures.StubInference inference = new SchedulerFixtures.StubInference(delayMs);
        closeables.add(inference);
        register(TensorInference.class, inference, Map.of());
        return inference;
    }

    private RecordingCloudPublisher recordingPublisher(String pid) {
        RecordingCloudPublisher publisher = new RecordingCloudPublisher();
        register(CloudPublisher.class, publisher, Map.of("kura.service.pid", pid));
        return publisher;
    }

    private TaskScheduler configureScheduler(Map<String, Object> overrides) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", SCHEDULER_PID);
        properties.put("policy", "min-completion");
        properties.put("local.slots", 2);
        properties.put("drain.timeout.ms", 20_000L);
        properties.putAll(overrides);
        configurations.add(configure(SCHEDULER_PID, properties));
        return awaitService(TaskScheduler.class, null);
    }

    private void createDriver(String pid) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", pid);
        properties.put("seed", 7L);
        properties.put("read.latency.ms", 0L);
        properties.put("read.failure.probability", 0.0);
        configurations.add(createFactoryConfiguration(DRIVER_PID, properties));
    }

    private void createJob(String name, String driverPid, String publisherPid, Map<String, Object> overrides)
            throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", name);
        properties.put("job.name", name);
        properties.put("Driver.target", "(kura.service.pid=" + driverPid + ")");
        properties.put("CloudPublisher.target", "(kura.service.pid=" + publisherPid + ")");
        properties.put("channels", "vibration:DOUBLE:shape=SINE,amplitude=2,period.ms=1000;"
                + "temperature:DOUBLE:shape=CONSTANT,offset=21.5");
        properties.put("window.samples", 4);
        properties.put("trigger.rate.ms", 20L);
        properties.put("task.model", "anomaly-detector");
        properties.put("task.deadline.ms", 60_000L);
        properties.putAll(overrides);
        configurations.add(createFactoryConfiguration(JOB_PID, properties));
    }

    private static Task task(String id, double instructions, Locality locality) {
        return Task.builder(id, "it").model("anomaly-detector").input(new float[] {0.2f, 0.4f}, 1, 2)
                .instructions(instructions).locality(locality)
                .deadline(System.currentTimeMillis() + 60_000).build();
    }

    private static TaskResult result(CompletableFuture<TaskResult> future) {
        await("task outcome", future::isDone);
        return future.join();
    }

    // ------------------------------------------------------------------ tests

    @Test
    public void aJobReadsTheSimulatedDriverRunsTasksOnTheGatewayAndPublishesResults() throws Exception {
        SchedulerFixtures.StubInference inference = stubInference(1);
        RecordingCloudPublisher publisher = recordingPublisher("it-results");
        configureScheduler(Map.of());
        createDriver("it-sensors");
        createJob("it-job", "it-sensors", "it-results", Map.of());

        await("3 published results", () -> publisher.messages.size() >= 3);
        KuraMessage message = publisher.messages.get(0);
        assertEquals("COMPLETED", message.getPayload().getMetric("status"));
        assertEquals("gateway", message.getPayload().getMetric("node"));
        assertEquals("LOCAL", message.getPayload().getMetric("node.kind"));
        assertEquals(Boolean.TRUE, message.getPayload().getMetric("deadline.met"));
        assertTrue(message.getPayload().metricNames().containsAll(
                List.of("task.id", "queue.ms", "transfer.ms", "compute.ms", "score", "anomaly")));
        assertEquals("it-job", message.getProperties().get("job"));
        // 4 samples x 2 channels, sample-major: the constant channel sits at every odd position.
        float[] input = inference.inputs.get(0);
        assertEquals(8, input.length);
        for (int k = 1; k < 8; k += 2) {
            assertEquals(21.5f, input[k], 1e-6f);
        }
    }

    @Test
    public void aPolicySwitchAtRuntimeTakesEffectForTheNextDecisionWithoutLosingQueuedTasks() throws Exception {
        stubInference(1);
        Map<String, Object> batching = new HashMap<>();
        batching.put("policy", "batch-optimal");
        batching.put("batch.window.ms", 600_000L);
        TaskScheduler scheduler = configureScheduler(batching);
        assertEquals("batch-optimal", scheduler.policy());
        List<CompletableFuture<TaskResult>> futures = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            futures.add(scheduler.submit(task("switch-" + k, 1e6, Locality.ANY)).toCompletableFuture());
        }
        for (int k = 0; k < 5; k++) {
            assertEquals(TaskState.QUEUED, scheduler.status("switch-" + k).orElseThrow().state());
        }

        Map<String, Object> localOnly = new HashMap<>(batching);
        localOnly.put("policy", "local-only");
        configureScheduler(localOnly);
        await("the policy switch", () -> "local-only".equals(scheduler.policy()));
        for (CompletableFuture<TaskResult> future : futures) {
            assertEquals("gateway", result(future).nodeId());
        }
        assertEquals("local-only", scheduler.explain("switch-4").orElseThrow().policy());
        assertEquals("the scheduler kept its identity (no restart)", scheduler,
                awaitService(TaskScheduler.class, null));
    }

    @Test
    public void whenTheCloudLinkIsCutTasksRunOnTheGateway() throws Exception {
        stubInference(1);
        SchedulerFixtures.SwitchableLink link = new SchedulerFixtures.SwitchableLink();
        SchedulerFixtures.StubOffloadClient offload = new SchedulerFixtures.StubOffloadClient(link);
        register(CloudLinkMonitor.class, link, Map.of());
        register(OffloadClient.class, offload, Map.of());
        register(NodeStateSource.class, new SchedulerFixtures.CloudNodes(), Map.of());
        TaskScheduler scheduler = configureScheduler(Map.of());

        // 10^9 instructions: a second on the gateway, a millisecond on the cloud node.
        TaskResult heavy = result(scheduler.submit(task("heavy", 1e9, Locality.ANY)).toCompletableFuture());
        assertEquals("it-cloud", heavy.nodeId());
        assertEquals(NodeKind.CLOUD, heavy.nodeKind());
        assertEquals("inference", offload.requests.get(0).capability());

        TaskResult privateTask = result(scheduler.submit(task("private", 1e9, Locality.EDGE_ONLY))
                .toCompletableFuture());
        assertEquals("gateway", privateTask.nodeId());
        assertEquals(1, offload.requests.size());

        link.cut();
        TaskResult offline = result(scheduler.submit(task("offline", 1e9, Locality.ANY)).toCompletableFuture());
        assertEquals("gateway", offline.nodeId());
        assertEquals("cloud link down", scheduler.explain("offline").orElseThrow().table()
                .estimate(0, scheduler.explain("offline").orElseThrow().table().indexOf("it-cloud")).note());
        assertEquals(1, offload.requests.size());
    }

    /**
     * "Accepted" = admitted by submit. Updating the scheduler bundle stops its job first (which waits for the
     * outcomes of what it submitted) and then the scheduler (which drains: it admits nothing more and finishes what
     * it accepted). So every task the old scheduler accepted must have been published as COMPLETED, and the job
     * must go on with the new bundle.
     */
    @Test
    public void updatingTheSchedulerBundleWhileAJobRunsLosesNoAcceptedTask() throws Exception {
        stubInference(40); // slower than the job: tasks queue up
        RecordingCloudPublisher publisher = recordingPublisher("it-update-results");
        Map<String, Object> oneSlot = new HashMap<>();
        oneSlot.put("local.slots", 1);
        TaskScheduler before = configureScheduler(oneSlot);
        createDriver("it-update-sensors");
        createJob("it-update-job", "it-update-sensors", "it-update-results", Map.of("window.samples", 1,
                "trigger.rate.ms", 10L));
        await("tasks waiting in the queue", () -> before.statistics().queued() >= 5);

        Bundle bundle = installedBundle(BUNDLE);
        bundle.update();
        SchedulerStatistics old = before.statistics();
        assertTrue("the old scheduler accepted tasks", old.submitted() >= 5);
        assertEquals("every task the old scheduler accepted completed: " + old, old.submitted(), old.completed());
        assertEquals(0, old.queued() + old.running());

        // The first result came from the old bundle's run. The updated bundle may already have published results
        // of its own by now (update() returns once it has started), so only the old run's results are counted.
        String oldRunId = runOf((String) publisher.messages.get(0).getPayload().getMetric("task.id"));
        List<KuraMessage> oldRun = publisher.messages.stream()
                .filter(m -> runOf((String) m.getPayload().getMetric("task.id")).equals(oldRunId))
                .collect(Collectors.toList());
        assertEquals(old.submitted(), oldRun.size());
        assertTrue("every outcome of the old run is COMPLETED",
                oldRun.stream().allMatch(m -> "COMPLETED".equals(m.getPayload().getMetric("status"))));
        Set<Long> sequences = new TreeSet<>();
        oldRun.forEach(m -> sequences.add(sequenceOf((String) m.getPayload().getMetric("task.id"))));
        assertEquals("no gap in the published sequence", oldRun.size(), sequences.size());
        assertEquals(Long.valueOf(oldRun.size()), ((TreeSet<Long>) sequences).last());

        await("the job to go on with the updated bundle", () -> publisher.messages.stream()
                .anyMatch(m -> !runOf((String) m.getPayload().getMetric("task.id")).equals(oldRunId)));
        assertNotEquals(before, awaitService(TaskScheduler.class, null));
        assertFalse(bundlesNotStarted().contains(BUNDLE));
    }

    private static String runOf(String taskId) {
        return taskId.substring(0, taskId.lastIndexOf('-'));
    }

    private static long sequenceOf(String taskId) {
        return Long.parseLong(taskId.substring(taskId.lastIndexOf('-') + 1));
    }
}
