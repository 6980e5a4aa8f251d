package io.aiosedge.cloudsync.mqtt.internal;

import java.util.function.Function;

import org.eclipse.kura.KuraException;

/** How the RPC and command parts send: through the endpoint's outbox, the payload made once the id is known. */
@FunctionalInterface
interface WirePublisher {

    /**
     * Stores (QoS &ge; 1) or sends (QoS 0) a message and returns its id.
     *
     * @param payloadForId the wire bytes, given the message id
     * @param priority outbox priority (0 and 1 bypass the capacity)
     * @param expiresMillis wall-clock time after which an unsent message is dropped, 0 for never
     */
    String publish(String topic, Function<String, byte[]> payloadForId, int qos, int priority, long expiresMillis)
            throws KuraException;
}
