package org.eclipse.kura.message.store.provider;

import java.util.List;
import java.util.Optional;

import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.StoredMessage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code MessageStore}: one store of messages with their life cycle (created, published, confirmed,
 * dropped). Priorities: a lower value is more urgent.
 */
@ProviderType
public interface MessageStore {

    /** Stores a new message (created now) and returns its id. */
    int store(String topic, byte[] payload, int qos, boolean retain, int priority) throws KuraStoreException;

    /** Marks a QoS 0 message published now. */
    void markAsPublished(int msgId) throws KuraStoreException;

    /** Marks a QoS 1-2 message published now, keeping the transport's token until it is confirmed. */
    void markAsPublished(int msgId, DataTransportToken dataTransportToken) throws KuraStoreException;

    void markAsConfirmed(int msgId) throws KuraStoreException;

    /** @return the unpublished message to send next: lowest priority value, then oldest */
    Optional<StoredMessage> getNextMessage() throws KuraStoreException;

    Optional<StoredMessage> get(int msgId) throws KuraStoreException;

    /** @return the number of messages in any state */
    int getMessageCount() throws KuraStoreException;

    List<StoredMessage> getUnpublishedMessages() throws KuraStoreException;

    List<StoredMessage> getInFlightMessages() throws KuraStoreException;

    List<StoredMessage> getDroppedMessages() throws KuraStoreException;

    /** Makes every published, unconfirmed message unpublished again (the name is Kura's). */
    void unpublishAllInFlighMessages() throws KuraStoreException;

    void dropAllInFlightMessages() throws KuraStoreException;

    /** Deletes the dropped, confirmed and published QoS 0 messages older than the age (s). */
    void deleteStaleMessages(int purgeAgeSeconds) throws KuraStoreException;

    void close();
}
