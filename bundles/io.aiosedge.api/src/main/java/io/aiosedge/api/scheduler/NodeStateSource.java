package io.aiosedge.api.scheduler;

import java.util.Collection;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI that feeds remote nodes (peers, cloud workers) to the scheduler: the cloud-sync connector
 * (from the retained {@code aios/v1/<tenant>/nodes/<id>/state} messages), a static configuration, a test.
 * The scheduler reads every source at each placement decision, so {@link #nodeStates()} must be cheap:
 * return a snapshot kept up to date by the source, never do I/O in it.
 */
@ConsumerType
public interface NodeStateSource {

    /** The nodes this source knows now, never null. A node missing from the result is not a candidate. */
    Collection<NodeState> nodeStates();
}
