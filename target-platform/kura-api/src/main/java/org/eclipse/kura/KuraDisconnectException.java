package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraDisconnectException}: a {@link KuraException} with code {@link KuraErrorCode#DISCONNECTION_FAILED}. */
@ProviderType
public class KuraDisconnectException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraDisconnectException(Object argument) {
        super(KuraErrorCode.DISCONNECTION_FAILED, argument);
    }

    public KuraDisconnectException(Throwable cause, Object argument) {
        super(KuraErrorCode.DISCONNECTION_FAILED, cause, argument);
    }
}
