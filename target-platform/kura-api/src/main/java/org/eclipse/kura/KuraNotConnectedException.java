package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraNotConnectedException}: a {@link KuraException} with code {@link KuraErrorCode#NOT_CONNECTED}. */
@ProviderType
public class KuraNotConnectedException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraNotConnectedException(Object argument) {
        super(KuraErrorCode.NOT_CONNECTED, argument);
    }

    public KuraNotConnectedException(Throwable cause, Object argument) {
        super(KuraErrorCode.NOT_CONNECTED, cause, argument);
    }
}
