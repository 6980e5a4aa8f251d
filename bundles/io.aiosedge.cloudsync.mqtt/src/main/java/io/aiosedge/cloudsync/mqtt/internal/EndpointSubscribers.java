package io.aiosedge.cloudsync.mqtt.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.cloudsync.mqtt.internal.SubscriptionTable.Registration;
import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * The endpoint's subscribers: Kura {@link CloudSubscriberListener}s (their filter a template of the subscription
 * properties, their messages unwrapped from the envelope and delivered on the endpoint's events thread, in order)
 * and the {@link OffloadHandler} whiteboard (one handler per capability, subscribed while serving is enabled),
 * each kept as a {@link Registration} of the endpoint's {@link SubscriptionTable}.
 *
 * <p><b>Threads and locks:</b> called by Kura's subscribers and by DS (whiteboard binds) on their threads; the
 * maps are concurrent, and the subscription table takes the endpoint's lifecycle lock itself. Deliveries run on
 * the events thread; Paho's callback thread only hands them off.
 */
final class EndpointSubscribers {

    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudEndpoint.class);

    private final SubscriptionTable subscriptions;
    private final ExecutorService events;
    private final Supplier<EndpointOptions> options;
    private final OffloadServer server;
    private final Map<CloudSubscriberListener, Registration> subscribers = new ConcurrentHashMap<>();
    private final Map<OffloadHandler, Registration> offloadHandlers = new ConcurrentHashMap<>();

    EndpointSubscribers(SubscriptionTable subscriptions, ExecutorService events, Supplier<EndpointOptions> options,
            OffloadServer server) {
        this.subscriptions = subscriptions;
        this.events = events;
        this.options = options;
        this.server = server;
    }

    /**
     * {@link MqttCloudEndpoint#registerSubscriber}: replaces the listener's earlier subscription, if any.
     *
     * @throws IllegalArgumentException naming a missing or bad filter
     */
    void register(Map<String, Object> subscriptionProperties, CloudSubscriberListener listener) {
        Object template = subscriptionProperties.get(MqttCloudEndpoint.SUBSCRIPTION_FILTER);
        if (template == null) {
            throw new IllegalArgumentException("subscription property '" + MqttCloudEndpoint.SUBSCRIPTION_FILTER
                    + "' is required");
        }
        Object rawQos = subscriptionProperties.getOrDefault(MqttCloudEndpoint.SUBSCRIPTION_QOS, 1);
        int qos = rawQos instanceof Number ? ((Number) rawQos).intValue() : Integer.parseInt(rawQos.toString().trim());
        String filterTemplate = template.toString();
        Topics.checkTopicFilter(Topics.resolve(filterTemplate, EndpointSender.topicVariables(options.get()),
                subscriptionProperties), MqttCloudEndpoint.SUBSCRIPTION_FILTER);
        Registration r = new Registration(
                o -> Topics.resolve(filterTemplate, EndpointSender.topicVariables(o), subscriptionProperties), qos,
                (topic, payload, q, retained) -> deliver(listener, topic, payload, q, retained));
        Registration previous = subscribers.put(listener, r);
        if (previous != null) {
            subscriptions.remove(previous);
        }
        subscriptions.add(r);
    }

    private void deliver(CloudSubscriberListener listener, String topic, byte[] payload, int qos, boolean retained) {
        try {
            events.execute(() -> {
                try {
                    Map<String, Object> properties = Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, topic,
                            MqttCloudEndpoint.MESSAGE_QOS, qos, "retained", retained);
                    listener.onMessageArrived(new KuraMessage(Envelope.kuraPayloadOf(payload), properties));
                } catch (RuntimeException e) {
                    LOG.warn("{}: subscriber failed on a message of {}", options.get().pid(), topic, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: message of {} not delivered: stopping", options.get().pid(), topic);
        }
    }

    /** {@link MqttCloudEndpoint#unregisterSubscriber}. */
    void unregister(CloudSubscriberListener listener) {
        Registration r = subscribers.remove(listener);
        if (r != null) {
            subscriptions.remove(r);
        }
    }

    /** An offload handler service appeared; ignored (logged) when its capability is bad or already served. */
    void addOffloadHandler(OffloadHandler handler, Map<String, Object> properties) {
        String capability = String.valueOf(properties.get(OffloadHandler.CAPABILITY_PROPERTY));
        if (!Topics.isLevel(capability)) {
            LOG.error("offload handler ignored: capability '{}' is not a single topic level", capability);
            return;
        }
        if (!server.addHandler(capability, handler)) {
            LOG.warn("offload handler ignored: capability '{}' is already served", capability);
            return;
        }
        Registration r = new Registration(o -> o.offloadServe() ? OffloadServer.subscription(o, capability) : null, 1,
                (topic, payload, qos, retained) -> server.onRequest(topic, payload));
        offloadHandlers.put(handler, r);
        subscriptions.add(r);
    }

    /** An offload handler service went away: unsubscribed and no longer served, when it was served. */
    void removeOffloadHandler(OffloadHandler handler, Map<String, Object> properties) {
        String capability = String.valueOf(properties.get(OffloadHandler.CAPABILITY_PROPERTY));
        Registration r = offloadHandlers.remove(handler);
        if (r != null) {
            subscriptions.remove(r);
            server.removeHandler(capability, handler);
        }
    }
}
