package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.eclipse.kura.type.ByteArrayValue;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.StringValue;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code TypedValues}, the typed values and {@code DataType} as Kura 5.4.1 has them: null handling, which Java types
 * convert, how strings parse (no trimming; BOOLEAN never fails; BYTE_ARRAY is Base64) and the messages of the
 * refusals, which our drivers and jobs pass on to users.
 */
class TypedValuesContractTest {

    @Test
    void aNullStringIsTheEmptyString() {
        assertThat(TypedValues.newStringValue(null).getValue()).isEqualTo("");
        assertThat(new StringValue(null).getValue()).isEqualTo("");
    }

    @Test
    void aByteArrayIsRequiredAndNotCopied() {
        assertThatThrownBy(() -> TypedValues.newByteArrayValue(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Provided Typed Value cannot be null");
        byte[] bytes = {1, 2};
        ByteArrayValue value = TypedValues.newByteArrayValue(bytes);
        bytes[0] = 9;
        assertThat(value.getValue()[0]).isEqualTo((byte) 9);
        assertThat(value).isEqualTo(TypedValues.newByteArrayValue(new byte[] {9, 2}));
    }

    @Test
    void onlyKurasSevenJavaTypesConvert() {
        assertThat(TypedValues.newTypedValue(true).getType()).isEqualTo(DataType.BOOLEAN);
        assertThat(TypedValues.newTypedValue(new byte[] {1}).getType()).isEqualTo(DataType.BYTE_ARRAY);
        assertThat(TypedValues.newTypedValue(1.5f).getType()).isEqualTo(DataType.FLOAT);
        assertThat(TypedValues.newTypedValue(1.5d).getType()).isEqualTo(DataType.DOUBLE);
        assertThat(TypedValues.newTypedValue(1).getType()).isEqualTo(DataType.INTEGER);
        assertThat(TypedValues.newTypedValue(1L).getType()).isEqualTo(DataType.LONG);
        assertThat(TypedValues.newTypedValue("s").getType()).isEqualTo(DataType.STRING);
        for (Object other : new Object[] {null, (short) 1, (byte) 1, 'c', new Object()}) {
            assertThatThrownBy(() -> TypedValues.newTypedValue(other)).as("%s", other)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot convert to TypedValue");
        }
    }

    @Test
    void stringsParseStrictlyWithKurasMessage() {
        assertThat(TypedValues.parseTypedValue(DataType.INTEGER, "42").getValue()).isEqualTo(42);
        assertThat(TypedValues.parseTypedValue(DataType.LONG, "-7").getValue()).isEqualTo(-7L);
        assertThat(TypedValues.parseTypedValue(DataType.DOUBLE, "2.5").getValue()).isEqualTo(2.5d);
        assertThat(TypedValues.parseTypedValue(DataType.FLOAT, "2.5").getValue()).isEqualTo(2.5f);
        assertThat(TypedValues.parseTypedValue(DataType.STRING, " as is ").getValue()).isEqualTo(" as is ");
        assertThatThrownBy(() -> TypedValues.parseTypedValue(DataType.INTEGER, "abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("abc cannot be converted into a TypedValue of type INTEGER");
        assertThatThrownBy(() -> TypedValues.parseTypedValue(DataType.INTEGER, " 1"))
                .as("no trimming").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TypedValues.parseTypedValue(null, "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 cannot be converted into a TypedValue of type null");
        assertThatThrownBy(() -> TypedValues.parseTypedValue(DataType.INTEGER, null))
                .isInstanceOf(NullPointerException.class).hasMessage("value cannot be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "", "TRUEish"})
    void booleanParsingNeverFailsAndOnlyTrueIsTrue(String text) {
        assertThat(TypedValues.parseTypedValue(DataType.BOOLEAN, text).getValue()).isEqualTo(false);
        assertThat(TypedValues.parseTypedValue(DataType.BOOLEAN, "TRUE").getValue()).isEqualTo(true);
    }

    @Test
    void byteArraysParseFromBase64() {
        String encoded = Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.US_ASCII));
        TypedValue<?> value = TypedValues.parseTypedValue(DataType.BYTE_ARRAY, encoded);
        assertThat((byte[]) value.getValue()).containsExactly('h', 'i');
        assertThatThrownBy(() -> TypedValues.parseTypedValue(DataType.BYTE_ARRAY, "not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not base64! cannot be converted into a TypedValue of type BYTE_ARRAY");
    }

    @Test
    void dataTypeNamesIgnoreCaseAndUnknownOnesAreRefused() {
        assertThat(DataType.getDataType("integer")).isEqualTo(DataType.INTEGER);
        assertThat(DataType.getDataType("Byte_Array")).isEqualTo(DataType.BYTE_ARRAY);
        for (String bad : new String[] {null, "INT", " INTEGER", ""}) {
            assertThatThrownBy(() -> DataType.getDataType(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot convert to DataType");
        }
    }

    @Test
    void comparingWithNullIsRefused() {
        assertThatThrownBy(() -> TypedValues.newStringValue("a").compareTo(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Typed Value cannot be null");
        assertThatThrownBy(() -> TypedValues.newByteArrayValue(new byte[0]).compareTo(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Typed Value cannot be null");
        assertThat(TypedValues.newIntegerValue(1).compareTo(TypedValues.newIntegerValue(2))).isNegative();
    }
}
