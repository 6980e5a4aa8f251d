package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;
import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.cloudsync.mqtt.internal.wire.Json;
import io.aiosedge.cloudsync.mqtt.internal.wire.OffloadWire;

/** The endpoint component outside OSGi, against an in-process Moquette broker. */
class MqttCloudEndpointTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<MqttCloudEndpoint> endpoints = new ArrayList<>();
    private ConfigurationAdmin configurationAdmin = mock(ConfigurationAdmin.class);

    @AfterEach
    void tearDown() throws Exception {
        for (MqttCloudEndpoint e : endpoints) {
            e.deactivate();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    static Map<String, Object> baseProperties(String url, Path outbox) {
        Map<String, Object> p = new HashMap<>();
        p.put("kura.service.pid", "ep-test");
        p.put("broker.url", url);
        p.put("client.id", "gw");
        p.put("tenant", "t");
        p.put("outbox.directory", outbox.toString());
        p.put("reconnect.min.delay.ms", 50L);
        p.put("reconnect.max.delay.ms", 500L);
        p.put("commands.trusted.keys", new String[] {TestSigner.OPS.trustEntry()});
        return p;
    }

    private MqttCloudEndpoint endpoint(Map<String, Object> properties) throws Exception {
        MqttCloudEndpoint e = new MqttCloudEndpoint(Configs.of(MqttCloudEndpoint.Config.class, properties), properties,
                null, configurationAdmin, null);
        endpoints.add(e);
        return e;
    }

    private static KuraMessage message(String topic, Map<String, Object> extra, Object... metrics) {
        KuraPayload payload = new KuraPayload();
        for (int i = 0; i < metrics.length; i += 2) {
            payload.addMetric((String) metrics[i], metrics[i + 1]);
        }
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put(MqttCloudEndpoint.MESSAGE_TOPIC, topic);
        return new KuraMessage(payload, properties);
    }

    @Test
    void publishesResolvedTopicsInTheEnvelopeAndConfirmsEachIdOnce() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        TestClient consumer = track(new TestClient(broker.url(), "consumer", true, 1, "aios/v1/t/gw/data/#"));
        MqttCloudEndpoint endpoint = endpoint(baseProperties(broker.url(), dir));
        List<String> confirmed = new CopyOnWriteArrayList<>();
        endpoint.registerCloudDeliveryListener(confirmed::add);
        Await.until("connected", WAIT, endpoint::isConnected);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(endpoint.publish(message("aios/v1/#{tenant}/#{client-id}/data/#{sensor}", Map.of("sensor", "s1"),
                    "n", i)));
        }
        Await.until("20 received", WAIT, () -> consumer.received().size() == 20);
        Await.until("20 confirmed", WAIT, () -> confirmed.size() == 20);
        List<TestClient.Received> got = consumer.received();
        for (int i = 0; i < 20; i++) {
            assertThat(got.get(i).topic()).isEqualTo("aios/v1/t/gw/data/s1");
            Envelope e = Envelope.decode(got.get(i).payload());
            assertThat(e.id()).isEqualTo(ids.get(i));
            assertThat(e.toKuraPayload().getMetric("n")).isEqualTo(i);
        }
        assertThat(confirmed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void offlineQos0FailsFastWhileQos1IsStoredAndSentOnConnect() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        TestClient consumer = track(new TestClient(broker.url(), "consumer", true, 1, "x/#"));
        Map<String, Object> p = baseProperties(broker.url(), dir);
        p.put("connect.auto", false);
        MqttCloudEndpoint endpoint = endpoint(p);
        assertThatThrownBy(() -> endpoint.publish(message("x/0", Map.of(MqttCloudEndpoint.MESSAGE_QOS, 0))))
                .isInstanceOf(KuraNotConnectedException.class);
        String id = endpoint.publish(message("x/1", Map.of()));
        assertThat(endpoint.outbox().size()).isEqualTo(1);
        assertThat(endpoint.isConnected()).isFalse();
        endpoint.connect();
        Await.until("stored message delivered", WAIT, () -> consumer.received().size() == 1);
        assertThat(Envelope.decode(consumer.received().get(0).payload()).id()).isEqualTo(id);
        endpoint.disconnect();
        assertThat(endpoint.isConnected()).isFalse();
    }

    @Test
    void capacityRefusesOrdinaryPrioritiesOnly() throws Exception {
        Map<String, Object> p = baseProperties("tcp://127.0.0.1:" + MoquetteBroker.freePort(), dir);
        p.put("connect.auto", false);
        p.put("outbox.capacity", 2);
        MqttCloudEndpoint endpoint = endpoint(p);
        endpoint.publish(message("x", Map.of()));
        endpoint.publish(message("x", Map.of()));
        assertThatThrownBy(() -> endpoint.publish(message("x", Map.of(MqttCloudEndpoint.MESSAGE_PRIORITY, 5))))
                .isInstanceOf(KuraStoreCapacityReachedException.class).hasMessageContaining("outbox.capacity");
        endpoint.publish(message("x", Map.of(MqttCloudEndpoint.MESSAGE_PRIORITY, 1)));
        assertThat(endpoint.statusMetrics()).containsEntry("outbox.depth", 3).containsEntry("outbox.priority.1", 1);
    }

    @Test
    void purgeDropsMessagesOlderThanThePurgeAge() throws Exception {
        Map<String, Object> p = baseProperties("tcp://127.0.0.1:" + MoquetteBroker.freePort(), dir);
        p.put("connect.auto", false);
        p.put("outbox.purge.age.s", 1L);
        MqttCloudEndpoint endpoint = endpoint(p);
        endpoint.publish(message("old", Map.of()));
        long stored = System.currentTimeMillis();
        endpoint.purge();
        assertThat(endpoint.outbox().size()).as("younger than the purge age").isEqualTo(1);
        Await.until("the message is older than 1 s", WAIT, () -> System.currentTimeMillis() - stored > 1100);
        endpoint.publish(message("new", Map.of()));
        endpoint.purge();
        assertThat(endpoint.outbox().size()).isEqualTo(1);
        assertThat(endpoint.outbox().nextToSend().topic()).isEqualTo("new");
    }

    @Test
    void subscribersGetDecodedEnvelopesAndForeignPayloads() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        MqttCloudEndpoint endpoint = endpoint(baseProperties(broker.url(), dir));
        List<KuraMessage> got = new CopyOnWriteArrayList<>();
        endpoint.registerSubscriber(Map.of(MqttCloudEndpoint.SUBSCRIPTION_FILTER, "aios/v1/#{tenant}/#{client-id}/in/#",
                MqttCloudEndpoint.SUBSCRIPTION_QOS, 1), got::add);
        Await.until("connected", WAIT, endpoint::isConnected);
        try (TestClient sender = new TestClient(broker.url(), "sender", true, 1)) {
            KuraPayload payload = new KuraPayload();
            payload.addMetric("temp", 21.5);
            sender.publish("aios/v1/t/gw/in/a", Envelope.ofKuraPayload("m-1", payload, 5).encode(), 1, false);
            sender.publish("aios/v1/t/gw/in/b", "raw".getBytes(StandardCharsets.UTF_8), 1, false);
            Await.until("two messages", WAIT, () -> got.size() == 2);
        }
        assertThat(got.get(0).getProperties()).containsEntry(MqttCloudEndpoint.MESSAGE_TOPIC, "aios/v1/t/gw/in/a");
        assertThat(got.get(0).getPayload().getMetric("temp")).isEqualTo(21.5);
        assertThat(new String(got.get(1).getPayload().getBody(), StandardCharsets.UTF_8)).isEqualTo("raw");
    }

    @Test
    void malformedAndUnauthorisedCommandsGetErrorRepliesAndTheConnectionStays() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        Map<String, Object> p = baseProperties(broker.url(), dir);
        p.put("commands.token", "s3cret");
        MqttCloudEndpoint endpoint = endpoint(p);
        TestClient ops = track(new TestClient(broker.url(), "ops", true, 1, "aios/v1/t/ops/#", "aios/v1/t/gw/errors",
                "other/#"));
        Await.until("connected", WAIT, endpoint::isConnected);
        long attempts = endpoint.link().status().connectAttempts();
        String cmd = "aios/v1/t/gw/commands/";

        ops.publish(cmd + "status", "{not json".getBytes(StandardCharsets.UTF_8), 1, false);
        Map<String, Object> r = awaitJson(ops, "aios/v1/t/gw/errors", 1);
        assertThat(r).containsEntry("status", 400L);
        assertThat((String) r.get("error")).contains("bad JSON");

        publishJson(ops, cmd + "status", "{\"id\":\"r2\",\"reply\":\"aios/v1/t/ops/r2\",\"token\":\"wrong\"}");
        assertThat(awaitJson(ops, "aios/v1/t/ops/r2", 1)).containsEntry("status", 401L).containsEntry("id", "r2");

        publishJson(ops, cmd + "nosuch", "{\"id\":\"r3a\",\"reply\":\"aios/v1/t/ops/r3a\",\"token\":\"s3cret\"}");
        assertThat(awaitJson(ops, "aios/v1/t/ops/r3a", 1)).containsEntry("status", 401L); // only status is open
        publishSigned(ops, "nosuch", "GET", "{\"id\":\"r3\",\"reply\":\"aios/v1/t/ops/r3\",\"token\":\"s3cret\"}");
        Map<String, Object> notFound = awaitJson(ops, "aios/v1/t/ops/r3", 1);
        assertThat(notFound).containsEntry("status", 404L);
        assertThat((String) notFound.get("error")).contains("unknown handler 'nosuch'").contains("status");

        publishJson(ops, cmd + "status", "{\"id\":\"r4\",\"reply\":\"other/place\",\"token\":\"s3cret\"}");
        Map<String, Object> forbidden = awaitJson(ops, "aios/v1/t/gw/errors", 2);
        assertThat(forbidden).containsEntry("status", 403L).containsEntry("id", "r4");
        assertThat(ops.received().stream().noneMatch(m -> m.topic().equals("other/place"))).isTrue();

        publishJson(ops, cmd + "status", "{\"id\":\"r5\",\"reply\":\"aios/v1/t/ops/r5\",\"method\":\"PUT\",\"token\":\"s3cret\"}");
        assertThat(awaitJson(ops, "aios/v1/t/ops/r5", 1)).containsEntry("status", 401L);
        ops.publish(cmd + "status", TestSigner.OPS.sign("status", "PUT",
                "{\"id\":\"r5b\",\"reply\":\"aios/v1/t/ops/r5b\",\"method\":\"PUT\",\"token\":\"s3cret\"}"), 1, false);
        assertThat(awaitJson(ops, "aios/v1/t/ops/r5b", 1)).containsEntry("status", 405L);

        publishJson(ops, cmd + "status", "{\"id\":\"r6\",\"reply\":\"aios/v1/t/ops/r6\",\"token\":\"s3cret\"}");
        Map<String, Object> ok = awaitJson(ops, "aios/v1/t/ops/r6", 1);
        assertThat(ok).containsEntry("status", 200L).containsEntry("handler", "status");
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) ok.get("metrics");
        assertThat(metrics).containsEntry("connected", true).containsEntry("client.id", "gw")
                .containsKeys("outbox.depth", "link.rtt.ms");

        assertThat(endpoint.isConnected()).isTrue();
        assertThat(endpoint.link().status().connectAttempts()).isEqualTo(attempts);
    }

    @Test
    void requestHandlersFromTheRegistryAndTheWhiteboardServeCommands() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        MqttCloudEndpoint endpoint = endpoint(baseProperties(broker.url(), dir));
        TestClient ops = track(new TestClient(broker.url(), "ops", true, 1, "aios/v1/t/ops/#"));
        Await.until("connected", WAIT, endpoint::isConnected);
        org.eclipse.kura.cloudconnection.request.RequestHandler models = new org.eclipse.kura.cloudconnection.request.RequestHandler() {
            @Override
            public KuraMessage doExec(org.eclipse.kura.cloudconnection.request.RequestHandlerContext context,
                    KuraMessage request) {
                KuraPayload out = new KuraPayload();
                out.addMetric("args", String.valueOf(request.getProperties().get("args")));
                out.addMetric("device", context.getContextProperties().get("DEVICE_ID"));
                out.addMetric("sha", request.getPayload().getMetric("sha256"));
                return new KuraMessage(out);
            }
        };
        endpoint.addRequestHandler(models, Map.of(MqttCloudEndpoint.REQUEST_HANDLER_ID, "models"));
        publishSigned(ops, "models", "EXEC", "{\"id\":\"h1\",\"reply\":\"aios/v1/t/ops/h1\","
                + "\"method\":\"EXEC\",\"args\":[\"install\",\"m1\"],\"metrics\":{\"sha256\":\"abc\"}}");
        Map<String, Object> reply = awaitJson(ops, "aios/v1/t/ops/h1", 1);
        assertThat(reply).containsEntry("status", 200L);
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) reply.get("metrics");
        assertThat(metrics).containsEntry("args", "[install, m1]").containsEntry("device", "gw").containsEntry("sha", "abc");
        endpoint.removeRequestHandler(models, Map.of(MqttCloudEndpoint.REQUEST_HANDLER_ID, "models"));
        publishSigned(ops, "models", "EXEC", "{\"id\":\"h2\",\"reply\":\"aios/v1/t/ops/h2\",\"method\":\"EXEC\"}");
        assertThat(awaitJson(ops, "aios/v1/t/ops/h2", 1)).containsEntry("status", 404L);

        endpoint.registerRequestHandler("models", models);
        publishSigned(ops, "models", "EXEC", "{\"id\":\"h3\",\"reply\":\"aios/v1/t/ops/h3\",\"method\":\"EXEC\"}");
        assertThat(awaitJson(ops, "aios/v1/t/ops/h3", 1)).containsEntry("status", 200L);
        endpoint.unregister("models");
        publishSigned(ops, "models", "EXEC", "{\"id\":\"h4\",\"reply\":\"aios/v1/t/ops/h4\",\"method\":\"EXEC\"}");
        assertThat(awaitJson(ops, "aios/v1/t/ops/h4", 1)).containsEntry("status", 404L);
    }

    @Test
    void configCommandChangesAComponentThroughConfigurationAdminKeepingTypes() throws Exception {
        Configuration target = mock(Configuration.class);
        Dictionary<String, Object> current = new Hashtable<>(Map.of("service.pid", "io.aiosedge.some", "rate", 5,
                "api.password", "hidden"));
        when(target.getProperties()).thenReturn(current);
        when(configurationAdmin.listConfigurations(anyString())).thenReturn(new Configuration[] {target});
        MoquetteBroker broker = track(new MoquetteBroker().start());
        MqttCloudEndpoint endpoint = endpoint(baseProperties(broker.url(), dir));
        TestClient ops = track(new TestClient(broker.url(), "ops", true, 1, "aios/v1/t/ops/#"));
        Await.until("connected", WAIT, endpoint::isConnected);

        publishSigned(ops, "config", "PUT",
                "{\"id\":\"c1\",\"reply\":\"aios/v1/t/ops/c1\",\"method\":\"PUT\",\"args\":[\"io.aiosedge.some\"],\"metrics\":{\"rate\":\"7\"}}");
        Map<String, Object> reply = awaitJson(ops, "aios/v1/t/ops/c1", 1);
        assertThat(reply).containsEntry("status", 200L);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Dictionary<String, Object>> updated = ArgumentCaptor.forClass(Dictionary.class);
        verify(target).update(updated.capture());
        assertThat(updated.getValue().get("rate")).isEqualTo(7);
        assertThat(((Map<?, ?>) reply.get("metrics")).get("api.password")).isEqualTo("***");

        publishSigned(ops, "config", "PUT",
                "{\"id\":\"c2\",\"reply\":\"aios/v1/t/ops/c2\",\"method\":\"PUT\",\"args\":[\"io.aiosedge.some\"],\"metrics\":{\"rate\":\"fast\"}}");
        Map<String, Object> bad = awaitJson(ops, "aios/v1/t/ops/c2", 1);
        assertThat(bad).containsEntry("status", 400L);
        assertThat((String) bad.get("error")).contains("rate").contains("Integer");
    }

    @Test
    void rpcCompletesOnTheFirstReplyIgnoresTheDuplicateAndTimesOut() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        MqttCloudEndpoint endpoint = endpoint(baseProperties(broker.url(), dir));
        // a worker that answers every request twice
        TestClient worker = track(new TestClient(broker.url(), "worker", true, 1, "aios/v1/t/offload/echo"));
        Await.until("connected", WAIT, endpoint::isConnected);
        Thread answering = new Thread(() -> {
            int answered = 0;
            while (answered < 1 && !Thread.currentThread().isInterrupted()) {
                for (TestClient.Received r : worker.received()) {
                    OffloadWire.ReceivedRequest req = OffloadWire.decodeRequest(r.payload(), "echo");
                    byte[] reply = OffloadWire.reply("w-1", new OffloadReply(req.request().taskId(),
                            OffloadReply.Status.OK, "worker", 1.5, Map.of(), req.request().payload()), 0).encode();
                    try {
                        worker.publish(req.replyTopic(), reply, 1, false);
                        worker.publish(req.replyTopic(), reply, 1, false);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    answered++;
                }
                Thread.onSpinWait();
            }
        }, "test-worker");
        answering.setDaemon(true);
        answering.start();

        OffloadRequest request = new OffloadRequest("task-1", "echo", System.currentTimeMillis() + 10_000, Map.of("k", "v"),
                new byte[] {1, 2, 3});
        CompletableFuture<OffloadReply> reply = endpoint.request(request, Duration.ofSeconds(10)).toCompletableFuture();
        OffloadReply r = reply.get(15, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(OffloadReply.Status.OK);
        assertThat(r.payload()).containsExactly(1, 2, 3);
        assertThat(r.nodeId()).isEqualTo("worker");
        Await.until("the duplicate reply seen and ignored", WAIT,
                () -> endpoint.statusMetrics().get("offload.pending").equals(0) && duplicates(endpoint) >= 1);
        answering.interrupt();

        long started = System.nanoTime();
        CompletableFuture<OffloadReply> unanswered = endpoint.request(new OffloadRequest("task-2", "nobody",
                System.currentTimeMillis() + 10_000, Map.of(), new byte[0]), Duration.ofMillis(300)).toCompletableFuture();
        assertThatThrownBy(() -> unanswered.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("task-2");
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 5000L);
    }

    private static long duplicates(MqttCloudEndpoint endpoint) {
        try {
            java.lang.reflect.Field f = MqttCloudEndpoint.class.getDeclaredField("rpc");
            f.setAccessible(true);
            return ((OffloadRpcClient) f.get(endpoint)).duplicateReplies();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void modifiedMovesTopicsWithoutReconnectingAndReconnectsForANewBroker() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        MoquetteBroker other = track(new MoquetteBroker().start());
        Map<String, Object> p = baseProperties(broker.url(), dir);
        // Without status messages the tenant is not part of the session (with them it is: the last will's topic).
        p.put("status.enabled", false);
        MqttCloudEndpoint endpoint = endpoint(p);
        Await.until("connected", WAIT, endpoint::isConnected);
        long attempts = endpoint.link().status().connectAttempts();

        p.put("tenant", "t2");
        endpoint.modified(Configs.of(MqttCloudEndpoint.Config.class, p), p);
        TestClient ops = track(new TestClient(broker.url(), "ops", true, 1, "aios/v1/t2/ops/#"));
        publishJson(ops, "aios/v1/t2/gw/commands/status", "{\"id\":\"m1\",\"reply\":\"aios/v1/t2/ops/m1\"}");
        assertThat(awaitJson(ops, "aios/v1/t2/ops/m1", 1)).containsEntry("status", 200L);
        assertThat(endpoint.link().status().connectAttempts()).as("no reconnect for a tenant change").isEqualTo(attempts);

        p.put("broker.url", other.url());
        endpoint.modified(Configs.of(MqttCloudEndpoint.Config.class, p), p);
        Await.until("connected to the other broker", WAIT, () -> endpoint.isConnected()
                && endpoint.link().options().brokerUrl().equals(other.url()));
        TestClient ops2 = track(new TestClient(other.url(), "ops2", true, 1, "aios/v1/t2/ops/#"));
        publishJson(ops2, "aios/v1/t2/gw/commands/status", "{\"id\":\"m2\",\"reply\":\"aios/v1/t2/ops/m2\"}");
        assertThat(awaitJson(ops2, "aios/v1/t2/ops/m2", 1)).containsEntry("status", 200L);
    }

    @Test
    void modifiedMovesTheOutboxAndTheConnectionTogether() throws Exception {
        Map<String, Object> p = baseProperties("tcp://127.0.0.1:" + MoquetteBroker.freePort(), dir.resolve("first"));
        MqttCloudEndpoint endpoint = endpoint(p);
        Await.until("a failed attempt", WAIT, () -> endpoint.link().status().failures() > 0);
        endpoint.publish(message("moved/x", Map.of()));
        MoquetteBroker broker = track(new MoquetteBroker().start());
        TestClient consumer = track(new TestClient(broker.url(), "consumer", true, 1, "moved/#"));
        p.put("broker.url", broker.url());
        p.put("outbox.directory", dir.resolve("second").toString());
        endpoint.modified(Configs.of(MqttCloudEndpoint.Config.class, p), p);
        Await.until("connected after the move", WAIT, endpoint::isConnected);
        assertThat(endpoint.outbox().directory()).isEqualTo(dir.resolve("second"));
        endpoint.publish(message("moved/y", Map.of()));
        Await.until("the new message delivered", WAIT, () -> consumer.received().size() == 1);
        // the message stored in the first directory stays there for whoever opens it again
        try (DurableOutbox first = DurableOutbox.open(dir.resolve("first"), 10, 0)) {
            assertThat(first.size()).isEqualTo(1);
        }
    }

    @Test
    void badValuesFailActivationNamingPropertyAndValue() {
        Map<String, Object> p = baseProperties("http://example.org", dir);
        assertThatThrownBy(() -> endpoint(p)).hasMessageContaining("broker.url").hasMessageContaining("http://example.org");
        Map<String, Object> q = baseProperties("tcp://localhost:1883", dir);
        q.put("inflight.window", 0);
        assertThatThrownBy(() -> endpoint(q)).hasMessageContaining("inflight.window").hasMessageContaining("0");
        Map<String, Object> r = baseProperties("tcp://localhost:1883", dir);
        r.put("tenant", "a/b");
        assertThatThrownBy(() -> endpoint(r)).hasMessageContaining("tenant 'a/b'");
        Map<String, Object> s = baseProperties("ssl://localhost:8883", dir);
        s.put("tls.truststore.path", dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> endpoint(s)).hasMessageContaining("tls.truststore.path").hasMessageContaining("missing.p12");
        assertThat(Await.threadsNamed("aios-cloudsync-ep-test")).isEmpty();
    }

    @Test
    void deactivateReleasesEveryThreadAndTheOutbox() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        MqttCloudEndpoint endpoint = endpoint(baseProperties(broker.url(), dir));
        Await.until("connected", WAIT, endpoint::isConnected);
        endpoint.publish(message("x", Map.of()));
        endpoints.remove(endpoint);
        endpoint.deactivate();
        Await.until(() -> "threads gone: " + Await.threadsNamed("aios-cloudsync-ep-test", "MQTT Rec: gw"), WAIT,
                () -> Await.threadsNamed("aios-cloudsync-ep-test", "MQTT Rec: gw", "MQTT Snd: gw", "MQTT Call: gw",
                        "MQTT Ping: gw").isEmpty());
        DurableOutbox.open(dir, 10, 0).close(); // the lock was released
    }

    /** Publishes a command signed by {@link TestSigner#OPS} for gateway gw of tenant t. */
    static void publishSigned(TestClient client, String handler, String method, String json) throws Exception {
        client.publish("aios/v1/t/gw/commands/" + handler, TestSigner.OPS.sign(handler, method, json), 1, false);
    }

    static void publishJson(TestClient client, String topic, String json) throws Exception {
        client.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Waits for the n-th message on a topic and parses it as a JSON object. */
    static Map<String, Object> awaitJson(TestClient client, String topic, int n) {
        Await.until(() -> n + " message(s) on " + topic + ", got " + client.received(), WAIT,
                () -> client.received().stream().filter(m -> m.topic().equals(topic)).count() >= n);
        TestClient.Received r = client.received().stream().filter(m -> m.topic().equals(topic)).skip(n - 1).findFirst()
                .orElseThrow();
        return Json.parseObject(r.text());
    }

    @Test
    void publishDurablyAcknowledgesFromTheDiskWithoutABrokerAndDeliversEverythingAfterARestart() throws Exception {
        Map<String, Object> offline = baseProperties("tcp://127.0.0.1:1", dir);
        offline.put("connect.auto", false);
        MqttCloudEndpoint first = endpoint(offline);
        List<CompletableFuture<String>> stages = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            CompletableFuture<String> stage = first.publishDurably(message("aios/v1/t/gw/data/d", Map.of(
                    MqttCloudEndpoint.MESSAGE_PRIORITY, i % 2 == 0 ? 3 : 7), "n", i)).toCompletableFuture();
            stages.add(stage);
        }
        for (CompletableFuture<String> stage : stages) {
            ids.add(stage.get(20, TimeUnit.SECONDS)); // on disk although no broker was ever reached
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(300);
        assertThatThrownBy(() -> first.publishDurably(message("aios/v1/t/gw/data/d", Map.of(
                MqttCloudEndpoint.MESSAGE_QOS, 0)))).hasMessageContaining("QoS 1 or 2");
        assertThatThrownBy(() -> first.publishDurably(new KuraMessage(new KuraPayload(), Map.of())))
                .hasMessageContaining("'" + MqttCloudEndpoint.MESSAGE_TOPIC + "'");
        assertThatThrownBy(() -> first.publishDurably(message("aios/v1/+/bad", Map.of())))
                .hasMessageContaining("topic");
        first.deactivate();
        endpoints.remove(first);

        MoquetteBroker broker = track(new MoquetteBroker().start());
        TestClient consumer = track(new TestClient(broker.url(), "consumer", true, 1, "aios/v1/t/gw/data/#"));
        MqttCloudEndpoint second = endpoint(baseProperties(broker.url(), dir));
        Await.until("300 delivered after the restart", WAIT, () -> consumer.received().size() >= 300);
        List<String> delivered = new ArrayList<>();
        for (TestClient.Received r : consumer.received()) {
            delivered.add(Envelope.decode(r.payload()).id());
        }
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(second.isConnected()).isTrue();
    }
}
