package io.aiosedge.itests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;

/**
 * A cloud publisher that keeps every message it is given, for tests that check what a component published
 * (scheduler results, deployment notifications) without a broker. Publishing never fails; the returned id is
 * the message's position (1-based).
 */
public final class RecordingCloudPublisher implements CloudNotificationPublisher {

    /** Every message published, in order; safe to read while publishing goes on. */
    public final List<KuraMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public String publish(KuraMessage message) {
        messages.add(message);
        return String.valueOf(messages.size());
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
    }
}
