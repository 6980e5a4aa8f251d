package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraStoreCapacityReachedException}: the message store is full (code {@link KuraErrorCode#STORE_ERROR}). */
@ProviderType
public class KuraStoreCapacityReachedException extends KuraStoreException {

    private static final long serialVersionUID = 1L;

    public KuraStoreCapacityReachedException(Object argument) {
        super(argument);
    }
}
