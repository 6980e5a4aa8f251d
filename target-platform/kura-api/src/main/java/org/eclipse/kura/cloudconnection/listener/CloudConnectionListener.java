package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/** Mirrors Kura's {@code CloudConnectionListener}: notified of cloud connection state changes. */
@ConsumerType
public interface CloudConnectionListener {

    void onDisconnected();

    void onConnectionLost();

    void onConnectionEstablished();
}
