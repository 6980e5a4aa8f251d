package org.eclipse.kura.cloudconnection;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;

/** Mirrors Kura's {@code CloudConnectionManager}: manages a long-lived cloud connection. */
public interface CloudConnectionManager {

    void connect() throws KuraConnectException;

    void disconnect() throws KuraDisconnectException;

    boolean isConnected();

    void registerCloudConnectionListener(CloudConnectionListener cloudConnectionListener);

    void unregisterCloudConnectionListener(CloudConnectionListener cloudConnectionListener);
}
