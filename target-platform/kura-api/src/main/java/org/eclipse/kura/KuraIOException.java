package org.eclipse.kura;

/** Mirrors Kura's {@code KuraIOException}: a {@link KuraException} with code {@link KuraErrorCode#IO_ERROR}. */
public class KuraIOException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraIOException(Object argument) {
        super(KuraErrorCode.IO_ERROR, argument);
    }

    public KuraIOException(Throwable cause, Object argument) {
        super(KuraErrorCode.IO_ERROR, cause, argument);
    }
}
