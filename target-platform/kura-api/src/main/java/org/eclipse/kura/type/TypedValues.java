package org.eclipse.kura.type;

import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code TypedValues}: factories for {@link TypedValue}s. */
@ProviderType
public final class TypedValues {

    private TypedValues() {
    }

    public static BooleanValue newBooleanValue(boolean value) {
        return new BooleanValue(value);
    }

    public static ByteArrayValue newByteArrayValue(byte[] value) {
        return new ByteArrayValue(value);
    }

    public static FloatValue newFloatValue(float value) {
        return new FloatValue(value);
    }

    public static DoubleValue newDoubleValue(double value) {
        return new DoubleValue(value);
    }

    public static IntegerValue newIntegerValue(int value) {
        return new IntegerValue(value);
    }

    public static LongValue newLongValue(long value) {
        return new LongValue(value);
    }

    public static StringValue newStringValue(String value) {
        return new StringValue(value);
    }

    /**
     * Wraps a Java object in the matching typed value: {@link Boolean}, {@code byte[]}, {@link Float},
     * {@link Double}, {@link Integer}, {@link Long} and {@link String} are supported.
     *
     * @param object the value
     * @return the typed value
     * @throws IllegalArgumentException if {@code object} is null or of an unsupported class (the message
     *             names the class)
     */
    public static TypedValue<?> newTypedValue(Object object) {
        if (object instanceof Boolean) {
            return newBooleanValue((Boolean) object);
        } else if (object instanceof byte[]) {
            return newByteArrayValue((byte[]) object);
        } else if (object instanceof Float) {
            return newFloatValue((Float) object);
        } else if (object instanceof Double) {
            return newDoubleValue((Double) object);
        } else if (object instanceof Integer) {
            return newIntegerValue((Integer) object);
        } else if (object instanceof Long) {
            return newLongValue((Long) object);
        } else if (object instanceof String) {
            return newStringValue((String) object);
        }
        throw new IllegalArgumentException(
                "Cannot convert " + (object == null ? "null" : object.getClass().getName()) + " to a TypedValue");
    }

    /**
     * Parses the string form of a value of the given type. Booleans must be {@code true} or {@code false}
     * (any case); numbers use the {@code parseXxx} syntax of their wrapper class; surrounding white space is
     * ignored for booleans and numbers. {@link DataType#BYTE_ARRAY} values are decoded from standard Base64
     * ({@link Base64#getDecoder()}); {@link DataType#STRING} values are taken as they are.
     *
     * @param type the data type
     * @param value the string form of the value
     * @return the typed value
     * @throws NullPointerException if {@code type} is null
     * @throws NumberFormatException if a number cannot be parsed (the message names the type and the value)
     * @throws IllegalArgumentException if {@code value} is null or cannot be parsed (the message names the
     *             type and the value)
     */
    public static TypedValue<?> parseTypedValue(DataType type, String value) {
        Objects.requireNonNull(type, "type cannot be null");
        if (value == null) {
            throw new IllegalArgumentException("Cannot parse null as " + type);
        }
        try {
            switch (type) {
            case BOOLEAN:
                return newBooleanValue(parseBoolean(value.trim()));
            case BYTE_ARRAY:
                return newByteArrayValue(Base64.getDecoder().decode(value.trim()));
            case DOUBLE:
                return newDoubleValue(Double.parseDouble(value.trim()));
            case FLOAT:
                return newFloatValue(Float.parseFloat(value.trim()));
            case INTEGER:
                return newIntegerValue(Integer.parseInt(value.trim()));
            case LONG:
                return newLongValue(Long.parseLong(value.trim()));
            case STRING:
                return newStringValue(value);
            default:
                throw new IllegalArgumentException("Unsupported data type " + type);
            }
        } catch (NumberFormatException e) {
            NumberFormatException wrapped = new NumberFormatException(describe(type, value));
            wrapped.initCause(e);
            throw wrapped;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(type, value), e);
        }
    }

    private static boolean parseBoolean(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if ("true".equals(lower)) {
            return true;
        }
        if ("false".equals(lower)) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static String describe(DataType type, String value) {
        return "Cannot parse '" + value + "' as " + type;
    }
}
