package io.aiosedge.cloud.worker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.NodeAdvertisement;

/**
 * The worker's side of its state topic: publishes a {@link NodeAdvertisement} retained (QoS 1, priority 2; a
 * heartbeat expires after two state intervals, the GONE state never) through the {@link CloudEndpoint}, says the
 * state again whenever the endpoint's session comes up (the connector's birth message, or a broker that lost its
 * retained messages, may have replaced it), and on shutdown publishes GONE and waits, bounded, for the broker's
 * acknowledgement while connected.
 *
 * <p>Starts no thread and shares no lock (only {@link #sayGoodbye} syncs with the delivery callback on a monitor of
 * its own call): {@link #publish} is called on the worker's state thread, the connection
 * callback runs on the endpoint's thread and only hands {@code onConnected} over, {@link #sayGoodbye} runs on the
 * deactivating thread.
 */
final class NodeStatePublisher {

    // Logs under the worker's name, as it did before the publisher was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(CloudWorker.class);
    /** Longest wait for the broker's acknowledgement of the last state message on shutdown (ms). */
    private static final long GOODBYE_CONFIRM_MILLIS = 2000;

    private final WorkerOptions options;
    private final CloudEndpoint endpoint;
    private final CloudConnectionListener connectionListener;

    /** Registers {@code onConnected} for each new session when the endpoint tells about its connection. */
    NodeStatePublisher(WorkerOptions options, CloudEndpoint endpoint, Runnable onConnected) {
        this.options = options;
        this.endpoint = endpoint;
        if (endpoint instanceof CloudConnectionManager) {
            connectionListener = new CloudConnectionListener() {
                @Override
                public void onConnectionEstablished() {
                    onConnected.run();
                }

                @Override
                public void onConnectionLost() {
                    // the last will (if configured) says it; nothing to do until the session is back
                }

                @Override
                public void onDisconnected() {
                    // idem
                }
            };
            ((CloudConnectionManager) endpoint).registerCloudConnectionListener(connectionListener);
        } else {
            connectionListener = null;
        }
    }

    /** Stops listening to the endpoint's connection. */
    void close() {
        if (connectionListener != null) {
            ((CloudConnectionManager) endpoint).unregisterCloudConnectionListener(connectionListener);
        }
    }

    /** Publishes the state; the endpoint's message id, or null when it could not be published (logged at DEBUG). */
    String publish(NodeAdvertisement advertisement) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("topic", options.stateTopicTemplate());
        properties.put("qos", 1);
        properties.put("retain", true);
        properties.put("priority", 2);
        if (!NodeAdvertisement.GONE.equals(advertisement.state())) {
            // a heartbeat that could not be sent for two periods is worthless: the next one replaces it
            properties.put("ttl.ms", 2 * options.stateIntervalMillis());
        }
        try {
            return endpoint.publish(new KuraMessage(advertisement.toPayload(), properties));
        } catch (KuraException | RuntimeException e) {
            LOG.debug("Cloud worker {}: state not published: {}", options.workerId(), e.getMessage());
            return null;
        }
    }

    /** Whether two states differ in nothing a scheduler acts on (the counters and times aside). */
    static boolean sameState(NodeAdvertisement a, NodeAdvertisement b) {
        return a.state().equals(b.state()) && a.busy() == b.busy() && a.queue() == b.queue()
                && a.models().equals(b.models()) && a.slots() == b.slots() && a.capacity() == b.capacity();
    }

    /**
     * Publishes the GONE state that {@code gone} gives (asked after the delivery listener is registered), waiting
     * (bounded) for the broker's acknowledgement while connected.
     */
    void sayGoodbye(Supplier<NodeAdvertisement> gone) {
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        CountDownLatch arrived = new CountDownLatch(1);
        String[] id = new String[1];
        CloudDeliveryListener listener = messageId -> {
            confirmed.add(messageId);
            synchronized (id) {
                if (messageId.equals(id[0])) {
                    arrived.countDown();
                }
            }
        };
        endpoint.registerCloudDeliveryListener(listener);
        try {
            String published = publish(gone.get());
            synchronized (id) {
                id[0] = published;
                if (published != null && confirmed.contains(published)) {
                    arrived.countDown();
                }
            }
            boolean connected = !(endpoint instanceof CloudConnectionManager)
                    || ((CloudConnectionManager) endpoint).isConnected();
            if (published != null && connected && !arrived.await(GOODBYE_CONFIRM_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.info("Cloud worker {}: GONE state not confirmed within {} ms (it stays in the outbox)",
                        options.workerId(), GOODBYE_CONFIRM_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endpoint.unregisterCloudDeliveryListener(listener);
        }
    }
}
