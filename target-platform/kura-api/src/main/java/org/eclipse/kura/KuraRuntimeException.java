package org.eclipse.kura;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraRuntimeException}: an unchecked exception carrying a {@link KuraErrorCode}.
 * <p>
 * The message is the code's name followed, when arguments were given, by {@code ": "} and the
 * arguments joined with {@code ", "} (for example {@code "INTERNAL_ERROR: boom"}).
 */
@ProviderType
public class KuraRuntimeException extends RuntimeException {

    private static final long serialVersionUID = -2235212263346591836L;

    private final KuraErrorCode code;
    private final Object[] arguments;

    public KuraRuntimeException(KuraErrorCode code) {
        this(code, null, new Object[0]);
    }

    public KuraRuntimeException(KuraErrorCode code, Object... arguments) {
        this(code, null, arguments);
    }

    public KuraRuntimeException(KuraErrorCode code, Throwable cause, Object... arguments) {
        super(cause);
        this.code = code;
        this.arguments = arguments == null ? new Object[0] : arguments.clone();
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
