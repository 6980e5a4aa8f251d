package io.aiosedge.driver.simulated.internal;

import java.nio.ByteBuffer;

import org.eclipse.kura.type.BooleanValue;
import org.eclipse.kura.type.ByteArrayValue;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.DoubleValue;
import org.eclipse.kura.type.FloatValue;
import org.eclipse.kura.type.IntegerValue;
import org.eclipse.kura.type.LongValue;
import org.eclipse.kura.type.StringValue;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;

/**
 * Converts between the simulator's doubles and Kura's typed values. BOOLEAN is true when the value rounds to
 * a non-zero integer (so BOOLEAN agrees with INTEGER); INTEGER and LONG round half up and fail out of range;
 * STRING is {@link Double#toString(double)}; BYTE_ARRAY is the 8-byte big-endian IEEE 754 double.
 */
final class TypedValueConversion {

    /** Bytes of a BYTE_ARRAY value: one big-endian double. */
    static final int DOUBLE_BYTES = Double.BYTES;

    private TypedValueConversion() {
    }

    /**
     * @param value the simulated value
     * @param type the wanted type
     * @return the typed value
     * @throws IllegalArgumentException if the value does not fit the type
     */
    static TypedValue<?> toTypedValue(double value, DataType type) {
        switch (type) {
        case BOOLEAN:
            return TypedValues.newBooleanValue(Math.round(value) != 0);
        case INTEGER:
            if (value < Integer.MIN_VALUE - 0.5 || value >= Integer.MAX_VALUE + 0.5) {
                throw new IllegalArgumentException("value " + value + " is out of the INTEGER range");
            }
            return TypedValues.newIntegerValue((int) Math.round(value));
        case LONG:
            if (value < -0x1.0p63 || value >= 0x1.0p63) {
                throw new IllegalArgumentException("value " + value + " is out of the LONG range");
            }
            return TypedValues.newLongValue(Math.round(value));
        case FLOAT:
            return TypedValues.newFloatValue((float) value);
        case DOUBLE:
            return TypedValues.newDoubleValue(value);
        case STRING:
            return TypedValues.newStringValue(Double.toString(value));
        case BYTE_ARRAY:
            return TypedValues.newByteArrayValue(ByteBuffer.allocate(DOUBLE_BYTES).putDouble(value).array());
        default:
            throw new IllegalArgumentException("unsupported value type " + type);
        }
    }

    /**
     * The number a written value stands for: booleans are 1 or 0, strings are parsed, byte arrays must hold one
     * 8-byte big-endian double.
     *
     * @param value the written value
     * @return a finite double
     * @throws IllegalArgumentException if the value is null, not a number or not finite
     */
    static double toDouble(TypedValue<?> value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value to write");
        }
        double number;
        if (value instanceof BooleanValue bool) {
            number = bool.getValue() ? 1.0 : 0.0;
        } else if (value instanceof IntegerValue || value instanceof LongValue || value instanceof FloatValue
                || value instanceof DoubleValue) {
            number = ((Number) value.getValue()).doubleValue();
        } else if (value instanceof StringValue string) {
            try {
                number = Double.parseDouble(string.getValue().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + string.getValue() + "' is not a number");
            }
        } else if (value instanceof ByteArrayValue bytes) {
            if (bytes.getValue().length != DOUBLE_BYTES) {
                throw new IllegalArgumentException("a BYTE_ARRAY setpoint must be " + DOUBLE_BYTES
                        + " bytes (a big-endian double), not " + bytes.getValue().length);
            }
            number = ByteBuffer.wrap(bytes.getValue()).getDouble();
        } else {
            throw new IllegalArgumentException("unsupported value type " + value.getType());
        }
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("value " + number + " is not finite");
        }
        return number;
    }
}
