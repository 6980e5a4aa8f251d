package org.eclipse.kura.cloudconnection.request;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code RequestHandlerContext}: the notification publisher and properties of a request. */
@ProviderType
public class RequestHandlerContext {

    private final CloudNotificationPublisher notificationPublisher;
    private final Map<String, String> contextProperties;

    /**
     * @param notificationPublisher the publisher for notifications
     * @param contextProperties the properties (copied; null means empty)
     */
    public RequestHandlerContext(CloudNotificationPublisher notificationPublisher,
            Map<String, String> contextProperties) {
        this.notificationPublisher = notificationPublisher;
        this.contextProperties = contextProperties == null ? Collections.emptyMap()
                : Collections.unmodifiableMap(new HashMap<>(contextProperties));
    }

    public CloudNotificationPublisher getNotificationPublisher() {
        return this.notificationPublisher;
    }

    /** @return the context properties, unmodifiable */
    public Map<String, String> getContextProperties() {
        return this.contextProperties;
    }
}
