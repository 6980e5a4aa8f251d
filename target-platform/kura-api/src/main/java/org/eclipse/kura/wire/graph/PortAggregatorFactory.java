package org.eclipse.kura.wire.graph;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code PortAggregatorFactory}. */
@ProviderType
public interface PortAggregatorFactory {

    /** @param ports the input ports to aggregate, in index order */
    PortAggregator build(List<ReceiverPort> ports);
}
