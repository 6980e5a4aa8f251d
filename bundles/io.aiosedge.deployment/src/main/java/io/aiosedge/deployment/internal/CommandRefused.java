package io.aiosedge.deployment.internal;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;

/**
 * A deployment command that cannot be carried out, with the reason a cloud operator reads and the Kura error code
 * of the refusal (an operation's report names it). The command response carries {@link #toKuraException()}'s code,
 * which the connector maps to a status (BAD_REQUEST 400, SECURITY_EXCEPTION 403, ...).
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

    /**
     * The exception a {@code RequestHandler} method throws for this refusal. Kura's KuraException formats its
     * message from a pattern per code, and the patterns of NOT_FOUND ("Not found.") and IO_ERROR (none: "Generic
     * Error - IO_ERROR: {1}") drop the reason; those two become INVALID_PARAMETER (the command names something
     * that is not there) and INTERNAL_ERROR, whose patterns keep it.
     */
    KuraException toKuraException() {
        return new KuraException(responseCode(this.code), this, getMessage());
    }

    static KuraErrorCode responseCode(KuraErrorCode code) {
        if (code == KuraErrorCode.NOT_FOUND) {
            return KuraErrorCode.INVALID_PARAMETER;
        }
        if (code == KuraErrorCode.IO_ERROR) {
            return KuraErrorCode.INTERNAL_ERROR;
        }
        return code;
    }
}
