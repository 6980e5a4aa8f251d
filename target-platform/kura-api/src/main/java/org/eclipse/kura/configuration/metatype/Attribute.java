package org.eclipse.kura.configuration.metatype;

import java.util.List;

/** Mirrors Kura's {@code Attribute}: a metatype attribute value of a designate's object. */
public interface Attribute {

    List<String> getValue();

    String getAdref();

    String getContent();
}
