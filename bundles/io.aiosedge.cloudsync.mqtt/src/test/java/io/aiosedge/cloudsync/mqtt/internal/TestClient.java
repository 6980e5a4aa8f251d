package io.aiosedge.cloudsync.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The far side in tests: a plain Paho client that records what it receives and subscribes again after each
 * (automatic) reconnect.
 */
final class TestClient implements AutoCloseable {

    record Received(String topic, byte[] payload, int qos, boolean retained) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<java.util.function.Consumer<Received>> hooks = new CopyOnWriteArrayList<>();
    private final List<String> filters = new CopyOnWriteArrayList<>();
    private final int qos;

    TestClient(String url, String clientId, boolean cleanSession, int qos, String... filters) throws MqttException {
        this(url, clientId, cleanSession, qos, null, filters);
    }

    TestClient(String url, String clientId, boolean cleanSession, int qos, MqttConnectOptions extra, String... filters)
            throws MqttException {
        this.qos = qos;
        this.filters.addAll(List.of(filters));
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    // not on Paho's callback thread, which must not block on a subscribe
                    Thread t = new Thread(TestClient.this::subscribeAll, "test-client-resubscribe");
                    t.setDaemon(true);
                    t.start();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Received r = new Received(topic, message.getPayload(), message.getQos(), message.isRetained());
                received.add(r);
                hooks.forEach(h -> h.accept(r));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = extra == null ? new MqttConnectOptions() : extra;
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        options.setMaxInflight(1000);
        client.connect(options);
        subscribeOrFail();
    }

    /**
     * Subscribes before the constructor returns, so that a test may publish right after it: a broker may drop a
     * fresh connection under load (Moquette: "SUBSCRIBE received on already closed connection"); the client then
     * reconnects by itself and the subscription is tried again, for at most 20 s.
     */
    private void subscribeOrFail() throws MqttException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        for (String filter : filters) {
            while (true) {
                try {
                    client.subscribe(filter, qos);
                    break;
                } catch (MqttException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    private void subscribeAll() {
        for (String filter : filters) {
            try {
                client.subscribe(filter, qos);
            } catch (MqttException e) {
                // reconnecting: the next connectComplete subscribes again
            }
        }
    }

    void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload, qos, retained);
    }

    List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** Also hands every message to {@code hook} as it arrives (on Paho's thread). */
    TestClient onMessage(java.util.function.Consumer<Received> hook) {
        hooks.add(hook);
        return this;
    }

    void clear() {
        received.clear();
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(500);
            }
        } catch (MqttException e) {
            // The broker may drop the connection between isConnected() and disconnect() (Mosquitto does so after a
            // denied publish): already disconnected is what close wants.
            if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_ALREADY_DISCONNECTED
                    && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_DISCONNECTING
                    && e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                throw e;
            }
        } finally {
            client.close(true);
        }
    }
}
