package io.aiosedge.cloudsync.mqtt.internal.endpoint;

import java.util.Map;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;

/**
 * The {@link CloudNotificationPublisher} an endpoint hands to its request handlers: a message goes to
 * {@code aios/v1/<tenant>/<gateway-id>/notifications/<handler>} (the message property {@code handler}, default
 * {@code general}) at QoS 1, priority 3, not retained; its listeners are the endpoint's.
 */
public final class NotificationPublisher implements CloudNotificationPublisher {

    /** The topic template; {@code #{handler}} comes from the message's properties. */
    public static final String TOPIC = "aios/v1/#{tenant}/#{client-id}/notifications/";

    /** The endpoint's publish path for a topic template (never retained, no publisher of origin). */
    @FunctionalInterface
    public interface Send {
        String publish(String topicTemplate, KuraMessage message, int qos, int priority) throws KuraException;
    }

    private final Send send;
    private final ListenerFanOut listeners;

    public NotificationPublisher(Send send, ListenerFanOut listeners) {
        this.send = send;
        this.listeners = listeners;
    }

    @Override
    public String publish(KuraMessage message) throws KuraException {
        Map<String, Object> properties = message.getProperties();
        Object handler = properties.getOrDefault("handler", "general");
        return send.publish(TOPIC + handler, message, 1, 3);
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        listeners.addConnectionListener(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        listeners.removeConnectionListener(listener);
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        listeners.addDeliveryListener(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        listeners.removeDeliveryListener(listener);
    }
}
