package org.eclipse.kura.wire.graph;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code CachingAggregatorFactory}: aggregators that fire on every arrival with the latest per port. */
@ProviderType
public interface CachingAggregatorFactory extends PortAggregatorFactory {
}
