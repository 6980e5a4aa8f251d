package org.eclipse.kura.cloudconnection.publisher;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code CloudNotificationPublisher}: publishes notifications of long-running requests. */
@ProviderType
public interface CloudNotificationPublisher extends CloudPublisher {
}
