package org.eclipse.kura.configuration.metatype;

import java.util.List;

/** Mirrors Kura's {@code TObject}: the object of a designate (attributes for an OCD reference). */
public interface TObject {

    List<Attribute> getAttribute();

    String getOcdref();
}
