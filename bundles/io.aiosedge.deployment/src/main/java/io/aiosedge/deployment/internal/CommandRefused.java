package io.aiosedge.deployment.internal;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;

/**
 * A deployment command that cannot be carried out, with the reason a cloud operator reads and the Kura error code
 * the command response carries (the connector maps it to a status: BAD_REQUEST 400, NOT_FOUND 404, ...).
 */
final class CommandRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final KuraErrorCode code;

    CommandRefused(KuraErrorCode code, String reason) {
        super(reason);
        this.code = code;
    }

    CommandRefused(KuraErrorCode code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
    }

    KuraErrorCode code() {
        return this.code;
    }

    /** The exception a {@code RequestHandler} method throws for this refusal. */
    KuraException toKuraException() {
        return new KuraException(this.code, this, getMessage());
    }
}
