package io.aiosedge.api.cloud;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Service of the cloud-sync connector: the current measured state of its link to the broker and, since 1.1, of its
 * durable outbox.
 */
@ProviderType
public interface CloudLinkMonitor {

    /** The latest link state; never null ({@link LinkState#UNKNOWN} before the first measurement). */
    LinkState linkState();

    /**
     * What waits in this endpoint's durable outbox now; empty when the endpoint has none (or does not say).
     *
     * @since 1.1
     */
    default Optional<OutboxState> outboxState() {
        return java.util.Optional.empty();
    }
}
