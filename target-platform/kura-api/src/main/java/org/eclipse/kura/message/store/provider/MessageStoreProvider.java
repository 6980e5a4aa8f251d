package org.eclipse.kura.message.store.provider;

import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.connection.listener.ConnectionListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code MessageStoreProvider}: opens named stores. Clients close their stores when a listener is
 * told {@code disconnected()}.
 */
@ProviderType
public interface MessageStoreProvider {

    /** Opens, or creates, the store of that name. */
    MessageStore openMessageStore(String name) throws KuraStoreException;

    void addListener(ConnectionListener listener);

    void removeListener(ConnectionListener listener);
}
