package io.aiosedge.learning.cloud.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.message.KuraPayload;

/** A cloud endpoint that records what is published and hands test messages to its subscribers. */
final class RecordingEndpoint implements CloudEndpoint {

    final List<KuraMessage> published = new CopyOnWriteArrayList<>();
    final Map<CloudSubscriberListener, Map<String, Object>> subscribers = new ConcurrentHashMap<>();

    @Override
    public String publish(KuraMessage message) {
        published.add(message);
        return "m" + published.size();
    }

    void deliver(String topic, KuraPayload payload) {
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
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
    }
}
