package io.aiosedge.federated.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.message.KuraPayload;

/**
 * An in-memory broker with one endpoint per client: topic templates resolved as cloud-sync does ({@code #{tenant}},
 * {@code #{client-id}}), MQTT filters matched, the last retained message per topic delivered to new subscribers.
 */
final class LoopbackEndpoint implements CloudEndpoint {

    /** The shared broker. */
    static final class Hub {
        final List<LoopbackEndpoint> clients = new CopyOnWriteArrayList<>();
        final Map<String, KuraPayload> retained = new ConcurrentHashMap<>();
        final List<KuraMessage> published = new CopyOnWriteArrayList<>();

        LoopbackEndpoint client(String id) {
            LoopbackEndpoint e = new LoopbackEndpoint(this, id);
            clients.add(e);
            return e;
        }
    }

    final Hub hub;
    final String clientId;
    final Map<CloudSubscriberListener, String> subscriptions = new ConcurrentHashMap<>();
    volatile boolean dropOutgoing;

    private LoopbackEndpoint(Hub hub, String clientId) {
        this.hub = hub;
        this.clientId = clientId;
    }

    String resolve(String template) {
        return template.replace("#{tenant}", "t1").replace("#{client-id}", clientId);
    }

    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/");
        String[] t = topic.split("/");
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    @Override
    public String publish(KuraMessage message) {
        if (dropOutgoing) {
            return "dropped";
        }
        String topic = resolve(message.getProperties().get("topic").toString());
        KuraMessage resolved = new KuraMessage(message.getPayload(), Map.of("topic", topic));
        hub.published.add(resolved);
        if (Boolean.TRUE.equals(message.getProperties().get("retain"))) {
            hub.retained.put(topic, message.getPayload());
        }
        for (LoopbackEndpoint client : hub.clients) {
            client.subscriptions.forEach((listener, filter) -> {
                if (matches(filter, topic)) {
                    listener.onMessageArrived(resolved);
                }
            });
        }
        return "m" + hub.published.size();
    }

    @Override
    public void registerSubscriber(Map<String, Object> properties, CloudSubscriberListener listener) {
        String filter = resolve(properties.get("topic.filter").toString());
        subscriptions.put(listener, filter);
        hub.retained.forEach((topic, payload) -> {
            if (matches(filter, topic)) {
                listener.onMessageArrived(new KuraMessage(payload, Map.of("topic", topic)));
            }
        });
    }

    @Override
    public void unregisterSubscriber(CloudSubscriberListener listener) {
        subscriptions.remove(listener);
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
    }
}
