package io.aiosedge.cloudsync.mqtt.internal.link;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's callbacks for one client of an {@link MqttSession}; a stale client (an older connection) is ignored by
 * the session. Runs on Paho's callback thread, holding no lock of ours: a loss goes to
 * {@link MqttSession#lost}, an inbound message to {@link LinkSubscriptions#route} (hand-off only, never user code
 * that could block Paho).
 */
final class SessionCallback implements MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    private final MqttSession session;
    private final LinkSubscriptions subscriptions;
    private final String threadPrefix;
    private final MqttAsyncClient owner;
    private final long ownerGeneration;

    SessionCallback(MqttSession session, LinkSubscriptions subscriptions, String threadPrefix, MqttAsyncClient owner,
            long ownerGeneration) {
        this.session = session;
        this.subscriptions = subscriptions;
        this.threadPrefix = threadPrefix;
        this.owner = owner;
        this.ownerGeneration = ownerGeneration;
    }

    @Override
    public void connectionLost(Throwable cause) {
        session.lost(owner, ownerGeneration, cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            subscriptions.route(topic, message);
        } catch (RuntimeException e) {
            LOG.error("{}: inbound message on {} dropped", threadPrefix, topic, e);
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // per-message listeners do the work
    }
}
