package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.cloudsync.mqtt.internal.ConnectionOptions.TlsOptions;
import io.aiosedge.cloudsync.mqtt.internal.link.LinkEstimator;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/** The Paho link against an in-process Moquette broker. */
class MqttLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> confirmed = new CopyOnWriteArrayList<>();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    static ConnectionOptions options(String url, String clientId, int window, String statusTopic) {
        return new ConnectionOptions(url, clientId, "", "", new TlsOptions("", "", "", "", true), 30, 5, false, 50, 400,
                window, statusTopic);
    }

    private MqttLink link(DurableOutbox outbox, ConnectionOptions options) {
        return track(new MqttLink("test", options, outbox, new LinkEstimator(),
                state -> state.getBytes(StandardCharsets.UTF_8), new MqttLink.Events() {
                    @Override
                    public void connectionEstablished() {
                        established.incrementAndGet();
                    }

                    @Override
                    public void connectionLost(Throwable cause) {
                        lost.incrementAndGet();
                    }

                    @Override
                    public void disconnected() {
                    }

                    @Override
                    public void confirmed(List<DurableOutbox.Meta> removed) {
                        removed.forEach(m -> confirmed.add(m.id()));
                    }

                    @Override
                    public void expired(List<DurableOutbox.Meta> removed) {
                    }
                }));
    }

    private static DurableOutbox.Entry put(DurableOutbox outbox, int priority, String topic, String text)
            throws KuraStoreException {
        return outbox.append(new DurableOutbox.Draft(priority, 1, false, topic, "", 0), System.currentTimeMillis(),
                seq -> text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deliversTheOutboxInOrderAndConfirmsEachMessageOnce() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        TestClient consumer = track(new TestClient(broker.url(), "consumer", true, 1, "data/#"));
        DurableOutbox outbox = track(DurableOutbox.open(dir, 10_000, 0));
        MqttLink link = link(outbox, options(broker.url(), "gw-1", 9, null));
        link.start();
        Await.until("connected", WAIT, link::isConnected);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(put(outbox, 4, "data/x", "m" + i).id());
            link.signal();
        }
        Await.until(() -> "500 received, got " + consumer.received().size(), WAIT, () -> consumer.received().size() >= 500);
        Await.until("all confirmed", WAIT, () -> confirmed.size() >= 500);
        assertThat(consumer.received()).extracting(TestClient.Received::text)
                .containsExactlyElementsOf(ids.stream().map(id -> "m" + ids.indexOf(id)).toList());
        assertThat(confirmed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(outbox.size()).isZero();
        assertThat(link.status().inFlight()).isZero();
    }

    @Test
    void sendsWhatWasStoredOfflineByPriorityOnceConnected() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker());
        DurableOutbox outbox = track(DurableOutbox.open(dir, 10_000, 0));
        put(outbox, 7, "data/x", "low-1");
        put(outbox, 2, "data/x", "high-1");
        put(outbox, 7, "data/x", "low-2");
        put(outbox, 0, "data/x", "top");
        put(outbox, 2, "data/x", "high-2");
        MqttLink link = link(outbox, options(broker.url(), "gw-2", 1, null));
        link.start();
        Await.until("a failed attempt", WAIT, () -> link.status().failures() >= 1);
        assertThat(link.status().lastError()).contains("cannot connect to the broker");
        assertThat(link.isConnected()).isFalse();

        // Pause the retries so that the consumer is subscribed before the gateway comes back (the broker keeps
        // nothing for subscribers that are not there yet); automatic reconnection is covered elsewhere.
        link.disconnect();
        broker.start();
        TestClient consumer = track(new TestClient(broker.url(), "consumer", true, 1, "data/#"));
        link.start();
        Await.until(() -> "5 received, got " + consumer.received().size(), WAIT, () -> consumer.received().size() >= 5);
        assertThat(consumer.received()).extracting(TestClient.Received::text)
                .containsExactly("top", "high-1", "high-2", "low-1", "low-2");
    }

    @Test
    void reconnectsWithBackoffAndRestoresSubscriptions() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        DurableOutbox outbox = track(DurableOutbox.open(dir, 10_000, 0));
        MqttLink link = link(outbox, options(broker.url(), "gw-3", 9, null));
        List<String> inbound = new CopyOnWriteArrayList<>();
        link.subscribe("cmd/+", 1, (topic, payload, qos, retained) -> inbound.add(topic));
        link.start();
        Await.until("connected", WAIT, link::isConnected);
        try (TestClient sender = new TestClient(broker.url(), "sender", true, 1)) {
            sender.publish("cmd/a", new byte[] {1}, 1, false);
            Await.until("first command", WAIT, () -> inbound.contains("cmd/a"));
        }

        long attemptsBefore = link.status().connectAttempts();
        long stopped = System.nanoTime();
        broker.stop();
        Await.until("loss noticed", WAIT, () -> lost.get() == 1 && !link.isConnected());
        Await.until("several failed attempts", WAIT, () -> link.status().failures() >= 3);
        long outageMillis = (System.nanoTime() - stopped) / 1_000_000;
        long attempts = link.status().connectAttempts() - attemptsBefore;
        broker.start();
        Await.until("reconnected", WAIT, link::isConnected);
        assertThat(established.get()).isEqualTo(2);
        // backoff: never more often than the smallest jittered delay (min 50 ms / 2) allows
        assertThat(attempts).isBetween(3L, outageMillis / 25 + 2);

        try (TestClient sender = new TestClient(broker.url(), "sender2", true, 1)) {
            sender.publish("cmd/b", new byte[] {2}, 1, false);
            Await.until("command after reconnect", WAIT, () -> inbound.contains("cmd/b"));
        }
    }

    @Test
    void aHandlerThatThrowsDoesNotBreakTheConnection() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        DurableOutbox outbox = track(DurableOutbox.open(dir, 10_000, 0));
        MqttLink link = link(outbox, options(broker.url(), "gw-4", 9, null));
        List<String> good = new CopyOnWriteArrayList<>();
        link.subscribe("in/#", 1, (topic, payload, qos, retained) -> {
            throw new IllegalStateException("handler bug");
        });
        link.subscribe("in/#", 1, (topic, payload, qos, retained) -> good.add(topic));
        link.start();
        Await.until("connected", WAIT, link::isConnected);
        try (TestClient sender = new TestClient(broker.url(), "sender", true, 1)) {
            sender.publish("in/1", new byte[0], 1, false);
            sender.publish("in/2", new byte[0], 1, false);
            Await.until("both delivered to the good handler", WAIT, () -> good.size() == 2);
        }
        assertThat(lost.get()).isZero();
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void connectReportsTheReasonWhenTheBrokerIsUnreachable() throws Exception {
        DurableOutbox outbox = track(DurableOutbox.open(dir, 10_000, 0));
        MqttLink link = link(outbox, options("tcp://127.0.0.1:" + MoquetteBroker.freePort(), "gw-5", 9, null));
        assertThatThrownBy(link::connect).isInstanceOf(KuraConnectException.class)
                .hasMessageContaining("cannot connect to the broker");
    }

    @Test
    void statusMessagesBirthAndDisconnect() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        TestClient watcher = track(new TestClient(broker.url(), "watcher", true, 1, "status/#"));
        DurableOutbox outbox = track(DurableOutbox.open(dir, 10_000, 0));
        MqttLink link = link(outbox, options(broker.url(), "gw-6", 9, "status/gw-6"));
        link.start();
        Await.until("birth", WAIT, () -> watcher.received().stream().anyMatch(r -> r.text().equals("ONLINE")));
        link.disconnect();
        Await.until("disconnect message", WAIT,
                () -> watcher.received().stream().anyMatch(r -> r.text().equals("OFFLINE")));
        assertThat(link.isConnected()).isFalse();
        link.connect();
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void closeReleasesEveryThread() throws Exception {
        MoquetteBroker broker = track(new MoquetteBroker().start());
        DurableOutbox outbox = track(DurableOutbox.open(dir, 10_000, 0));
        MqttLink link = new MqttLink("closing", options(broker.url(), "gw-closing", 9, null), outbox,
                new LinkEstimator(), s -> new byte[0], new MqttLink.Events() {
                    @Override
                    public void connectionEstablished() {
                    }

                    @Override
                    public void connectionLost(Throwable cause) {
                    }

                    @Override
                    public void disconnected() {
                    }

                    @Override
                    public void confirmed(List<DurableOutbox.Meta> removed) {
                    }

                    @Override
                    public void expired(List<DurableOutbox.Meta> removed) {
                    }
                });
        link.start();
        Await.until("connected", WAIT, link::isConnected);
        assertThat(Await.threadsNamed("aios-cloudsync-closing")).isNotEmpty();
        link.close();
        Await.until(() -> "threads gone: " + Await.threadsNamed("aios-cloudsync-closing", "MQTT Rec: gw-closing",
                "MQTT Snd: gw-closing", "MQTT Call: gw-closing", "MQTT Ping: gw-closing"), WAIT,
                () -> Await.threadsNamed("aios-cloudsync-closing", "MQTT Rec: gw-closing", "MQTT Snd: gw-closing",
                        "MQTT Call: gw-closing", "MQTT Ping: gw-closing").isEmpty());
    }
}
