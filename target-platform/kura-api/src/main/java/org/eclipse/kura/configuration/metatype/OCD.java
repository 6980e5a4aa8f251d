package org.eclipse.kura.configuration.metatype;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code OCD}: a metatype object class definition. */
@ProviderType
public interface OCD {

    List<AD> getAD();

    List<Icon> getIcon();

    String getName();

    String getDescription();

    String getId();
}
