package io.aiosedge.cloud.worker.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;

/**
 * A cloud endpoint that records what is published and confirms each message before {@code publish} returns
 * (the earliest a real broker could); subscribers are kept so tests can deliver messages.
 */
class FakeEndpoint implements CloudEndpoint, CloudConnectionManager {

    final List<KuraMessage> published = new CopyOnWriteArrayList<>();
    final Map<CloudSubscriberListener, Map<String, Object>> subscribers = new ConcurrentHashMap<>();
    final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    final List<CloudDeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String clientId;
    volatile boolean connected = true;

    FakeEndpoint(String clientId) {
        this.clientId = clientId;
    }

    @Override
    public String publish(KuraMessage message) throws KuraException {
        published.add(message);
        String id = "m" + ids.incrementAndGet();
        deliveryListeners.forEach(l -> l.onMessageConfirmed(id));
        return id;
    }

    /** The state metric of every message published so far, in order. */
    List<String> states() {
        return published.stream().map(m -> String.valueOf(m.getPayload().getMetric("state"))).toList();
    }

    KuraMessage last() {
        return published.get(published.size() - 1);
    }

    void deliver(String topic, org.eclipse.kura.message.KuraPayload payload) {
        KuraMessage message = new KuraMessage(payload, Map.of("topic", topic));
        subscribers.keySet().forEach(l -> l.onMessageArrived(message));
    }

    @Override
    public void registerSubscriber(Map<String, Object> properties, CloudSubscriberListener listener) {
        subscribers.put(listener, properties);
    }

    @Override
    public void unregisterSubscriber(CloudSubscriberListener listener) {
        subscribers.remove(listener);
    }

    @Override
    public Map<String, String> getInfo() {
        return Map.of("client-id", clientId, "tenant", "t1");
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.remove(listener);
    }

    @Override
    public void connect() {
        connected = true;
        connectionListeners.forEach(CloudConnectionListener::onConnectionEstablished);
    }

    @Override
    public void disconnect() {
        connected = false;
        connectionListeners.forEach(CloudConnectionListener::onDisconnected);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }
}
