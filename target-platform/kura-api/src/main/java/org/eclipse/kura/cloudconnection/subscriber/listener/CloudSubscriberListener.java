package org.eclipse.kura.cloudconnection.subscriber.listener;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.osgi.annotation.versioning.ConsumerType;

/** Mirrors Kura's {@code CloudSubscriberListener}: receives messages from a {@code CloudSubscriber}. */
@ConsumerType
public interface CloudSubscriberListener {

    void onMessageArrived(KuraMessage message);
}
