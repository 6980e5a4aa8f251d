package io.aiosedge.driver.modbus.internal;

import static io.aiosedge.driver.modbus.internal.Endianness.BIG_ENDIAN;
import static io.aiosedge.driver.modbus.internal.Endianness.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;

import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterCodecTest {

    /** Known layouts: the value, the type, word order, byte order and the registers in address order. */
    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(0x1234L, ModbusDataType.UINT16, BIG_ENDIAN, BIG_ENDIAN, new int[] {0x1234}),
                Arguments.of(0x1234L, ModbusDataType.UINT16, BIG_ENDIAN, LITTLE_ENDIAN, new int[] {0x3412}),
                Arguments.of(-2L, ModbusDataType.INT16, BIG_ENDIAN, BIG_ENDIAN, new int[] {0xFFFE}),
                Arguments.of(0x12345678L, ModbusDataType.INT32, BIG_ENDIAN, BIG_ENDIAN, new int[] {0x1234, 0x5678}),
                Arguments.of(0x12345678L, ModbusDataType.INT32, LITTLE_ENDIAN, BIG_ENDIAN, new int[] {0x5678, 0x1234}),
                Arguments.of(0x12345678L, ModbusDataType.INT32, BIG_ENDIAN, LITTLE_ENDIAN, new int[] {0x3412, 0x7856}),
                Arguments.of(0x12345678L, ModbusDataType.INT32, LITTLE_ENDIAN, LITTLE_ENDIAN,
                        new int[] {0x7856, 0x3412}),
                Arguments.of(-1L, ModbusDataType.INT32, BIG_ENDIAN, BIG_ENDIAN, new int[] {0xFFFF, 0xFFFF}),
                Arguments.of(0xFFFFFFFEL, ModbusDataType.UINT32, BIG_ENDIAN, BIG_ENDIAN, new int[] {0xFFFF, 0xFFFE}),
                Arguments.of(0x0102030405060708L, ModbusDataType.INT64, BIG_ENDIAN, BIG_ENDIAN,
                        new int[] {0x0102, 0x0304, 0x0506, 0x0708}),
                Arguments.of(0x0102030405060708L, ModbusDataType.INT64, LITTLE_ENDIAN, BIG_ENDIAN,
                        new int[] {0x0708, 0x0506, 0x0304, 0x0102}),
                Arguments.of(0x0102030405060708L, ModbusDataType.INT64, BIG_ENDIAN, LITTLE_ENDIAN,
                        new int[] {0x0201, 0x0403, 0x0605, 0x0807}),
                Arguments.of(0x0102030405060708L, ModbusDataType.INT64, LITTLE_ENDIAN, LITTLE_ENDIAN,
                        new int[] {0x0807, 0x0605, 0x0403, 0x0201}),
                // 1.5f = 0x3FC00000
                Arguments.of(1.5f, ModbusDataType.FLOAT32, BIG_ENDIAN, BIG_ENDIAN, new int[] {0x3FC0, 0x0000}),
                Arguments.of(1.5f, ModbusDataType.FLOAT32, LITTLE_ENDIAN, BIG_ENDIAN, new int[] {0x0000, 0x3FC0}),
                Arguments.of(1.5f, ModbusDataType.FLOAT32, BIG_ENDIAN, LITTLE_ENDIAN, new int[] {0xC03F, 0x0000}),
                Arguments.of(1.5f, ModbusDataType.FLOAT32, LITTLE_ENDIAN, LITTLE_ENDIAN, new int[] {0x0000, 0xC03F}),
                // -2.5 = 0xC004000000000000
                Arguments.of(-2.5d, ModbusDataType.FLOAT64, BIG_ENDIAN, BIG_ENDIAN, new int[] {0xC004, 0, 0, 0}),
                Arguments.of(-2.5d, ModbusDataType.FLOAT64, LITTLE_ENDIAN, LITTLE_ENDIAN,
                        new int[] {0, 0, 0, 0x04C0}),
                Arguments.of(true, ModbusDataType.BOOL, BIG_ENDIAN, BIG_ENDIAN, new int[] {1}));
    }

    @ParameterizedTest(name = "{1} {2} words {3} bytes")
    @MethodSource("layouts")
    void decodesAndEncodesKnownLayouts(Object value, ModbusDataType type, Endianness words, Endianness bytes,
            int[] registers) {
        assertThat(RegisterCodec.decode(registers, 0, type, words, bytes)).isEqualTo(value);
        assertThat(RegisterCodec.encode(value, type, words, bytes)).containsExactly(registers);
    }

    @Test
    void decodesAtAnOffsetInsideALargerRead() {
        int[] block = {0xAAAA, 0x1234, 0x5678, 0xBBBB};
        assertThat(RegisterCodec.decode(block, 1, ModbusDataType.INT32, BIG_ENDIAN, BIG_ENDIAN))
                .isEqualTo(0x12345678L);
        assertThatThrownBy(() -> RegisterCodec.decode(block, 3, ModbusDataType.INT32, BIG_ENDIAN, BIG_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(ModbusDataType.class)
    void roundTripsRandomValuesInEveryOrder(ModbusDataType type) {
        Random random = new Random(42);
        for (Endianness words : Endianness.values()) {
            for (Endianness bytes : Endianness.values()) {
                for (int i = 0; i < 200; i++) {
                    Object value = randomValue(type, random);
                    int[] registers = RegisterCodec.encode(value, type, words, bytes);
                    assertThat(registers).hasSize(type.registerCount());
                    assertThat(java.util.Arrays.stream(registers)).allMatch(r -> r >= 0 && r <= 0xFFFF);
                    assertThat(RegisterCodec.decode(registers, 0, type, words, bytes)).isEqualTo(value);
                }
            }
        }
    }

    private static Object randomValue(ModbusDataType type, Random random) {
        switch (type) {
        case BOOL:
            return random.nextBoolean();
        case INT16:
            return (long) (short) random.nextInt();
        case UINT16:
            return (long) random.nextInt(0x10000);
        case INT32:
            return (long) random.nextInt();
        case UINT32:
            return random.nextInt() & 0xFFFF_FFFFL;
        case INT64:
            return random.nextLong();
        case FLOAT32:
            return random.nextFloat() * 1e6f - 5e5f;
        default:
            return random.nextDouble() * 1e12 - 5e11;
        }
    }

    // ---------------------------------------------------------------- read: device value -> record type

    @Test
    void convertsReadValuesToEveryRecordType() throws Exception {
        assertThat(value(RegisterCodec.toTypedValue(-5L, ModbusDataType.INT16, DataType.INTEGER))).isEqualTo(-5);
        assertThat(value(RegisterCodec.toTypedValue(65535L, ModbusDataType.UINT16, DataType.LONG))).isEqualTo(65535L);
        assertThat(value(RegisterCodec.toTypedValue(7L, ModbusDataType.UINT16, DataType.FLOAT))).isEqualTo(7f);
        assertThat(value(RegisterCodec.toTypedValue(1.5f, ModbusDataType.FLOAT32, DataType.DOUBLE))).isEqualTo(1.5d);
        assertThat(value(RegisterCodec.toTypedValue(3.0f, ModbusDataType.FLOAT32, DataType.INTEGER))).isEqualTo(3);
        assertThat(value(RegisterCodec.toTypedValue(0L, ModbusDataType.INT16, DataType.BOOLEAN))).isEqualTo(false);
        assertThat(value(RegisterCodec.toTypedValue(2L, ModbusDataType.INT16, DataType.BOOLEAN))).isEqualTo(true);
        assertThat(value(RegisterCodec.toTypedValue(true, ModbusDataType.BOOL, DataType.INTEGER))).isEqualTo(1);
        assertThat(value(RegisterCodec.toTypedValue(-2.5d, ModbusDataType.FLOAT64, DataType.STRING)))
                .isEqualTo("-2.5");
        assertThat(value(RegisterCodec.toTypedValue(4294967295L, ModbusDataType.UINT32, DataType.STRING)))
                .isEqualTo("4294967295");
    }

    @Test
    void refusesReadValuesThatDoNotFitTheRecordType() {
        assertThatThrownBy(() -> RegisterCodec.toTypedValue(4294967295L, ModbusDataType.UINT32, DataType.INTEGER))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("4294967295").hasMessageContaining("INTEGER");
        assertThatThrownBy(() -> RegisterCodec.toTypedValue(1.5f, ModbusDataType.FLOAT32, DataType.LONG))
                .isInstanceOf(ConversionException.class).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> RegisterCodec.toTypedValue(Float.NaN, ModbusDataType.FLOAT32, DataType.INTEGER))
                .isInstanceOf(ConversionException.class).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> RegisterCodec.toTypedValue(1e300, ModbusDataType.FLOAT64, DataType.FLOAT))
                .isInstanceOf(ConversionException.class).hasMessageContaining("does not fit FLOAT");
        assertThatThrownBy(() -> RegisterCodec.toTypedValue(1e19, ModbusDataType.FLOAT64, DataType.LONG))
                .isInstanceOf(ConversionException.class).hasMessageContaining("does not fit LONG");
    }

    @Test
    void rawBytesAreTheRegistersAsOnTheWire() throws Exception {
        int[] registers = {0x0102, 0xA0B0};
        byte[] raw = RegisterCodec.rawBytes(registers, 0, 2);
        assertThat(raw).containsExactly(0x01, 0x02, 0xA0, 0xB0);
        assertThat(RegisterCodec.wordsFromRawBytes(raw, 2)).containsExactly(registers);
        assertThatThrownBy(() -> RegisterCodec.wordsFromRawBytes(new byte[3], 2))
                .isInstanceOf(ConversionException.class).hasMessageContaining("4 bytes");
    }

    // ---------------------------------------------------------------- write: record value -> device value

    @Test
    void convertsWriteValuesWithinRange() throws Exception {
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newIntegerValue(-32768), ModbusDataType.INT16))
                .isEqualTo(-32768L);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newLongValue(4294967295L), ModbusDataType.UINT32))
                .isEqualTo(4294967295L);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newDoubleValue(12.0), ModbusDataType.UINT16))
                .isEqualTo(12L);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newStringValue(" 42 "), ModbusDataType.INT32))
                .isEqualTo(42L);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newStringValue("2.25"), ModbusDataType.FLOAT32))
                .isEqualTo(2.25f);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newIntegerValue(3), ModbusDataType.FLOAT64))
                .isEqualTo(3.0d);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newBooleanValue(true), ModbusDataType.UINT16))
                .isEqualTo(1L);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newIntegerValue(0), ModbusDataType.BOOL))
                .isEqualTo(false);
        assertThat(RegisterCodec.toDeviceValue(TypedValues.newStringValue("TRUE"), ModbusDataType.BOOL))
                .isEqualTo(true);
    }

    @Test
    void refusesWriteValuesThatDoNotFit() {
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newStringValue("abc"), ModbusDataType.INT16))
                .isInstanceOf(ConversionException.class).hasMessageContaining("'abc'").hasMessageContaining("INT16");
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newIntegerValue(70000), ModbusDataType.INT16))
                .isInstanceOf(ConversionException.class).hasMessageContaining("out of range for INT16");
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newIntegerValue(-1), ModbusDataType.UINT16))
                .isInstanceOf(ConversionException.class).hasMessageContaining("out of range for UINT16");
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newDoubleValue(1.5), ModbusDataType.INT32))
                .isInstanceOf(ConversionException.class).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newIntegerValue(2), ModbusDataType.BOOL))
                .isInstanceOf(ConversionException.class).hasMessageContaining("not 0 or 1");
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newStringValue("yes"), ModbusDataType.BOOL))
                .isInstanceOf(ConversionException.class).hasMessageContaining("'yes'");
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newDoubleValue(1e300),
                ModbusDataType.FLOAT32)).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> RegisterCodec.toDeviceValue(TypedValues.newFloatValue(Float.NaN),
                ModbusDataType.INT64)).isInstanceOf(ConversionException.class);
    }

    private static Object value(TypedValue<?> typed) {
        return typed.getValue();
    }
}
