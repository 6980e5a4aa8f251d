package org.eclipse.kura;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraException}: a checked exception carrying a {@link KuraErrorCode}.
 * <p>
 * The message is the code's name followed, when arguments were given, by {@code ": "} and the
 * arguments joined with {@code ", "} (for example {@code "INTERNAL_ERROR: boom"}).
 */
@ProviderType
public class KuraException extends Exception {

    private static final long serialVersionUID = 7468633737373095296L;

    private final KuraErrorCode code;
    private final Object[] arguments;

    public KuraException(KuraErrorCode code) {
        this(code, null, new Object[0]);
    }

    public KuraException(KuraErrorCode code, Object... arguments) {
        this(code, null, arguments);
    }

    public KuraException(KuraErrorCode code, Throwable cause, Object... arguments) {
        super(cause);
        this.code = code;
        this.arguments = arguments == null ? new Object[0] : arguments.clone();
    }

    public static KuraException internalError(String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, message);
    }

    public static KuraException internalError(Throwable cause) {
        if (cause == null || cause.getMessage() == null) {
            return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, new Object[0]);
        }
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, cause.getMessage());
    }

    public static KuraException internalError(Throwable cause, String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, message);
    }

    public KuraErrorCode getCode() {
        return this.code;
    }

    @Override
    public String getLocalizedMessage() {
        return getMessage();
    }

    @Override
    public String getMessage() {
        return format(this.code, this.arguments);
    }

    private static String format(KuraErrorCode code, Object[] arguments) {
        String name = code == null ? "null" : code.name();
        if (arguments == null || arguments.length == 0) {
            return name;
        }
        return name + ": " + Arrays.stream(arguments).map(String::valueOf).collect(Collectors.joining(", "));
    }
}
