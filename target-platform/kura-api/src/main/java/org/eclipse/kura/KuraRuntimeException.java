package org.eclipse.kura;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraRuntimeException}: an unchecked exception carrying a {@link KuraErrorCode}.
 * <p>
 * The message is formatted as Kura 5.4 formats it, so that code tested against the stand-in sees the message a
 * gateway shows: the code's pattern from {@code org/eclipse/kura/core/messages/KuraExceptionMessagesBundle.properties}
 * (the same patterns as Kura's bundle) filled with the arguments by {@link MessageFormat} in the default locale.
 * A pattern without a placeholder drops the arguments ({@code NOT_FOUND} is always {@code "Not found."}), a
 * placeholder without an argument stays as {@code {0}}, and a code without a pattern ({@code IO_ERROR},
 * {@code UNSUPPORTED_MODEM}) or a null code gives {@code "Generic Error - <code>: {1}"}. For
 * {@code INTERNAL_ERROR} and a null code, two or more arguments are joined into one, each preceded by
 * {@code " - "}.
 */
@ProviderType
public class KuraRuntimeException extends RuntimeException {

    private static final String MESSAGES_BUNDLE = "org.eclipse.kura.core.messages.KuraExceptionMessagesBundle";
    private static final String GENERIC_PATTERN = "Generic Error - {0}: {1}";

    private static final long serialVersionUID = -7202805328805688329L;

    private final KuraErrorCode code;
    // Not final and not copied, as in Kura: INTERNAL_ERROR's arguments are replaced by their join once formatted.
    private Object[] arguments;

    public KuraRuntimeException(KuraErrorCode code) {
        this.code = code;
    }

    public KuraRuntimeException(KuraErrorCode code, Object... arguments) {
        this.code = code;
        this.arguments = arguments;
    }

    public KuraRuntimeException(KuraErrorCode code, Throwable cause, Object... arguments) {
        super(cause);
        this.code = code;
        this.arguments = arguments;
    }

    public KuraErrorCode getCode() {
        return this.code;
    }

    /** The message with the bundle looked up for the default locale (the patterns are the same in every locale). */
    @Override
    public String getLocalizedMessage() {
        return format(Locale.getDefault());
    }

    /** The message with the bundle looked up for {@link Locale#US}; numbers are still formatted in the default locale. */
    @Override
    public String getMessage() {
        return format(Locale.US);
    }

    private String format(Locale bundleLocale) {
        String pattern = patternOf(this.code, bundleLocale);
        if ((this.code == null || this.code == KuraErrorCode.INTERNAL_ERROR) && this.arguments != null
                && this.arguments.length > 1) {
            StringBuilder joined = new StringBuilder();
            for (Object argument : this.arguments) {
                joined.append(" - ").append(argument);
            }
            this.arguments = new Object[] { joined.toString() };
        }
        return MessageFormat.format(pattern, this.arguments);
    }

    private static String patternOf(KuraErrorCode code, Locale bundleLocale) {
        String pattern = null;
        try {
            ResourceBundle messages = ResourceBundle.getBundle(MESSAGES_BUNDLE, bundleLocale,
                    KuraRuntimeException.class.getClassLoader());
            if (code != null) {
                pattern = messages.getString(code.name());
            }
        } catch (MissingResourceException noPattern) {
            // Kura logs a warning here and falls back to the generic pattern.
        }
        if (pattern == null) {
            pattern = MessageFormat.format(GENERIC_PATTERN, code == null ? "Unknown" : code.name());
        }
        return pattern;
    }
}
