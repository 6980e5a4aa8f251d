package org.eclipse.kura.cloudconnection.subscriber.listener;

import org.eclipse.kura.cloudconnection.message.KuraMessage;

/** Mirrors Kura's {@code CloudSubscriberListener}: receives messages from a {@code CloudSubscriber}. */
public interface CloudSubscriberListener {

    void onMessageArrived(KuraMessage message);
}
