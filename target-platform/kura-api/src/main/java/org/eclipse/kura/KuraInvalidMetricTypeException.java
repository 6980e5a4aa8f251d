package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraInvalidMetricTypeException}: a {@link KuraRuntimeException} with code {@link KuraErrorCode#INVALID_METRIC_EXCEPTION}. */
@ProviderType
public class KuraInvalidMetricTypeException extends KuraRuntimeException {

    private static final long serialVersionUID = 1L;

    public KuraInvalidMetricTypeException(Object argument) {
        super(KuraErrorCode.INVALID_METRIC_EXCEPTION, argument);
    }

    public KuraInvalidMetricTypeException(Throwable cause, Object argument) {
        super(KuraErrorCode.INVALID_METRIC_EXCEPTION, cause, argument);
    }
}
