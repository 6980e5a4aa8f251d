package org.eclipse.kura.wire.graph;

import java.util.Collections;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code WireGraphConfiguration}: the components and wires of a graph, each list an unmodifiable
 * view of the given one.
 */
@ProviderType
public class WireGraphConfiguration {

    private final List<WireComponentConfiguration> wireComponentConfigurations;
    private final List<MultiportWireConfiguration> wireConfigurations;

    /** @throws NullPointerException if either list is null */
    public WireGraphConfiguration(List<WireComponentConfiguration> wireComponentConfigurations,
            List<MultiportWireConfiguration> wireConfigurations) {
        this.wireComponentConfigurations = Collections.unmodifiableList(wireComponentConfigurations);
        this.wireConfigurations = Collections.unmodifiableList(wireConfigurations);
    }

    public List<WireComponentConfiguration> getWireComponentConfigurations() {
        return wireComponentConfigurations;
    }

    public List<MultiportWireConfiguration> getWireConfigurations() {
        return wireConfigurations;
    }
}
