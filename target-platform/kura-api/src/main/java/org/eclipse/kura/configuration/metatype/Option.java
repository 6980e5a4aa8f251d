package org.eclipse.kura.configuration.metatype;

/** Mirrors Kura's {@code Option}: a labelled choice of an attribute definition. */
public interface Option {

    String getLabel();

    String getValue();
}
