package org.eclipse.kura.cloudconnection.subscriber;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;

/** Mirrors Kura's {@code CloudSubscriber}: delivers messages received from a cloud endpoint. */
public interface CloudSubscriber {

    void registerCloudSubscriberListener(CloudSubscriberListener listener);

    void unregisterCloudSubscriberListener(CloudSubscriberListener listener);

    void registerCloudConnectionListener(CloudConnectionListener cloudConnectionListener);

    void unregisterCloudConnectionListener(CloudConnectionListener cloudConnectionListener);
}
