package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.osgi.service.cm.ConfigurationAdmin;

import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.testsupport.Mosquitto;

/**
 * Offload RPC end to end on Mosquitto (which supports MQTT shared subscriptions): a gateway's requests are served
 * by two workers sharing {@code $share/<group>/...}, each task exactly once; a request whose deadline passes while
 * it waits for a worker is answered EXPIRED without running.
 */
class SharedOffloadTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Mosquitto broker;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private MqttCloudEndpoint endpoint(String clientId, boolean serve, int workers) throws Exception {
        Map<String, Object> p = MqttCloudEndpointTest.baseProperties(broker.url(), dir.resolve(clientId));
        p.put("kura.service.pid", "ep-" + clientId);
        p.put("client.id", clientId);
        p.put("offload.serve.enabled", serve);
        p.put("offload.share.group", "g");
        p.put("offload.workers", workers);
        MqttCloudEndpoint e = new MqttCloudEndpoint(Configs.of(MqttCloudEndpoint.Config.class, p), p, null,
                Mockito.mock(ConfigurationAdmin.class), null);
        closeables.add(e::deactivate);
        Await.until(clientId + " connected", WAIT, e::isConnected);
        return e;
    }

    private static byte[] sum(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        long total = 0;
        while (in.remaining() >= 4) {
            total += in.getInt();
        }
        return ByteBuffer.allocate(8).putLong(total).array();
    }

    @Test
    void twoWorkersShareTheRequestsAndRunEachTaskOnce() throws Exception {
        broker = Mosquitto.in(dir.resolve("broker")).build().start();
        closeables.add(broker);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perWorker = new ConcurrentHashMap<>();
        for (String worker : List.of("w1", "w2")) {
            MqttCloudEndpoint w = endpoint(worker, true, 2);
            OffloadHandler handler = request -> {
                runs.computeIfAbsent(request.taskId(), k -> new AtomicInteger()).incrementAndGet();
                perWorker.computeIfAbsent(worker, k -> new AtomicInteger()).incrementAndGet();
                return new OffloadReply(request.taskId(), OffloadReply.Status.OK, worker, 0, Map.of("by", worker),
                        sum(request.payload()));
            };
            w.addOffloadHandler(handler, Map.of(OffloadHandler.CAPABILITY_PROPERTY, "sum"));
        }
        MqttCloudEndpoint gateway = endpoint("gw-a", false, 1);
        // subscriptions are made asynchronously: the first request may need a retry
        Await.until("a worker answers", WAIT, () -> {
            try {
                return gateway.request(new OffloadRequest("probe-" + System.nanoTime(), "sum",
                        System.currentTimeMillis() + 5000, Map.of(), new byte[0]), Duration.ofSeconds(2))
                        .toCompletableFuture().get().status() == OffloadReply.Status.OK;
            } catch (Exception e) {
                return false;
            }
        });
        runs.clear();
        perWorker.clear();

        List<CompletableFuture<OffloadReply>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] payload = ByteBuffer.allocate(8).putInt(i).putInt(1000).array();
            replies.add(gateway.request(new OffloadRequest("task-" + i, "sum", System.currentTimeMillis() + 10_000,
                    Map.of(), payload), Duration.ofSeconds(10)).toCompletableFuture());
        }
        for (int i = 0; i < 20; i++) {
            OffloadReply reply = replies.get(i).get(15, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(OffloadReply.Status.OK);
            assertThat(ByteBuffer.wrap(reply.payload()).getLong()).isEqualTo(i + 1000L);
            assertThat(reply.nodeId()).isIn("w1", "w2");
        }
        assertThat(runs).hasSize(20);
        assertThat(runs.values()).allMatch(count -> count.get() == 1);
        assertThat(perWorker.keySet()).as("both workers got a share").containsExactlyInAnyOrder("w1", "w2");
    }

    @Test
    void aRequestThatExpiresWhileQueuedIsAnsweredExpired() throws Exception {
        broker = Mosquitto.in(dir.resolve("broker")).build().start();
        closeables.add(broker);
        MqttCloudEndpoint worker = endpoint("w-slow", true, 1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        worker.addOffloadHandler(request -> {
            runs.incrementAndGet();
            if (request.taskId().equals("slow")) {
                release.await(20, TimeUnit.SECONDS);
            }
            return new OffloadReply(request.taskId(), OffloadReply.Status.OK, "w-slow", 0, Map.of(), new byte[0]);
        }, Map.of(OffloadHandler.CAPABILITY_PROPERTY, "work"));
        MqttCloudEndpoint gateway = endpoint("gw-b", false, 1);
        Await.until("the worker's subscription", WAIT, () -> {
            try {
                return gateway.request(new OffloadRequest("probe-" + System.nanoTime(), "work",
                        System.currentTimeMillis() + 5000, Map.of(), new byte[0]), Duration.ofSeconds(2))
                        .toCompletableFuture().get().status() == OffloadReply.Status.OK;
            } catch (Exception e) {
                return false;
            }
        });
        int before = runs.get();
        CompletableFuture<OffloadReply> slow = gateway.request(new OffloadRequest("slow", "work",
                System.currentTimeMillis() + 20_000, Map.of(), new byte[0]), Duration.ofSeconds(25)).toCompletableFuture();
        Await.until("the slow task runs", WAIT, () -> runs.get() == before + 1);
        long deadline = System.currentTimeMillis() + 500;
        CompletableFuture<OffloadReply> quick = gateway.request(new OffloadRequest("quick", "work", deadline, Map.of(),
                new byte[0]), Duration.ofSeconds(10)).toCompletableFuture();
        Await.until("the quick task's deadline passed", WAIT, () -> System.currentTimeMillis() > deadline + 100);
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).status()).isEqualTo(OffloadReply.Status.OK);
        OffloadReply expired = quick.get(10, TimeUnit.SECONDS);
        assertThat(expired.status()).isEqualTo(OffloadReply.Status.EXPIRED);
        assertThat(expired.metadata().get("error")).contains("deadline");
        assertThat(runs.get()).isEqualTo(before + 1);
    }
}
