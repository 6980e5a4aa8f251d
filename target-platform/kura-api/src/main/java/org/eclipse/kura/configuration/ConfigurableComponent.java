package org.eclipse.kura.configuration;

/** Mirrors Kura's {@code ConfigurableComponent}: marker for components the ConfigurationService tracks. */
public interface ConfigurableComponent {
}
