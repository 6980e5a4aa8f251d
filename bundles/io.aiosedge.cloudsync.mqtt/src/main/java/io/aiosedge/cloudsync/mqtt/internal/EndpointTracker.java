package io.aiosedge.cloudsync.mqtt.internal;

import java.util.function.Consumer;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the endpoint a publisher or subscriber instance names in {@code cloud.endpoint.service.pid}, with the
 * filter {@code (&(objectClass=CloudEndpoint)(kura.service.pid=<pid>))} — the same thing a {@code .target}
 * property would select, but kept when the endpoint restarts or is replaced. One endpoint is used at a time.
 */
final class EndpointTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointTracker.class);

    private final ServiceTracker<CloudEndpoint, MqttCloudEndpoint> tracker;
    private final Consumer<MqttCloudEndpoint> attach;
    private final Consumer<MqttCloudEndpoint> detach;
    private volatile MqttCloudEndpoint current;

    EndpointTracker(BundleContext context, String endpointPid, Consumer<MqttCloudEndpoint> attach,
            Consumer<MqttCloudEndpoint> detach) {
        this.attach = attach;
        this.detach = detach;
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter("(&(objectClass=" + CloudEndpoint.class.getName() + ")(kura.service.pid="
                    + endpointPid + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("cloud.endpoint.service.pid '" + endpointPid + "' is not usable in a filter",
                    e);
        }
        this.tracker = new ServiceTracker<>(context, filter, new ServiceTrackerCustomizer<>() {
            @Override
            public MqttCloudEndpoint addingService(ServiceReference<CloudEndpoint> reference) {
                CloudEndpoint service = context.getService(reference);
                if (!(service instanceof MqttCloudEndpoint)) {
                    LOG.error("endpoint {} is not an AIOS MQTT endpoint ({}): not used", endpointPid,
                            service == null ? null : service.getClass().getName());
                    context.ungetService(reference);
                    return null;
                }
                MqttCloudEndpoint endpoint = (MqttCloudEndpoint) service;
                synchronized (EndpointTracker.this) {
                    if (current == null) {
                        current = endpoint;
                        attach.accept(endpoint);
                    }
                }
                return endpoint;
            }

            @Override
            public void modifiedService(ServiceReference<CloudEndpoint> reference, MqttCloudEndpoint service) {
                // properties only
            }

            @Override
            public void removedService(ServiceReference<CloudEndpoint> reference, MqttCloudEndpoint service) {
                synchronized (EndpointTracker.this) {
                    if (current == service) {
                        detach.accept(service);
                        current = null;
                        for (MqttCloudEndpoint other : tracker.getTracked().values()) {
                            if (other != service) {
                                current = other;
                                attach.accept(other);
                                break;
                            }
                        }
                    }
                }
                context.ungetService(reference);
            }
        });
    }

    EndpointTracker open() {
        tracker.open();
        return this;
    }

    /** The endpoint now, or null. */
    MqttCloudEndpoint endpoint() {
        return current;
    }

    @Override
    public void close() {
        tracker.close();
    }
}
