package org.eclipse.kura.cloudconnection.listener;

/** Mirrors Kura's {@code CloudDeliveryListener}: notified when a published message is confirmed. */
public interface CloudDeliveryListener {

    void onMessageConfirmed(String messageId);
}
