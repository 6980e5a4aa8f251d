package org.eclipse.kura.configuration;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ConsumerType;

/** Mirrors Kura's {@code SelfConfiguringComponent}: a component that supplies its own configuration. */
@ConsumerType
public interface SelfConfiguringComponent {

    ComponentConfiguration getConfiguration() throws KuraException;
}
