package org.eclipse.kura.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TypedValuesTest {

    @Test
    void factoriesCarryValueAndType() {
        assertValue(TypedValues.newBooleanValue(true), DataType.BOOLEAN, true);
        assertValue(TypedValues.newFloatValue(1.5f), DataType.FLOAT, 1.5f);
        assertValue(TypedValues.newDoubleValue(2.5d), DataType.DOUBLE, 2.5d);
        assertValue(TypedValues.newIntegerValue(7), DataType.INTEGER, 7);
        assertValue(TypedValues.newLongValue(8L), DataType.LONG, 8L);
        assertValue(TypedValues.newStringValue("s"), DataType.STRING, "s");
        ByteArrayValue bytes = TypedValues.newByteArrayValue(new byte[] { 1, 2 });
        assertThat(bytes.getType()).isEqualTo(DataType.BYTE_ARRAY);
        assertThat(bytes.getValue()).containsExactly(1, 2);
    }

    private static void assertValue(TypedValue<?> value, DataType type, Object expected) {
        assertThat(value.getType()).isEqualTo(type);
        assertThat(value.getValue()).isEqualTo(expected);
    }

    @Test
    void newTypedValueMapsEverySupportedClass() {
        assertThat(TypedValues.newTypedValue(Boolean.TRUE)).isEqualTo(new BooleanValue(true));
        assertThat(TypedValues.newTypedValue(new byte[] { 3 })).isEqualTo(new ByteArrayValue(new byte[] { 3 }));
        assertThat(TypedValues.newTypedValue(1.0f)).isEqualTo(new FloatValue(1.0f));
        assertThat(TypedValues.newTypedValue(1.0d)).isEqualTo(new DoubleValue(1.0d));
        assertThat(TypedValues.newTypedValue(1)).isEqualTo(new IntegerValue(1));
        assertThat(TypedValues.newTypedValue(1L)).isEqualTo(new LongValue(1L));
        assertThat(TypedValues.newTypedValue("x")).isEqualTo(new StringValue("x"));
    }

    @Test
    void newTypedValueRejectsOtherClassesNamingThem() {
        assertThatThrownBy(() -> TypedValues.newTypedValue((short) 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Short");
        assertThatThrownBy(() -> TypedValues.newTypedValue(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.");
        assertThatThrownBy(() -> TypedValues.newTypedValue(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @CsvSource({ "BOOLEAN, true, true", "BOOLEAN, FALSE, false", "BOOLEAN, ' true ', true", "DOUBLE, 1.25, 1.25",
            "FLOAT, -2.5, -2.5", "INTEGER, 42, 42", "INTEGER, ' -7 ', -7", "LONG, 9000000000, 9000000000",
            "STRING, ' keep spaces ', ' keep spaces '" })
    void parsesEachScalarType(DataType type, String text, String expected) {
        TypedValue<?> value = TypedValues.parseTypedValue(type, text);

        assertThat(value.getType()).isEqualTo(type);
        assertThat(String.valueOf(value.getValue())).isEqualTo(expected);
    }

    @Test
    void parsesByteArraysFromBase64() {
        byte[] bytes = { 0, 1, (byte) 0xff, 42 };

        TypedValue<?> value = TypedValues.parseTypedValue(DataType.BYTE_ARRAY, Base64.getEncoder().encodeToString(bytes));

        assertThat(value).isEqualTo(new ByteArrayValue(bytes));
    }

    @ParameterizedTest
    @CsvSource({ "INTEGER, abc", "INTEGER, 1.5", "LONG, x1", "DOUBLE, one", "FLOAT, ''" })
    void badNumbersNameTypeAndValue(DataType type, String text) {
        assertThatThrownBy(() -> TypedValues.parseTypedValue(type, text)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining(type.name()).hasMessageContaining("'" + text + "'");
    }

    @Test
    void badBooleansAndByteArraysNameTypeAndValue() {
        assertThatThrownBy(() -> TypedValues.parseTypedValue(DataType.BOOLEAN, "yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOOLEAN")
                .hasMessageContaining("'yes'");
        assertThatThrownBy(() -> TypedValues.parseTypedValue(DataType.BYTE_ARRAY, "not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BYTE_ARRAY")
                .hasMessageContaining("'not base64!'");
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void nullValueIsRejectedForEveryType(DataType type) {
        assertThatThrownBy(() -> TypedValues.parseTypedValue(type, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(type.name());
    }

    @Test
    void nullTypeIsRejected() {
        assertThatThrownBy(() -> TypedValues.parseTypedValue(null, "1")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void valuesCompareHashAndPrint() {
        assertThat(new IntegerValue(1)).isEqualTo(new IntegerValue(1)).hasSameHashCodeAs(new IntegerValue(1))
                .isNotEqualTo(new LongValue(1)).isNotEqualTo(new IntegerValue(2));
        assertThat(new IntegerValue(1).compareTo(new IntegerValue(2))).isNegative();
        assertThat(new StringValue("b").compareTo(new StringValue("a"))).isPositive();
        assertThat(new BooleanValue(false).compareTo(new BooleanValue(true))).isNegative();
        assertThat(new DoubleValue(Double.NaN)).isEqualTo(new DoubleValue(Double.NaN));
        assertThat(new IntegerValue(5).toString()).contains("5");
        assertThat(new StringValue("hi").toString()).contains("hi");
    }

    @Test
    void byteArrayValuesAreEqualByContent() {
        ByteArrayValue a = new ByteArrayValue(new byte[] { 1, 2, 3 });
        ByteArrayValue b = new ByteArrayValue(new byte[] { 1, 2, 3 });

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(new ByteArrayValue(new byte[] { 1, 2 }));
        assertThat(a.compareTo(b)).isZero();
        assertThat(a.compareTo(new ByteArrayValue(new byte[] { 1, 3 }))).isNegative();
        assertThat(a.toString()).contains(Arrays.toString(new byte[] { 1, 2, 3 }));
    }

    @Test
    void dataTypeLookupIgnoresCase() {
        assertThat(DataType.getDataType("integer")).isEqualTo(DataType.INTEGER);
        assertThat(DataType.getDataType("Byte_Array")).isEqualTo(DataType.BYTE_ARRAY);
        assertThatThrownBy(() -> DataType.getDataType("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short");
        assertThatThrownBy(() -> DataType.getDataType(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
