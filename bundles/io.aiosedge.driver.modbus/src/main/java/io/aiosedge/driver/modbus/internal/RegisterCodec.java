package io.aiosedge.driver.modbus.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

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
 * Pure conversions between Modbus register words (unsigned 16-bit values held in ints) and channel values.
 *
 * <p>Two steps each way. Words ↔ a <em>device value</em>: {@link Boolean} for BOOL, {@link Long} for every
 * integer type (so UINT32 keeps its range), {@link Float} for FLOAT32, {@link Double} for FLOAT64. Device
 * value ↔ the Kura {@link TypedValue} of the record's {@link DataType}. A conversion that would change the
 * value (out of range, fractional into an integer, unparsable text) throws {@link ConversionException}; the
 * only accepted loss is rounding when an integer or double is read as FLOAT.
 */
final class RegisterCodec {

    private static final BigDecimal UINT32_MAX = BigDecimal.valueOf(0xFFFF_FFFFL);

    private RegisterCodec() {
    }

    // ---------------------------------------------------------------- words <-> device value

    /**
     * Decodes the value of {@code type} that starts at {@code words[offset]}.
     *
     * @return Boolean, Long, Float or Double (see the class comment)
     */
    static Object decode(int[] words, int offset, ModbusDataType type, Endianness wordOrder, Endianness byteOrder) {
        int count = type.registerCount();
        if (offset < 0 || offset + count > words.length) {
            throw new IllegalArgumentException(type + " at offset " + offset + " needs " + count
                    + " registers; only " + words.length + " were read");
        }
        long bits = 0;
        for (int i = 0; i < count; i++) {
            // Position i of the value, most significant word first, is stored at word i (big endian) or at the
            // mirrored position (little endian).
            int stored = words[offset + (wordOrder == Endianness.BIG_ENDIAN ? i : count - 1 - i)] & 0xFFFF;
            int word = byteOrder == Endianness.BIG_ENDIAN ? stored : swapBytes(stored);
            bits = (bits << 16) | word;
        }
        switch (type) {
        case BOOL:
            return bits != 0;
        case INT16:
            return (long) (short) bits;
        case UINT16:
            return bits & 0xFFFFL;
        case INT32:
            return (long) (int) bits;
        case UINT32:
            return bits & 0xFFFF_FFFFL;
        case INT64:
            return bits;
        case FLOAT32:
            return Float.intBitsToFloat((int) bits);
        case FLOAT64:
            return Double.longBitsToDouble(bits);
        default:
            throw new IllegalArgumentException("unknown data type " + type);
        }
    }

