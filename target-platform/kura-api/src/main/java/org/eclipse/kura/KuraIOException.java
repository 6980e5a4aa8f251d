package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraIOException}: a {@link KuraException} with code {@link KuraErrorCode#IO_ERROR}. */
@ProviderType
public class KuraIOException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraIOException(Object argument) {
        super(KuraErrorCode.IO_ERROR, argument);
    }

    public KuraIOException(Throwable cause, Object argument) {
        super(KuraErrorCode.IO_ERROR, cause, argument);
    }
}
