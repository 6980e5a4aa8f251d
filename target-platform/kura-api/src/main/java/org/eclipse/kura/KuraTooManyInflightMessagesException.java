package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraTooManyInflightMessagesException}: a {@link KuraException} with code {@link KuraErrorCode#TOO_MANY_INFLIGHT_MESSAGES}. */
@ProviderType
public class KuraTooManyInflightMessagesException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraTooManyInflightMessagesException(Object argument) {
        super(KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, argument);
    }

    public KuraTooManyInflightMessagesException(Throwable cause, Object argument) {
        super(KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, cause, argument);
    }
}
