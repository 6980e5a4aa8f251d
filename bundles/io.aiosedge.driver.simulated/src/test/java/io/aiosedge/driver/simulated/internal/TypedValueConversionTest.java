package io.aiosedge.driver.simulated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.Test;

class TypedValueConversionTest {

    @Test
    void convertsToEveryKuraType() {
        assertThat(TypedValueConversion.toTypedValue(2.5, DataType.DOUBLE)).isEqualTo(TypedValues.newDoubleValue(2.5));
        assertThat(TypedValueConversion.toTypedValue(2.5, DataType.FLOAT)).isEqualTo(TypedValues.newFloatValue(2.5f));
        assertThat(TypedValueConversion.toTypedValue(2.5, DataType.INTEGER)).isEqualTo(TypedValues.newIntegerValue(3));
        assertThat(TypedValueConversion.toTypedValue(-2.4, DataType.INTEGER))
                .isEqualTo(TypedValues.newIntegerValue(-2));
        assertThat(TypedValueConversion.toTypedValue(1e12, DataType.LONG))
                .isEqualTo(TypedValues.newLongValue(1_000_000_000_000L));
        assertThat(TypedValueConversion.toTypedValue(2.5, DataType.STRING))
                .isEqualTo(TypedValues.newStringValue("2.5"));
        assertThat(TypedValueConversion.toTypedValue(2.5, DataType.BYTE_ARRAY))
                .isEqualTo(TypedValues.newByteArrayValue(ByteBuffer.allocate(8).putDouble(2.5).array()));
    }

    @Test
    void booleanIsTrueExactlyWhenTheIntegerIsNotZero() {
        assertThat(TypedValueConversion.toTypedValue(0.49, DataType.BOOLEAN).getValue()).isEqualTo(false);
        assertThat(TypedValueConversion.toTypedValue(-0.5, DataType.BOOLEAN).getValue()).isEqualTo(false);
        assertThat(TypedValueConversion.toTypedValue(0.5, DataType.BOOLEAN).getValue()).isEqualTo(true);
        assertThat(TypedValueConversion.toTypedValue(-3, DataType.BOOLEAN).getValue()).isEqualTo(true);
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertThatThrownBy(() -> TypedValueConversion.toTypedValue(3e10, DataType.INTEGER))
                .hasMessage("value 3.0E10 is out of the INTEGER range");
        assertThatThrownBy(() -> TypedValueConversion.toTypedValue(1e19, DataType.LONG))
                .hasMessage("value 1.0E19 is out of the LONG range");
    }

    @Test
    void writtenValuesBecomeNumbers() {
        assertThat(TypedValueConversion.toDouble(TypedValues.newBooleanValue(true))).isEqualTo(1.0);
        assertThat(TypedValueConversion.toDouble(TypedValues.newIntegerValue(-7))).isEqualTo(-7.0);
        assertThat(TypedValueConversion.toDouble(TypedValues.newLongValue(8))).isEqualTo(8.0);
        assertThat(TypedValueConversion.toDouble(TypedValues.newFloatValue(0.5f))).isEqualTo(0.5);
        assertThat(TypedValueConversion.toDouble(TypedValues.newStringValue(" 21.5 "))).isEqualTo(21.5);
        assertThat(TypedValueConversion.toDouble(
                TypedValues.newByteArrayValue(ByteBuffer.allocate(8).putDouble(-1.25).array()))).isEqualTo(-1.25);
    }

    @Test
    void unusableWrittenValuesAreRejected() {
        assertThatThrownBy(() -> TypedValueConversion.toDouble(null)).hasMessageContaining("no value");
        assertThatThrownBy(() -> TypedValueConversion.toDouble(TypedValues.newStringValue("warm")))
                .hasMessage("'warm' is not a number");
        assertThatThrownBy(() -> TypedValueConversion.toDouble(TypedValues.newByteArrayValue(new byte[3])))
                .hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> TypedValueConversion.toDouble(TypedValues.newDoubleValue(Double.NaN)))
                .hasMessageContaining("not finite");
    }
}
