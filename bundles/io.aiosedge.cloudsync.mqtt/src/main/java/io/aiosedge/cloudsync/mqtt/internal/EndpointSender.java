package io.aiosedge.cloudsync.mqtt.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

import io.aiosedge.cloudsync.mqtt.internal.endpoint.MessageProperties;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;
import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * The endpoint's way out: a Kura message's topic (a template) resolved and checked, its payload wrapped in the
 * AIOS envelope, then QoS 1/2 stored durably in the outbox and offered to the link, QoS 0 sent directly; RPC and
 * command messages take the same path ({@link #publishWire}). Bad input is a {@link KuraException} naming it.
 *
 * <p><b>Threads and locks:</b> runs on the publishing thread (a publisher, the RPC client, the command dispatcher)
 * and takes no lock of the endpoint's; it reads the endpoint's current options, outbox and link once each per use,
 * as {@link MqttCloudEndpoint} did before it had this class (the outbox's and the link's own locks apply inside).
 */
final class EndpointSender {

    private final Supplier<EndpointOptions> options;
    private final Supplier<DurableOutbox> outbox;
    private final Supplier<MqttLink> link;
    private final AtomicLong qos0Sequence = new AtomicLong();

    EndpointSender(Supplier<EndpointOptions> options, Supplier<DurableOutbox> outbox, Supplier<MqttLink> link) {
        this.options = options;
        this.outbox = outbox;
        this.link = link;
    }

    /** The variables every topic template may use. */
    static Map<String, String> topicVariables(EndpointOptions o) {
        return Map.of("tenant", o.tenant(), "client-id", o.gatewayId(), "gateway-id", o.gatewayId());
    }

    /** {@link MqttCloudEndpoint#publish(String, String, Map, KuraMessage, int, boolean, int, long)}. */
    String publish(String origin, String topicTemplate, Map<String, String> extraVariables, KuraMessage message,
            int qos, boolean retain, int priority, long ttlMillis) throws KuraException {
        String topic = checkedTopic(topicTemplate, extraVariables, message, qos, priority);
        KuraPayload payload = message.getPayload();
        long now = System.currentTimeMillis();
        try {
            return send(topic, id -> Envelope.ofKuraPayload(id, payload, now).encode(), qos, retain, priority,
                    ttlMillis > 0 ? now + ttlMillis : 0, origin);
        } catch (IllegalArgumentException e) {
            throw new KuraException(KuraErrorCode.INVALID_METRIC_EXCEPTION, e.getMessage());
        }
    }

    /**
     * {@link MqttCloudEndpoint#publishDurably}: like {@link #publish} for QoS 1/2, but the outbox does not wait for
     * the disk; the stage completes with the id once the message is there.
     */
    CompletionStage<String> publishDurably(KuraMessage message, String topicTemplate, int qos, boolean retain,
            int priority, long ttlMillis) throws KuraException {
        String topic = checkedTopic(topicTemplate, Map.of(), message, qos, priority);
        if (qos == 0) {
            throw MessageProperties.invalid("publishDurably needs QoS 1 or 2, got 0:"
                    + " a QoS 0 message is not stored, so there is nothing to make durable (use publish)");
        }
        KuraPayload payload = message.getPayload();
        long now = System.currentTimeMillis();
        DurableOutbox box = outbox.get();
        DurableOutbox.Durable stored;
        try {
            stored = box.appendDurably(new DurableOutbox.Draft(priority, qos, retain, topic, "",
                    ttlMillis > 0 ? now + ttlMillis : 0), now,
                    seq -> Envelope.ofKuraPayload(box.idOf(seq), payload, now).encode());
        } catch (IllegalArgumentException e) {
            throw new KuraException(KuraErrorCode.INVALID_METRIC_EXCEPTION, e.getMessage());
        }
        link.get().offer();
        String id = stored.entry().id();
        return stored.onDisk().handle((ok, failure) -> {
            if (failure != null) {
                throw new CompletionException(new KuraStoreException(failure, "message " + id
                        + " was stored but could not be forced to disk: " + failure.getMessage()));
            }
            return id;
        });
    }

    /** The resolved topic of a message, checked with its QoS and priority; bad input named. */
    private String checkedTopic(String topicTemplate, Map<String, String> extraVariables, KuraMessage message, int qos,
            int priority) throws KuraException {
        String topic;
        try {
            if (topicTemplate.indexOf("#{") < 0) {
                topic = topicTemplate; // a plain topic (the common case of direct use): no variables to collect
            } else {
                Map<String, String> variables = new LinkedHashMap<>(topicVariables(options.get()));
                variables.putAll(extraVariables);
                topic = Topics.resolve(topicTemplate, variables, message.getProperties());
            }
            Topics.checkTopicName(topic, "topic");
        } catch (IllegalArgumentException e) {
            throw MessageProperties.invalid(e.getMessage());
        }
        if (qos < 0 || qos > 2) {
            throw MessageProperties.invalid("QoS must be 0, 1 or 2, got " + qos);
        }
        if (priority < 0) {
            throw MessageProperties.invalid("priority must be >= 0, got " + priority);
        }
        return topic;
    }

    /** The path of RPC and command messages (never retained, no publisher). */
    String publishWire(String topic, Function<String, byte[]> payloadForId, int qos, int priority, long expiresMillis)
            throws KuraException {
        return send(topic, payloadForId, qos, false, priority, expiresMillis, "");
    }

    /** The one path to the wire: the outbox for QoS 1/2, directly for QoS 0. */
    private String send(String topic, Function<String, byte[]> payloadForId, int qos, boolean retain, int priority,
            long expiresMillis, String origin) throws KuraException {
        DurableOutbox box = outbox.get();
        if (qos == 0) {
            String id = box.storeId() + "-q0-" + System.currentTimeMillis() + "-" + qos0Sequence.incrementAndGet();
            link.get().publishDirect(topic, payloadForId.apply(id), 0, retain);
            return id;
        }
        DurableOutbox.Entry entry = box.append(new DurableOutbox.Draft(priority, qos, retain, topic, origin,
                expiresMillis), System.currentTimeMillis(), seq -> payloadForId.apply(box.idOf(seq)));
        link.get().offer();
        return entry.id();
    }
}
