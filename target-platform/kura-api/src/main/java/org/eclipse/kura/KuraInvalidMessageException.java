package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraInvalidMessageException}: code {@link KuraErrorCode#INVALID_MESSAGE_EXCEPTION}. */
@ProviderType
public class KuraInvalidMessageException extends KuraRuntimeException {

    private static final long serialVersionUID = 1L;

    public KuraInvalidMessageException(Object argument) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, argument);
    }

    public KuraInvalidMessageException(Throwable cause) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, cause, new Object[0]);
    }

    public KuraInvalidMessageException(Throwable cause, Object argument) {
        super(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, cause, argument);
    }
}
