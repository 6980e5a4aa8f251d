package org.eclipse.kura.type;

import java.util.Base64;
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
     * {@link Double}, {@link Integer}, {@link Long} and {@link String} are supported (not {@link Short},
     * {@link Byte} or {@link Character}).
     *
     * @param object the value
     * @return the typed value
     * @throws IllegalArgumentException {@code Cannot convert to TypedValue} if {@code object} is null or of another
     *             class
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
        throw new IllegalArgumentException("Cannot convert to TypedValue");
    }

    /**
     * Parses the string form of a value of the given type, as Kura does: no trimming; numbers with the
     * {@code parseXxx} of their wrapper class; a boolean with {@link Boolean#parseBoolean} ({@code true} in any case
     * is true, anything else false, never a failure); {@link DataType#BYTE_ARRAY} from standard Base64;
     * {@link DataType#STRING} as it is.
     *
     * @param type the data type
     * @param value the string form of the value
     * @return the typed value
     * @throws NullPointerException {@code value cannot be null} if {@code value} is null
     * @throws IllegalArgumentException {@code <value> cannot be converted into a TypedValue of type <type>} if the
     *             value does not parse or {@code type} is null
     */
    public static TypedValue<?> parseTypedValue(DataType type, String value) {
        Objects.requireNonNull(value, "value cannot be null");
        if (type != null) {
            try {
                switch (type) {
                case BOOLEAN:
                    return newBooleanValue(Boolean.parseBoolean(value));
                case BYTE_ARRAY:
                    return newByteArrayValue(Base64.getDecoder().decode(value));
                case DOUBLE:
                    return newDoubleValue(Double.parseDouble(value));
                case FLOAT:
                    return newFloatValue(Float.parseFloat(value));
                case INTEGER:
                    return newIntegerValue(Integer.parseInt(value));
                case LONG:
                    return newLongValue(Long.parseLong(value));
                case STRING:
                    return newStringValue(value);
                default:
                    break;
                }
            } catch (IllegalArgumentException e) {
                // NumberFormatException and Base64's refusal alike: answered below, as Kura does
            }
        }
        throw new IllegalArgumentException(value + " cannot be converted into a TypedValue of type " + type);
    }
}
