package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraProcessExecutionErrorException}: a {@link KuraException} with code {@link KuraErrorCode#PROCESS_EXECUTION_ERROR}. */
@ProviderType
public class KuraProcessExecutionErrorException extends KuraException {

    private static final long serialVersionUID = 1L;

    public KuraProcessExecutionErrorException(Object argument) {
        super(KuraErrorCode.PROCESS_EXECUTION_ERROR, argument);
    }

    public KuraProcessExecutionErrorException(Throwable cause, Object argument) {
        super(KuraErrorCode.PROCESS_EXECUTION_ERROR, cause, argument);
    }
}
