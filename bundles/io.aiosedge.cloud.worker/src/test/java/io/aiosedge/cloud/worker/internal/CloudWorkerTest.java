package io.aiosedge.cloud.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;

import io.aiosedge.api.cloud.NodeAdvertisement;
import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.api.cloud.TensorPayloads;

class CloudWorkerTest {

    /** What the mock BundleContext saw: the handler registered now and the events in order. */
    private final AtomicReference<OffloadHandler> registered = new AtomicReference<>();
    private final AtomicReference<Dictionary<String, ?>> registeredProperties = new AtomicReference<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final FakeEndpoint endpoint = new FakeEndpoint("worker-a") {
        @Override
        public String publish(KuraMessage message) throws org.eclipse.kura.KuraException {
            events.add("state " + message.getPayload().getMetric("state"));
            return super.publish(message);
        }
    };
    private final FakeInference inference = new FakeInference();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        inference.open();
        pool.shutdownNow();
    }

    @SuppressWarnings("unchecked")
    private BundleContext context() {
        BundleContext context = mock(BundleContext.class);
        Bundle bundle = mock(Bundle.class);
        when(bundle.getVersion()).thenReturn(new Version(1, 2, 3));
        when(context.getBundle()).thenReturn(bundle);
        when(context.registerService(eq(OffloadHandler.class), any(OffloadHandler.class), any(Dictionary.class)))
                .thenAnswer(call -> {
                    registered.set(call.getArgument(1));
                    registeredProperties.set(call.getArgument(2));
                    events.add("registered");
                    ServiceRegistration<OffloadHandler> registration = mock(ServiceRegistration.class);
                    doAnswer(unregister -> {
                        registered.set(null);
                        events.add("unregistered");
                        return null;
                    }).when(registration).unregister();
                    return registration;
                });
        return context;
    }

    private CloudWorker worker(Map<String, ?> properties) {
        return new CloudWorker(TestConfigs.of(CloudWorker.Config.class, properties), context(), endpoint, inference);
    }

    private static OffloadRequest request(String task, long deadlineInMillis) {
        return new OffloadRequest(task, "inference", System.currentTimeMillis() + deadlineInMillis, Map.of(),
                TensorPayloads.encode(new long[] {1, 2}, new float[] {1f, 2f}));
    }

    private List<String> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(CloudWorker.THREAD_NAME_PREFIX)).toList();
    }

    @Test
    void joinsTheGroupOnlyOnceItsModelsAreLoadedAndAdvertisesItRetained() {
        CloudWorker worker = worker(Map.of("models", "anomaly-cloud,second", "slots", 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.states().contains("STARTING"));
        assertThat(registered.get()).isNull();
        inference.loaded.add("anomaly-cloud");
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5)).until(() -> registered.get() == null);
        inference.loaded.add("second");
        await().atMost(Duration.ofSeconds(5)).until(() -> registered.get() != null);
        assertThat(registeredProperties.get().get(OffloadHandler.CAPABILITY_PROPERTY)).isEqualTo("inference");
        assertThat(registeredProperties.get().get(CloudWorker.WORKER_ID_PROPERTY)).isEqualTo("worker-a");
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.states().contains("ONLINE"));

        KuraMessage online = endpoint.published.stream()
                .filter(m -> "ONLINE".equals(m.getPayload().getMetric("state"))).findFirst().orElseThrow();
        assertThat(online.getProperties()).containsEntry("topic", "aios/v1/#{tenant}/nodes/worker-a/state")
                .containsEntry("retain", true).containsEntry("qos", 1).containsEntry("ttl.ms", 10_000L);
        NodeAdvertisement a = NodeAdvertisement.fromPayload("worker-a", online.getPayload(), 0);
        assertThat(a.slots()).isEqualTo(3);
        assertThat(a.capacity()).as("four times the slots by default").isEqualTo(12);
        assertThat(a.models()).containsExactlyInAnyOrder("anomaly-cloud", "second");
        assertThat(a.version()).isEqualTo("1.2.3");
        assertThat(a.address()).isEqualTo("inference");

        // a model disappears (its bundle uninstalled): the worker leaves the group and says so
        inference.loaded.remove("second");
        await().atMost(Duration.ofSeconds(5)).until(() -> registered.get() == null);
        await().atMost(Duration.ofSeconds(5)).until(() -> "STARTING".equals(endpoint.last().getPayload()
                .getMetric("state")));
        worker.deactivate();
    }

    @Test
    void warmsUpEveryModelOnItsDeclaredInputShapeBeforeJoining() {
        FakeEngine engine = new FakeEngine("anomaly-cloud", "second");
        CloudWorker worker = new CloudWorker(TestConfigs.of(CloudWorker.Config.class,
                Map.of("models", "anomaly-cloud,second")), context(), endpoint, engine);
        await().atMost(Duration.ofSeconds(5)).until(() -> registered.get() != null);
        assertThat(engine.shapes).containsExactly("anomaly-cloud[1, 4]", "anomaly-cloud[1, 4]", "anomaly-cloud[1, 4]",
                "second[1, 4]", "second[1, 4]", "second[1, 4]");
        worker.deactivate();
    }

    @Test
    void republishesTheStateWhenTheSessionComesBack() {
        inference.loaded.add("anomaly-cloud");
        CloudWorker worker = worker(Map.of("state.interval.s", 60));
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.states().contains("ONLINE"));
        int before = endpoint.published.size();
        endpoint.connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.published.size() > before);
        assertThat(endpoint.last().getPayload().getMetric("state")).isEqualTo("ONLINE");
        worker.deactivate();
    }

    @Test
    void drainsOnDeactivationLeavingTheGroupFirstAndFinishingInFlightRequests() throws Exception {
        inference.loaded.add("anomaly-cloud");
        CloudWorker worker = worker(Map.of("slots", 1, "drain.timeout.ms", 20_000L));
        await().atMost(Duration.ofSeconds(5)).until(() -> registered.get() != null);
        OffloadHandler handler = registered.get();
        inference.close();
        Future<OffloadReply> inFlight = pool.submit(() -> handler.handle(request("t1", 30_000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> inference.computing.get() == 1);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(worker::deactivate, pool);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("unregistered")
                && endpoint.states().contains("DRAINING"));
        assertThat(stopping).as("waits for the request in flight").isNotDone();
        // a request the connector had already queued still runs while draining
        Future<OffloadReply> queued = pool.submit(() -> handler.handle(request("t2", 30_000)));
        // only once it waits for the slot: opened earlier, the drain could finish before the request got in
        await().atMost(Duration.ofSeconds(5)).until(() -> ((InferenceHandler) handler).waiting() == 1);
        inference.open();
        assertThat(inFlight.get().status()).isEqualTo(OffloadReply.Status.OK);
        assertThat(queued.get().status()).isEqualTo(OffloadReply.Status.OK);
        stopping.get();
        assertThat(endpoint.last().getPayload().getMetric("state")).isEqualTo("GONE");
        assertThat(endpoint.last().getProperties()).doesNotContainKey("ttl.ms");
        assertThat(events.indexOf("unregistered")).isLessThan(events.lastIndexOf("state DRAINING"));
        assertThat(handler.handle(request("t3", 30_000)).status()).as("after the drain")
                .isEqualTo(OffloadReply.Status.REJECTED);
        assertThat(endpoint.deliveryListeners).isEmpty();
        assertThat(endpoint.connectionListeners).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> workerThreads().isEmpty());
    }

    @Test
    void theDrainTimeoutBoundsTheWait() throws Exception {
        inference.loaded.add("anomaly-cloud");
        CloudWorker worker = worker(Map.of("slots", 1, "drain.timeout.ms", 200L));
        await().atMost(Duration.ofSeconds(5)).until(() -> registered.get() != null);
        OffloadHandler handler = registered.get();
        inference.close();
        pool.submit(() -> handler.handle(request("stuck", 60_000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> inference.computing.get() == 1);
        long start = System.nanoTime();
        worker.deactivate();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isBetween(200L, 5_000L);
        assertThat(endpoint.last().getPayload().getMetric("state")).isEqualTo("GONE");
    }

    @Test
    void theWorkerIdDefaultsToTheEndpointsClientIdAndBadSettingsNameTheProperty() {
        inference.loaded.add("anomaly-cloud");
        CloudWorker worker = worker(Map.of());
        assertThat(worker.status()).containsEntry("worker.id", "worker-a")
                .containsEntry("slots", Runtime.getRuntime().availableProcessors());
        worker.deactivate();
        assertThatThrownBy(() -> worker(Map.of("worker.id", "a/b"))).hasMessageContaining("worker.id 'a/b'");
        assertThatThrownBy(() -> worker(Map.of("capability", "x/#"))).hasMessageContaining("capability 'x/#'");
        assertThatThrownBy(() -> worker(Map.of("node.kind", "LOCAL"))).hasMessageContaining("node.kind 'LOCAL'");
        assertThatThrownBy(() -> worker(Map.of("models", " , "))).hasMessageContaining("models");
        assertThatThrownBy(() -> worker(Map.of("slots", -1))).hasMessageContaining("slots");
        assertThatThrownBy(() -> worker(Map.of("state.interval.s", 0))).hasMessageContaining("state.interval.s");
        assertThatThrownBy(() -> worker(Map.of("dedup.window.s", 0))).hasMessageContaining("dedup.window.s");
        assertThatThrownBy(() -> worker(Map.of("drain.timeout.ms", -5L))).hasMessageContaining("drain.timeout.ms");
        assertThatThrownBy(() -> worker(Map.of("speed", 0.0))).hasMessageContaining("speed");
        assertThatThrownBy(() -> worker(Map.of("slots", 4, "capacity", 2))).hasMessageContaining("capacity 2");
    }
}
