package io.aiosedge.federated.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A minimal CloudEndpoint over one Paho client, for tests against a real broker: the message body is the MQTT
 * payload (the federated messages are body-only), templates {@code #{tenant}} and {@code #{client-id}} resolved as
 * cloud-sync resolves them. Not cloud-sync: no outbox, no envelope, no reconnects.
 */
final class PahoEndpoint implements CloudEndpoint, AutoCloseable {

    final MqttClient client;
    final String clientId;
    private final Map<CloudSubscriberListener, String> filters = new ConcurrentHashMap<>();

    PahoEndpoint(String url, String clientId) throws MqttException {
        this.clientId = clientId;
        this.client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        client.connect(options);
    }

    private String resolve(String template) {
        return template.replace("#{tenant}", "t1").replace("#{client-id}", clientId);
    }

    @Override
    public String publish(KuraMessage message) throws KuraException {
        String topic = resolve(message.getProperties().get("topic").toString());
        Object qos = message.getProperties().getOrDefault("qos", 1);
        try {
            client.publish(topic, message.getPayload().getBody(), ((Number) qos).intValue(),
                    Boolean.TRUE.equals(message.getProperties().get("retain")));
        } catch (MqttException e) {
            throw new KuraException(KuraErrorCode.CONNECTION_FAILED, e.getMessage());
        }
        return topic;
    }

    @Override
    public void registerSubscriber(Map<String, Object> properties, CloudSubscriberListener listener) {
        String filter = resolve(properties.get("topic.filter").toString());
        filters.put(listener, filter);
        try {
            client.subscribe(filter, 1, (topic, m) -> {
                KuraPayload payload = new KuraPayload();
                payload.setBody(m.getPayload());
                listener.onMessageArrived(new KuraMessage(payload, Map.of("topic", topic)));
            });
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unregisterSubscriber(CloudSubscriberListener listener) {
        String filter = filters.remove(listener);
        if (filter != null && client.isConnected()) {
            try {
                client.unsubscribe(filter);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
    }

    /** Drops the connection without a DISCONNECT, as a killed process would. */
    void kill() throws MqttException {
        client.disconnectForcibly(0, 0, false);
        client.close(true);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
