package org.eclipse.kura.configuration.metatype;

import java.math.BigInteger;

/** Mirrors Kura's {@code Icon}: an icon of an object class definition. */
public interface Icon {

    String getResource();

    BigInteger getSize();
}
