package org.eclipse.kura.configuration.metatype;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code Option}: a labelled choice of an attribute definition. */
@ProviderType
public interface Option {

    String getLabel();

    String getValue();
}
