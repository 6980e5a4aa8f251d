package org.eclipse.kura.configuration.metatype;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code TObject}: the object of a designate (attributes for an OCD reference). */
@ProviderType
public interface TObject {

    List<Attribute> getAttribute();

    String getOcdref();
}
