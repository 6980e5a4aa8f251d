package io.aiosedge.cloudsync.mqtt.internal;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.endpoint.ListenerFanOut;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * What an endpoint's session reports, passed on to the Kura listeners through the {@link ListenerFanOut} (which
 * calls them on the endpoint's events thread). Called on the link's threads (connector, Paho's callback thread,
 * acker), holding no lock; it only hands off.
 */
final class LinkEvents implements MqttLink.Events {

    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudEndpoint.class);

    private final ListenerFanOut listeners;
    private final Supplier<EndpointOptions> options;

    LinkEvents(ListenerFanOut listeners, Supplier<EndpointOptions> options) {
        this.listeners = listeners;
        this.options = options;
    }

    @Override
    public void connectionEstablished() {
        listeners.connection(CloudConnectionListener::onConnectionEstablished);
    }

    @Override
    public void connectionLost(Throwable cause) {
        listeners.connection(CloudConnectionListener::onConnectionLost);
    }

    @Override
    public void disconnected() {
        listeners.connection(CloudConnectionListener::onDisconnected);
    }

    @Override
    public void confirmed(List<DurableOutbox.Meta> removed) {
        listeners.confirmed(removed);
    }

    @Override
    public void expired(List<DurableOutbox.Meta> removed) {
        LOG.debug("{}: {} messages expired unsent", options.get().pid(), removed.size());
    }
}
