package org.eclipse.kura;

/** Mirrors Kura's {@code KuraNotConnectedException}: a {@link KuraException} with code {@link KuraErrorCode#NOT_CONNECTED}. */
public class KuraNotConnectedException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraNotConnectedException(Object argument) {
        super(KuraErrorCode.NOT_CONNECTED, argument);
    }

    public KuraNotConnectedException(Throwable cause, Object argument) {
        super(KuraErrorCode.NOT_CONNECTED, cause, argument);
    }
}
