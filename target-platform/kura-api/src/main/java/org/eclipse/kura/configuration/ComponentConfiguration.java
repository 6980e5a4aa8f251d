package org.eclipse.kura.configuration;

import java.util.Map;

import org.eclipse.kura.configuration.metatype.OCD;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code ComponentConfiguration}: a component's PID, definition and properties. */
@ProviderType
public interface ComponentConfiguration {

    String getPid();

    OCD getDefinition();

    Map<String, Object> getConfigurationProperties();
}
