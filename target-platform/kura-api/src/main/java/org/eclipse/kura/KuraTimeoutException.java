package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraTimeoutException}: code {@link KuraErrorCode#TIMED_OUT}. */
@ProviderType
public class KuraTimeoutException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraTimeoutException(String message) {
        super(KuraErrorCode.TIMED_OUT, message);
    }

    public KuraTimeoutException(String message, Throwable cause) {
        super(KuraErrorCode.TIMED_OUT, cause, message);
    }
}
