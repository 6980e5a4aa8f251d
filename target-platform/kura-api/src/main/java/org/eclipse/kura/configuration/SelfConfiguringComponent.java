package org.eclipse.kura.configuration;

import org.eclipse.kura.KuraException;

/** Mirrors Kura's {@code SelfConfiguringComponent}: a component that supplies its own configuration. */
public interface SelfConfiguringComponent {

    ComponentConfiguration getConfiguration() throws KuraException;
}
