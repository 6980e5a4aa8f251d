package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.osgi.service.cm.ConfigurationAdmin;

import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.testsupport.Mosquitto;

/**
 * The no-loss promise against a real broker process that goes away twice in the middle of a stream: 10,000 QoS 1
 * messages in three priorities, Mosquitto stopped (connections dropped) and restarted twice while the gateway
 * keeps publishing. The consumer (a persistent session) must see every id, and within each priority the ids in
 * publish order once duplicates are dropped; every message is confirmed exactly once.
 */
class BrokerRestartTest {

    private static final int MESSAGES = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static String missing(Set<Integer> seen) {
        StringBuilder out = new StringBuilder();
        int start = -1;
        for (int n = 0; n <= MESSAGES; n++) {
            boolean gap = n < MESSAGES && !seen.contains(n);
            if (gap && start < 0) {
                start = n;
            } else if (!gap && start >= 0) {
                out.append(start).append("..").append(n - 1).append(' ');
                start = -1;
            }
        }
        return out.toString();
    }

    @Test
    void tenThousandMessagesThroughTwoBrokerRestarts() throws Exception {
        Mosquitto broker = Mosquitto.in(dir.resolve("broker")).build().start();
        closeables.add(broker);
        // first occurrence order of each priority's sequence numbers, and the duplicates
        Map<Integer, List<Integer>> firstSeen = new ConcurrentHashMap<>();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        TestClient consumer = new TestClient(broker.url(), "consumer-10k", false, 1, "load/#").onMessage(r -> {
            KuraPayload p = Envelope.decode(r.payload()).toKuraPayload();
            int n = (Integer) p.getMetric("n");
            int priority = (Integer) p.getMetric("priority");
            if (seen.add(n)) {
                firstSeen.computeIfAbsent(priority, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(n);
            } else {
                duplicates.incrementAndGet();
            }
        });
        closeables.add(consumer);

        Map<String, Object> p = MqttCloudEndpointTest.baseProperties(broker.url(), dir.resolve("outbox"));
        p.put("client.id", "gw-10k");
        p.put("outbox.capacity", 2 * MESSAGES);
        p.put("reconnect.min.delay.ms", 100L);
        p.put("reconnect.max.delay.ms", 1000L);
        MqttCloudEndpoint endpoint = new MqttCloudEndpoint(Configs.of(MqttCloudEndpoint.Config.class, p), p, null,
                Mockito.mock(ConfigurationAdmin.class), null);
        closeables.add(endpoint::deactivate);
        Map<String, Integer> confirmations = new ConcurrentHashMap<>();
        endpoint.registerCloudDeliveryListener(id -> confirmations.merge(id, 1, Integer::sum));
        Await.until("connected", WAIT, endpoint::isConnected);

        AtomicInteger published = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread publisher = new Thread(() -> {
            try {
                for (int n = 0; n < MESSAGES; n++) {
                    int priority = 2 + n % 3;
                    KuraPayload payload = new KuraPayload();
                    payload.addMetric("n", n);
                    payload.addMetric("priority", priority);
                    ids.add(endpoint.publish(new KuraMessage(payload, Map.of(MqttCloudEndpoint.MESSAGE_TOPIC,
                            "load/p" + priority, MqttCloudEndpoint.MESSAGE_PRIORITY, priority))));
                    published.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-publisher");
        publisher.start();

        for (int threshold : new int[] {2_500, 6_000}) {
            Await.until("published " + threshold, WAIT, () -> published.get() >= threshold || failure.get() != null);
            Await.until("some delivered before the outage", WAIT, () -> seen.size() > threshold / 4);
            broker.stop();
            Await.until("the gateway noticed", WAIT, () -> !endpoint.isConnected());
            int storedWhileDown = published.get();
            Await.until("publishing goes on while the broker is away", WAIT,
                    () -> published.get() > storedWhileDown + 200 || published.get() == MESSAGES);
            broker.start();
            Await.until("reconnected", WAIT, endpoint::isConnected);
        }
        publisher.join(WAIT.toMillis());
        assertThat(failure.get()).isNull();
        assertThat(published.get()).isEqualTo(MESSAGES);

        Await.until(() -> "all " + MESSAGES + " distinct ids at the consumer, got " + seen.size() + "; consumer connected "
                + consumer.isConnected() + "; missing " + missing(seen) + "; gateway " + endpoint.statusMetrics()
                + "\nbroker log:\n" + broker.log(), Duration.ofSeconds(120),
                () -> seen.size() == MESSAGES);
        for (Map.Entry<Integer, List<Integer>> e : firstSeen.entrySet()) {
            List<Integer> order = new ArrayList<>(e.getValue());
            List<Integer> sorted = new ArrayList<>(order);
            java.util.Collections.sort(sorted);
            assertThat(order).as("priority %d in publish order", e.getKey()).isEqualTo(sorted);
        }
        assertThat(firstSeen.keySet()).containsExactlyInAnyOrder(2, 3, 4);
        Await.until("every message confirmed", WAIT, () -> confirmations.size() == MESSAGES);
        assertThat(confirmations.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(confirmations.values()).allMatch(count -> count == 1);
        assertThat(endpoint.outbox().size()).isZero();
        System.out.printf("broker restarts: %d messages, %d duplicates at the consumer%n", MESSAGES, duplicates.get());
    }
}
