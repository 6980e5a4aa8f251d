package org.eclipse.kura.cloudconnection;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code CloudConnectionManager}: manages a long-lived cloud connection. */
@ProviderType
public interface CloudConnectionManager {

    void connect() throws KuraConnectException;

    void disconnect() throws KuraDisconnectException;

    boolean isConnected();

    void registerCloudConnectionListener(CloudConnectionListener cloudConnectionListener);

    void unregisterCloudConnectionListener(CloudConnectionListener cloudConnectionListener);
}
