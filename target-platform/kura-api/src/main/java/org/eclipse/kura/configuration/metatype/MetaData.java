package org.eclipse.kura.configuration.metatype;

import java.util.List;

/** Mirrors Kura's {@code MetaData}: the root of a metatype document. */
public interface MetaData {

    List<OCD> getOCD();

    List<Designate> getDesignate();

    String getLocalization();
}
