package org.eclipse.kura.configuration.metatype;

import java.math.BigInteger;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code Icon}: an icon of an object class definition. */
@ProviderType
public interface Icon {

    String getResource();

    BigInteger getSize();
}
