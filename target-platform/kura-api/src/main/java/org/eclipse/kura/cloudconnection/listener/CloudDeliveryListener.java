package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/** Mirrors Kura's {@code CloudDeliveryListener}: notified when a published message is confirmed. */
@ConsumerType
public interface CloudDeliveryListener {

    void onMessageConfirmed(String messageId);
}
