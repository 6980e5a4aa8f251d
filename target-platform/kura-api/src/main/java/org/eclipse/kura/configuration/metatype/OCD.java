package org.eclipse.kura.configuration.metatype;

import java.util.List;

/** Mirrors Kura's {@code OCD}: a metatype object class definition. */
public interface OCD {

    List<AD> getAD();

    List<Icon> getIcon();

    String getName();

    String getDescription();

    String getId();
}
