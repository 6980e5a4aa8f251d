package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraUnsupportedModemException}: a {@link KuraException} with code {@link KuraErrorCode#UNSUPPORTED_MODEM}. */
@ProviderType
public class KuraUnsupportedModemException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraUnsupportedModemException(Object argument) {
        super(KuraErrorCode.UNSUPPORTED_MODEM, argument);
    }

    public KuraUnsupportedModemException(Throwable cause, Object argument) {
        super(KuraErrorCode.UNSUPPORTED_MODEM, cause, argument);
    }
}
