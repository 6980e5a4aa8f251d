package org.eclipse.kura.configuration.metatype;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code MetaData}: the root of a metatype document. */
@ProviderType
public interface MetaData {

    List<OCD> getOCD();

    List<Designate> getDesignate();

    String getLocalization();
}
