package io.aiosedge.cloudsync.mqtt.internal.endpoint;

import java.util.Map;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;

/**
 * Reads the properties of a Kura message handed to {@code CloudEndpoint.publish}: publishers set numbers as
 * {@code Number} or as text, flags as {@code Boolean} or text. A value that is not what its key needs fails the
 * publish with {@link #invalid}, naming key and value.
 */
public final class MessageProperties {

    private MessageProperties() {
    }

    /** An integer property; {@code fallback} when absent. */
    public static int intProperty(Map<String, Object> p, String key, int fallback) throws KuraException {
        Object value = p.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return value instanceof Number ? ((Number) value).intValue() : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw notAnInteger(key, value);
        }
    }

    /** A long property; 0 when absent. */
    public static long longProperty(Map<String, Object> p, String key) throws KuraException {
        Object value = p.get(key);
        if (value == null) {
            return 0;
        }
        try {
            return value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw notAnInteger(key, value);
        }
    }

    /** A flag; false when absent, and for any text but {@code true} (any case). */
    public static boolean booleanProperty(Map<String, Object> p, String key) {
        Object value = p.get(key);
        return value instanceof Boolean ? (Boolean) value : value != null && Boolean.parseBoolean(value.toString());
    }

    /**
     * The error for a message that cannot be published, saying why. {@link KuraErrorCode#INVALID_PARAMETER}, whose
     * message pattern ({@code "Invalid parameter. {0}"}) keeps the detail: Kura's pattern for
     * {@code INVALID_MESSAGE_EXCEPTION} has no placeholder and would print only "Message or its encoding is
     * invalid." whatever was wrong.
     */
    public static KuraException invalid(String detail) {
        return new KuraException(KuraErrorCode.INVALID_PARAMETER, detail);
    }

    private static KuraException notAnInteger(String key, Object value) {
        return invalid("message property " + key + ": '" + value + "' is not an integer");
    }
}
