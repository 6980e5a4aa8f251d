package org.eclipse.kura.cloudconnection.publisher;

/** Mirrors Kura's {@code CloudNotificationPublisher}: publishes notifications of long-running requests. */
public interface CloudNotificationPublisher extends CloudPublisher {
}
