package io.aiosedge.cloudsync.mqtt.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink;

/**
 * An endpoint's inbound subscriptions (offload replies, commands, Kura subscribers, offload handlers), each kept in
 * step with the options (its filter is a function of tenant, client id and flags) and with the current
 * {@link MqttLink}: {@link #refreshAll()} after a change subscribes, moves or drops what changed, and only that.
 * It holds the link's subscription handles ({@link MqttLink.Subscription}) and moves them when the link is swapped.
 */
final class SubscriptionTable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionTable.class);

    /** An inbound subscription that follows the options and survives link swaps. */
    static final class Registration {
        final Function<EndpointOptions, String> filter; // null result: not subscribed now
        final int qos;
        final MqttLink.MessageHandler handler;
        MqttLink.Subscription subscription; // guarded by the lifecycle lock
        MqttLink subscribedOn; // guarded by the lifecycle lock
        String subscribedFilter; // guarded by the lifecycle lock

        Registration(Function<EndpointOptions, String> filter, int qos, MqttLink.MessageHandler handler) {
            this.filter = filter;
            this.qos = qos;
            this.handler = handler;
        }
    }

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final Object lifecycle;
    private final BooleanSupplier active;
    private final Supplier<EndpointOptions> options;
    private final Supplier<MqttLink> link;

    /**
     * @param lifecycle the endpoint's lock, held while links are swapped and options change
     * @param active false before activation and after deactivation: nothing is subscribed then
     */
    SubscriptionTable(Object lifecycle, BooleanSupplier active, Supplier<EndpointOptions> options,
            Supplier<MqttLink> link) {
        this.lifecycle = lifecycle;
        this.active = active;
        this.options = options;
        this.link = link;
    }

    /** Adds a registration and subscribes it when its filter applies now. */
    void add(Registration r) {
        synchronized (lifecycle) {
            registrations.add(r);
            refresh(r);
        }
    }

    /** Removes a registration and its broker subscription. */
    void remove(Registration r) {
        synchronized (lifecycle) {
            if (registrations.remove(r) && r.subscription != null) {
                r.subscribedOn.unsubscribe(r.subscription);
                r.subscription = null;
            }
        }
    }

    /** Makes every subscription match the current options and link; with the lifecycle lock held. */
    void refreshAll() {
        registrations.forEach(this::refresh);
    }

    private void refresh(Registration r) {
        if (!active.getAsBoolean()) {
            return;
        }
        EndpointOptions o = options.get();
        MqttLink current = link.get();
        String wanted;
        try {
            wanted = r.filter.apply(o);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: subscription not made: {}", o.pid(), e.getMessage());
            wanted = null;
        }
        if (Objects.equals(wanted, r.subscribedFilter) && r.subscribedOn == current) {
            return;
        }
        if (r.subscription != null) {
            r.subscribedOn.unsubscribe(r.subscription);
            r.subscription = null;
        }
        r.subscribedFilter = wanted;
        r.subscribedOn = current;
        if (wanted != null) {
            try {
                r.subscription = current.subscribe(wanted, r.qos, r.handler);
            } catch (IllegalArgumentException e) {
                LOG.error("{}: subscription {} not made: {}", o.pid(), wanted, e.getMessage());
                r.subscribedFilter = null;
            }
        }
    }
}
