package io.aiosedge.cloudsync.mqtt.internal.endpoint;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * An endpoint's Kura listeners and the one thread that tells them: connection listeners, delivery listeners of the
 * whole endpoint, and delivery listeners of one publisher (by its {@code kura.service.pid}, so that they also hear
 * of messages stored before a restart). A listener that throws is logged and the others are still told; once the
 * executor is shut down (the endpoint stops), events are dropped.
 */
public final class ListenerFanOut {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerFanOut.class);

    private final String pid;
    private final Executor events;
    private final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<CloudDeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<CloudDeliveryListener>> originListeners = new ConcurrentHashMap<>();

    /**
     * @param pid the endpoint's name, for log messages
     * @param events the thread listeners are called on
     */
    public ListenerFanOut(String pid, Executor events) {
        this.pid = pid;
        this.events = events;
    }

    public void addConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    public void removeConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    public void addDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    public void removeDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.remove(listener);
    }

    /** A delivery listener told only about the messages of one publisher. */
    public void addDeliveryListener(String origin, CloudDeliveryListener listener) {
        originListeners.computeIfAbsent(origin, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    public void removeDeliveryListener(String origin, CloudDeliveryListener listener) {
        originListeners.computeIfPresent(origin, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Tells every connection listener, e.g. {@code CloudConnectionListener::onConnectionEstablished}. */
    public void connection(Consumer<CloudConnectionListener> call) {
        try {
            events.execute(() -> {
                for (CloudConnectionListener l : connectionListeners) {
                    try {
                        call.accept(l);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: connection listener failed", pid, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Tells the endpoint's delivery listeners, and those of each message's publisher, that the broker has it. */
    public void confirmed(List<DurableOutbox.Meta> removed) {
        try {
            events.execute(() -> {
                for (DurableOutbox.Meta meta : removed) {
                    for (CloudDeliveryListener l : deliveryListeners) {
                        confirm(l, meta.id());
                    }
                    List<CloudDeliveryListener> own = originListeners.get(meta.origin());
                    if (own != null) {
                        own.forEach(l -> confirm(l, meta.id()));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: {} confirmations not delivered: stopping", pid, removed.size());
        }
    }

    private void confirm(CloudDeliveryListener listener, String id) {
        try {
            listener.onMessageConfirmed(id);
        } catch (RuntimeException e) {
            LOG.warn("{}: delivery listener failed on {}", pid, id, e);
        }
    }
}