    /**
     * Encodes a device value (as {@link #toDeviceValue} returns it, already range-checked) into the
     * registers of {@code type}, in the order they are written starting at the channel address.
     */
    static int[] encode(Object deviceValue, ModbusDataType type, Endianness wordOrder, Endianness byteOrder) {
        long bits;
        switch (type) {
        case BOOL:
            bits = ((Boolean) deviceValue) ? 1 : 0;
            break;
        case FLOAT32:
            bits = Float.floatToRawIntBits((Float) deviceValue) & 0xFFFF_FFFFL;
            break;
        case FLOAT64:
            bits = Double.doubleToRawLongBits((Double) deviceValue);
            break;
        default:
            bits = (Long) deviceValue;
        }
        int count = type.registerCount();
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            // i = 0 is the most significant word.
            int word = (int) (bits >>> (16 * (count - 1 - i))) & 0xFFFF;
            int stored = byteOrder == Endianness.BIG_ENDIAN ? word : swapBytes(word);
            words[wordOrder == Endianness.BIG_ENDIAN ? i : count - 1 - i] = stored;
        }
        return words;
    }

    /** The registers as they travel on the wire: high byte first, lowest address first. */
    static byte[] rawBytes(int[] words, int offset, int count) {
        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            bytes[2 * i] = (byte) (words[offset + i] >> 8);
            bytes[2 * i + 1] = (byte) words[offset + i];
        }
        return bytes;
    }

    /** The inverse of {@link #rawBytes}; the array must hold exactly {@code count} registers. */
    static int[] wordsFromRawBytes(byte[] bytes, int count) throws ConversionException {
        if (bytes.length != count * 2) {
            throw new ConversionException("a raw value for " + count + " register(s) must have " + (count * 2)
                    + " bytes, not " + bytes.length);
        }
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        return words;
    }

    private static int swapBytes(int word) {
        return ((word & 0xFF) << 8) | ((word >> 8) & 0xFF);
    }

    // ---------------------------------------------------------------- device value -> Kura value (read)

    /**
     * Converts a decoded device value to the record's data type. BYTE_ARRAY is handled by the caller (it needs
     * the raw registers).
     */
    static TypedValue<?> toTypedValue(Object deviceValue, ModbusDataType sourceType, DataType target)
            throws ConversionException {
        switch (target) {
        case BOOLEAN:
            if (deviceValue instanceof Boolean) {
                return TypedValues.newBooleanValue((Boolean) deviceValue);
            }
            return TypedValues.newBooleanValue(((Number) deviceValue).doubleValue() != 0);
        case INTEGER:
            return TypedValues.newIntegerValue(exactInteger(deviceValue, sourceType, target)
                    .intValueExact());
        case LONG:
            return TypedValues.newLongValue(exactInteger(deviceValue, sourceType, target).longValueExact());
        case FLOAT:
            if (deviceValue instanceof Boolean) {
                return TypedValues.newFloatValue((Boolean) deviceValue ? 1f : 0f);
            }
            if (deviceValue instanceof Double) {
                double d = (Double) deviceValue;
                if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                    throw new ConversionException(sourceType + " value " + d + " does not fit FLOAT");
                }
            }
            return TypedValues.newFloatValue(((Number) deviceValue).floatValue());
        case DOUBLE:
            if (deviceValue instanceof Boolean) {
                return TypedValues.newDoubleValue((Boolean) deviceValue ? 1d : 0d);
            }
            return TypedValues.newDoubleValue(((Number) deviceValue).doubleValue());
        case STRING:
            return TypedValues.newStringValue(String.valueOf(deviceValue));
        default:
            throw new ConversionException("cannot convert " + sourceType + " to " + target);
        }
    }

    /** Integer targets: Long must fit, Float/Double must be finite and whole, Boolean is 1 or 0. */
    private static BigDecimal exactInteger(Object deviceValue, ModbusDataType sourceType, DataType target)
            throws ConversionException {
        BigDecimal value = deviceValueAsDecimal(deviceValue, sourceType, target);
        BigDecimal min = target == DataType.INTEGER ? BigDecimal.valueOf(Integer.MIN_VALUE)
                : BigDecimal.valueOf(Long.MIN_VALUE);
        BigDecimal max = target == DataType.INTEGER ? BigDecimal.valueOf(Integer.MAX_VALUE)
                : BigDecimal.valueOf(Long.MAX_VALUE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConversionException(sourceType + " value " + deviceValue + " does not fit " + target);
        }
        return value;
    }

    private static BigDecimal deviceValueAsDecimal(Object deviceValue, ModbusDataType sourceType, Object target)
            throws ConversionException {
        if (deviceValue instanceof Boolean) {
            return (Boolean) deviceValue ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (deviceValue instanceof Long) {
            return BigDecimal.valueOf((Long) deviceValue);
        }
        double d = ((Number) deviceValue).doubleValue();
        if (!Double.isFinite(d)) {
            throw new ConversionException(sourceType + " value " + deviceValue + " is not a finite number and"
                    + " cannot be converted to " + target);
        }
        BigDecimal value = new BigDecimal(d);
        if (value.stripTrailingZeros().scale() > 0) {
            throw new ConversionException(sourceType + " value " + deviceValue + " is not a whole number and"
                    + " cannot be converted to " + target + " without losing its fraction");
        }
        return value;
    }

    // ---------------------------------------------------------------- Kura value -> device value (write)

    /**
     * Converts a value to write into the device value of {@code targetType}, checking its range. Byte arrays
     * are handled by the caller ({@link #wordsFromRawBytes}).
     *
     * @return Boolean for BOOL, Float for FLOAT32, Double for FLOAT64, Long for the integer types
     */
    static Object toDeviceValue(TypedValue<?> value, ModbusDataType targetType) throws ConversionException {
        if (value == null || value.getValue() == null) {
            throw new ConversionException("no value to write");
        }
        Object v = value.getValue();
        if (value instanceof StringValue) {
            return parseDeviceValue(((String) v).trim(), targetType);
        }
        if (value instanceof ByteArrayValue) {
            throw new ConversionException("a BYTE_ARRAY value is written raw, not converted");
        }
        switch (targetType) {
        case BOOL:
            if (value instanceof BooleanValue) {
                return v;
            }
            BigDecimal bool = numericDecimal(value, targetType);
            if (bool.compareTo(BigDecimal.ZERO) == 0) {
                return Boolean.FALSE;
            }
            if (bool.compareTo(BigDecimal.ONE) == 0) {
                return Boolean.TRUE;
            }
            throw new ConversionException(value.getType() + " value " + v + " is not 0 or 1 and cannot be written"
                    + " as BOOL");
        case FLOAT32:
            if (value instanceof BooleanValue) {
                return (Boolean) v ? 1f : 0f;
            }
            if (value instanceof DoubleValue) {
                double d = (Double) v;
                if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                    throw new ConversionException("DOUBLE value " + d + " does not fit FLOAT32");
                }
            }
            return ((Number) v).floatValue();
        case FLOAT64:
            if (value instanceof BooleanValue) {
                return (Boolean) v ? 1d : 0d;
            }
            return ((Number) v).doubleValue();
        default:
            if (value instanceof BooleanValue) {
                return (Boolean) v ? 1L : 0L;
            }
            return checkIntegerRange(numericDecimal(value, targetType), targetType, String.valueOf(v));
        }
    }

    private static BigDecimal numericDecimal(TypedValue<?> value, ModbusDataType targetType)
            throws ConversionException {
        if (value instanceof IntegerValue || value instanceof LongValue) {
            return BigDecimal.valueOf(((Number) value.getValue()).longValue());
        }
        if (value instanceof FloatValue || value instanceof DoubleValue) {
            double d = ((Number) value.getValue()).doubleValue();
            if (!Double.isFinite(d)) {
                throw new ConversionException(value.getType() + " value " + d + " cannot be written as "
                        + targetType);
            }
            return new BigDecimal(d);
        }
        throw new ConversionException("cannot write a " + value.getType() + " value as " + targetType);
    }

    private static Object parseDeviceValue(String text, ModbusDataType targetType) throws ConversionException {
        switch (targetType) {
        case BOOL:
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("1")) {
                return Boolean.TRUE;
            }
            if (lower.equals("false") || lower.equals("0")) {
                return Boolean.FALSE;
            }
            throw new ConversionException("cannot parse '" + text + "' as BOOL (true, false, 1 or 0)");
        case FLOAT32:
        case FLOAT64:
            double d;
            try {
                d = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new ConversionException("cannot parse '" + text + "' as " + targetType, e);
            }
            if (targetType == ModbusDataType.FLOAT64) {
                return d;
            }
            if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                throw new ConversionException("'" + text + "' does not fit FLOAT32");
            }
            return (float) d;
        default:
            BigDecimal value;
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new ConversionException("cannot parse '" + text + "' as " + targetType, e);
            }
            return checkIntegerRange(value, targetType, "'" + text + "'");
        }
    }

    private static Long checkIntegerRange(BigDecimal value, ModbusDataType targetType, String shown)
            throws ConversionException {
        if (value.stripTrailingZeros().scale() > 0) {
            throw new ConversionException(shown + " is not a whole number and cannot be written as " + targetType);
        }
        BigInteger whole = value.toBigIntegerExact();
        long min;
        long max;
        switch (targetType) {
        case INT16:
            min = Short.MIN_VALUE;
            max = Short.MAX_VALUE;
            break;
        case UINT16:
            min = 0;
            max = 0xFFFF;
            break;
        case INT32:
            min = Integer.MIN_VALUE;
            max = Integer.MAX_VALUE;
            break;
        case UINT32:
            min = 0;
            max = UINT32_MAX.longValue();
            break;
        default:
            min = Long.MIN_VALUE;
            max = Long.MAX_VALUE;
        }
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ConversionException(shown + " is out of range for " + targetType + " (" + min + ".." + max
                    + ")");
        }
        return whole.longValueExact();
    }
}
