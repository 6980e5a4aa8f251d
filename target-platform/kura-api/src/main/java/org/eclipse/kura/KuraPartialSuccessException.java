package org.eclipse.kura;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraPartialSuccessException}: some operations of a batch failed (code
 * {@link KuraErrorCode#PARTIAL_SUCCESS}); the individual failures are available from {@link #getCauses()}.
 */
@ProviderType
public class KuraPartialSuccessException extends KuraException {

    private static final long serialVersionUID = 1L;

    private final List<Throwable> causes;

    public KuraPartialSuccessException(String message, List<Throwable> causes) {
        super(KuraErrorCode.PARTIAL_SUCCESS, message);
        // As in Kura: kept as given, not copied (null stays null).
        this.causes = causes;
    }

    public List<Throwable> getCauses() {
        return this.causes;
    }
}
