package org.eclipse.kura.cloudconnection.listener;

/** Mirrors Kura's {@code CloudConnectionListener}: notified of cloud connection state changes. */
public interface CloudConnectionListener {

    void onDisconnected();

    void onConnectionLost();

    void onConnectionEstablished();
}
