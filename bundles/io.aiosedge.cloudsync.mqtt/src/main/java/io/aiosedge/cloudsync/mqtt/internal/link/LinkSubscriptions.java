package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * The link's inbound subscriptions: what was asked for (any number of subscriptions per filter; the broker sees each
 * distinct filter once, with the highest QoS asked), made at once on a live session and all again after every
 * reconnect, and the routing of an arriving message to every subscription whose filter matches it, by our own
 * matcher (Paho 1.2.5 does not route {@code $share/} subscriptions). A handler's failure is logged and never
 * reaches Paho, which would drop the connection.
 */
final class LinkSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(LinkSubscriptions.class);

    private final String threadPrefix;
    private final List<MqttLink.Subscription> subscriptions = new CopyOnWriteArrayList<>();

    LinkSubscriptions(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    /**
     * Adds a subscription and, when {@code live} is a connected client, subscribes at once.
     *
     * @throws IllegalArgumentException naming a bad filter or QoS
     */
    MqttLink.Subscription add(String filter, int qos, MqttLink.MessageHandler handler, MqttAsyncClient live) {
        Topics.checkTopicFilter(filter, "topic filter");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, got " + qos);
        }
        MqttLink.Subscription subscription = new MqttLink.Subscription(filter, qos, Objects.requireNonNull(handler));
        subscriptions.add(subscription);
        if (live != null) {
            try {
                live.subscribe(filter, qos);
            } catch (MqttException e) {
                LOG.warn("{}: subscribe to {} failed (made again at the next connect): {}", threadPrefix, filter,
                        MqttLink.describe(e));
            }
        }
        return subscription;
    }

    /** Removes a subscription; {@code live} is unsubscribed when no other subscription uses the filter. */
    void remove(MqttLink.Subscription subscription, MqttAsyncClient live) {
        if (!subscriptions.remove(subscription)) {
            return;
        }
        boolean stillUsed = subscriptions.stream().anyMatch(s -> s.filter.equals(subscription.filter));
        if (!stillUsed && live != null) {
            try {
                live.unsubscribe(subscription.filter);
            } catch (MqttException e) {
                LOG.debug("{}: unsubscribe from {} failed: {}", threadPrefix, subscription.filter,
                        MqttLink.describe(e));
            }
        }
    }

    /** Hands an arriving message to every subscription whose filter matches its topic (Paho's thread). */
    void route(String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        for (MqttLink.Subscription subscription : subscriptions) {
            if (Topics.matches(subscription.filter, topic)) {
                try {
                    subscription.handler.onMessage(topic, payload, message.getQos(), message.isRetained());
                } catch (RuntimeException e) {
                    LOG.error("{}: handler for {} failed on a message of {}", threadPrefix, subscription.filter, topic,
                            e);
                }
            }
        }
    }

    /** Subscribes a new session to every filter (one SUBSCRIBE), waiting at most {@code timeoutMillis}. */
    void restore(MqttAsyncClient c, long timeoutMillis) throws MqttException {
        Map<String, Integer> filters = new LinkedHashMap<>();
        for (MqttLink.Subscription s : subscriptions) {
            filters.merge(s.filter, s.qos, Math::max);
        }
        if (filters.isEmpty()) {
            return;
        }
        String[] topics = filters.keySet().toArray(new String[0]);
        int[] qos = filters.values().stream().mapToInt(Integer::intValue).toArray();
        IMqttToken token = c.subscribe(topics, qos);
        token.waitForCompletion(timeoutMillis);
        int[] granted = token.getGrantedQos();
        for (int i = 0; granted != null && i < granted.length && i < topics.length; i++) {
            if (granted[i] == 0x80) {
                LOG.error("{}: the broker refused the subscription {}", threadPrefix, topics[i]);
            }
        }
    }
}
