package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraStoreException}: a {@link KuraException} with code {@link KuraErrorCode#STORE_ERROR}. */
@ProviderType
public class KuraStoreException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraStoreException(Object argument) {
        super(KuraErrorCode.STORE_ERROR, argument);
    }

    public KuraStoreException(Throwable cause, Object argument) {
        super(KuraErrorCode.STORE_ERROR, cause, argument);
    }
}
