package io.aiosedge.api.cloud;

import java.util.concurrent.CompletionStage;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishing with an acknowledgement that survives a power cut, without blocking the publisher (service of the
 * cloud-sync connector, registered beside its {@code CloudEndpoint}).
 *
 * <p>{@code CloudEndpoint.publish} returns once a QoS 1/2 message is in the outbox as its sync policy says: with the
 * default policy the message is then safe against a crash of the JVM or a SIGKILL, and a power cut may lose the
 * last interval of messages; with {@code outbox.sync.interval.ms=0} it returns once the message is on the disk,
 * and a thread's rate is bounded by one force per message. {@link #publishDurably} gives the second guarantee at
 * any sync policy without the wait: the message is stored and in line to be sent when the call returns, and the
 * returned stage completes once it is on the storage device (fdatasync), one force serving every message
 * published meanwhile from any thread. <b>Guarantee:</b> every message whose stage completed normally is delivered
 * to the broker at least once, through broker outages, restarts and power cuts; one whose stage completed
 * exceptionally, or never completed because the gateway stopped, may or may not be.
 */
@ProviderType
public interface DurablePublisher {

    /**
     * Publishes {@code message} with the same message properties as {@code CloudEndpoint.publish} (topic, QoS,
     * retain, priority, TTL) and returns at once. The stage completes with the message id (the one
     * {@code onMessageConfirmed} reports; the broker's confirmation may come first) once the message is on disk, or
     * exceptionally with a {@link KuraException} when it could not be forced. Dependent actions run on the
     * outbox's fsync thread: keep them short or use the {@code *Async} forms.
     *
     * @throws KuraException for a bad message (named), for QoS 0 (nothing is stored, so nothing can be made
     *             durable), when the outbox is full or cannot write, exactly as {@code publish}
     */
    CompletionStage<String> publishDurably(KuraMessage message) throws KuraException;
}
