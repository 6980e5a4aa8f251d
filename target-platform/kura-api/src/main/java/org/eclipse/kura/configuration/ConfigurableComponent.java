package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ConsumerType;

/** Mirrors Kura's {@code ConfigurableComponent}: marker for components the ConfigurationService tracks. */
@ConsumerType
public interface ConfigurableComponent {
}
