package org.eclipse.kura.wire.graph;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code BarrierAggregatorFactory}: aggregators that fire once every port holds an envelope. */
@ProviderType
public interface BarrierAggregatorFactory extends PortAggregatorFactory {
}
