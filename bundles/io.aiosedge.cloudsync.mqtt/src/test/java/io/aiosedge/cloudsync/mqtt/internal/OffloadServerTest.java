package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.cloudsync.mqtt.internal.wire.OffloadWire;

/** The serving side of offload RPC without a broker: what it runs, how often, and what it answers. */
class OffloadServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "aios/v1/t/offload/echo";
    private static final String REPLY = "aios/v1/t/gw-a/replies";

    private record Sent(String topic, byte[] payload) {
        OffloadReply reply() {
            return OffloadWire.decodeReply(payload);
        }
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private OffloadServer server;

    private OffloadServer server(int workers, int queue) {
        Map<String, Object> p = MqttCloudEndpointTest.baseProperties("tcp://localhost:1883", Path.of("unused"));
        p.put("offload.workers", workers);
        p.put("offload.queue.capacity", queue);
        p.put("client.id", "worker-1");
        EndpointOptions o = EndpointOptions.from(Configs.of(MqttCloudEndpoint.Config.class, p), p, null, null);
        server = new OffloadServer("aios-cloudsync-test", () -> o, (topic, payloadForId, qos, priority, expires) -> {
            sent.add(new Sent(topic, payloadForId.apply("id-" + sent.size())));
            return "id";
        }, now::get);
        return server;
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private byte[] request(String task, long deadline, String replyTopic) {
        return OffloadWire.request("m-" + task, new OffloadRequest(task, "echo", deadline, Map.of(), new byte[] {7}),
                replyTopic, "gw-a", now.get()).encode();
    }

    @Test
    void runsOnAWorkerThreadAndRepliesToTheReplyTopic() {
        OffloadServer s = server(2, 4);
        List<String> threads = new CopyOnWriteArrayList<>();
        s.addHandler("echo", r -> {
            threads.add(Thread.currentThread().getName());
            return new OffloadReply(r.taskId(), OffloadReply.Status.OK, "worker-1", 0, Map.of(), r.payload());
        });
        s.onRequest(TOPIC, request("a", now.get() + 1000, REPLY));
        Await.until("a reply", WAIT, () -> sent.size() == 1);
        assertThat(sent.get(0).topic()).isEqualTo(REPLY);
        OffloadReply reply = sent.get(0).reply();
        assertThat(reply.status()).isEqualTo(OffloadReply.Status.OK);
        assertThat(reply.payload()).containsExactly(7);
        assertThat(threads).singleElement().asString().startsWith("aios-cloudsync-test-offload-");
    }

    @Test
    void aRedeliveredRequestRunsOnceAndGetsTheCachedReplyOrNothing() throws Exception {
        OffloadServer s = server(1, 4);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        s.addHandler("echo", r -> {
            runs.incrementAndGet();
            release.await(5, TimeUnit.SECONDS);
            return new OffloadReply(r.taskId(), OffloadReply.Status.OK, "worker-1", 3, Map.of(), new byte[0]);
        });
        byte[] req = request("dup", now.get() + 10_000, REPLY);
        s.onRequest(TOPIC, req);
        Await.until("running", WAIT, () -> runs.get() == 1);
        s.onRequest(TOPIC, req); // while running: dropped
        assertThat(sent).isEmpty();
        release.countDown();
        Await.until("first reply", WAIT, () -> sent.size() == 1);
        s.onRequest(TOPIC, req); // after: the cached reply again
        Await.until("cached reply", WAIT, () -> sent.size() == 2);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(sent.get(1).reply().taskId()).isEqualTo("dup");
        assertThat(sent.get(1).reply().computeMillis()).isEqualTo(3.0);
        assertThat(s.counters()[1]).isEqualTo(2); // duplicates
    }

    @Test
    void anExpiredRequestIsAnsweredExpiredWithoutRunning() {
        OffloadServer s = server(1, 4);
        AtomicInteger runs = new AtomicInteger();
        s.addHandler("echo", r -> {
            runs.incrementAndGet();
            return new OffloadReply(r.taskId(), OffloadReply.Status.OK, "w", 0, Map.of(), new byte[0]);
        });
        s.onRequest(TOPIC, request("late", now.get() - 1, REPLY));
        Await.until("a reply", WAIT, () -> sent.size() == 1);
        assertThat(sent.get(0).reply().status()).isEqualTo(OffloadReply.Status.EXPIRED);
        assertThat(runs.get()).isZero();
    }

    @Test
    void aFullPoolAnswersRejectedAndAFailingHandlerAnswersError() throws Exception {
        OffloadServer s = server(1, 0);
        CountDownLatch release = new CountDownLatch(1);
        s.addHandler("echo", r -> {
            if (r.taskId().equals("boom")) {
                throw new IllegalStateException("model missing");
            }
            release.await(5, TimeUnit.SECONDS);
            return new OffloadReply(r.taskId(), OffloadReply.Status.OK, "w", 0, Map.of(), new byte[0]);
        });
        s.onRequest(TOPIC, request("busy", now.get() + 10_000, REPLY));
        s.onRequest(TOPIC, request("second", now.get() + 10_000, REPLY));
        Await.until("rejection", WAIT, () -> sent.size() == 1);
        assertThat(sent.get(0).reply().taskId()).isEqualTo("second");
        assertThat(sent.get(0).reply().status()).isEqualTo(OffloadReply.Status.REJECTED);
        assertThat(sent.get(0).reply().metadata().get("error")).contains("overloaded");
        release.countDown();
        Await.until("busy done", WAIT, () -> sent.size() == 2);
        s.onRequest(TOPIC, request("boom", now.get() + 10_000, REPLY));
        Await.until("error reply", WAIT, () -> sent.size() == 3);
        assertThat(sent.get(2).reply().status()).isEqualTo(OffloadReply.Status.ERROR);
        assertThat(sent.get(2).reply().metadata().get("error")).isEqualTo("model missing");
        // the rejected task was forgotten: a retry runs
        s.onRequest(TOPIC, request("second", now.get() + 10_000, REPLY));
        Await.until("retry answered", WAIT, () -> sent.size() == 4);
        assertThat(sent.get(3).reply().status()).isEqualTo(OffloadReply.Status.OK);
    }

    @Test
    void repliesOutsideTheTenantAndMalformedRequestsAreDropped() {
        OffloadServer s = server(1, 4);
        AtomicInteger runs = new AtomicInteger();
        s.addHandler("echo", r -> {
            runs.incrementAndGet();
            return new OffloadReply(r.taskId(), OffloadReply.Status.OK, "w", 0, Map.of(), new byte[0]);
        });
        s.onRequest(TOPIC, request("x", now.get() + 1000, "elsewhere/replies"));
        s.onRequest(TOPIC, new byte[] {1, 2, 3});
        s.onRequest(TOPIC, request("y", now.get() + 1000, REPLY));
        Await.until("the valid one answered", WAIT, () -> sent.size() == 1);
        assertThat(sent.get(0).reply().taskId()).isEqualTo("y");
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void dedupForgetsAfterTheWindow() {
        OffloadServer s = server(1, 4);
        AtomicInteger runs = new AtomicInteger();
        s.addHandler("echo", r -> {
            runs.incrementAndGet();
            return new OffloadReply(r.taskId(), OffloadReply.Status.OK, "w", 0, Map.of(), new byte[0]);
        });
        byte[] req = request("again", now.get() + 10_000_000, REPLY);
        s.onRequest(TOPIC, req);
        Await.until("first", WAIT, () -> sent.size() == 1);
        now.addAndGet(601_000); // beyond the default 600 s window
        s.onRequest(TOPIC, req);
        Await.until("second run", WAIT, () -> runs.get() == 2);
    }
}
