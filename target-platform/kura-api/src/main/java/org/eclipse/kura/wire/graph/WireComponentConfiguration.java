package org.eclipse.kura.wire.graph;

import java.util.Collections;
import java.util.Map;

import org.eclipse.kura.configuration.ComponentConfiguration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code WireComponentConfiguration}: one component of a graph, its configuration and its graph
 * properties (an unmodifiable view of the given map, not a copy).
 */
@ProviderType
public class WireComponentConfiguration {

    private final ComponentConfiguration configuration;
    private final Map<String, Object> properties;

    /** @throws NullPointerException if {@code properties} is null */
    public WireComponentConfiguration(ComponentConfiguration configuration, Map<String, Object> properties) {
        this.configuration = configuration;
        this.properties = Collections.unmodifiableMap(properties);
    }

    public ComponentConfiguration getConfiguration() {
        return configuration;
    }

    public Map<String, Object> getProperties() {
        return properties;
    }
}
