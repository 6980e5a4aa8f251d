package io.aiosedge.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.core.configuration.metatype.Tad;
import org.junit.jupiter.api.Test;

class ChannelSpecTest {

    /** What Kura hands over: every value a String, Kura's own '+' keys beside ours. */
    private static Map<String, Object> kuraConfig(String area, String address, String dataType) {
        Map<String, Object> config = new HashMap<>();
        config.put("+name", "ch");
        config.put("+type", "READ_WRITE");
        config.put("+value.type", "INTEGER");
        config.put("+enabled", "true");
        config.put("area", area);
        config.put("address", address);
        config.put("data.type", dataType);
        config.put("word.order", "BIG_ENDIAN");
        config.put("byte.order", "LITTLE_ENDIAN");
        config.put("unit.id", "");
        return config;
    }

    @Test
    void parsesKuraStringValuesAndUsesTheDriverUnitIdWhenEmpty() throws Exception {
        ChannelSpec spec = ChannelSpec.parse("ch", kuraConfig("HOLDING_REGISTER", "40", "int32"), 7);

        assertThat(spec).isEqualTo(new ChannelSpec("ch", 7, ModbusArea.HOLDING_REGISTER, 40, ModbusDataType.INT32,
                Endianness.BIG_ENDIAN, Endianness.LITTLE_ENDIAN));
        assertThat(spec.quantity()).isEqualTo(2);
    }

    @Test
    void aChannelUnitIdOverridesTheDriver() throws Exception {
        Map<String, Object> config = kuraConfig("COIL", "3", "BOOL");
        config.put("unit.id", "12");
        assertThat(ChannelSpec.parse("ch", config, 1).unitId()).isEqualTo(12);
    }

    @Test
    void errorsNameTheChannelThePropertyAndTheValue() {
        assertThatThrownBy(() -> ChannelSpec.parse("temp", kuraConfig("REGISTERS", "1", "INT16"), 1))
                .isInstanceOf(ChannelConfigException.class)
                .hasMessageContaining("channel 'temp'").hasMessageContaining("'area'").hasMessageContaining("'REGISTERS'");
        assertThatThrownBy(() -> ChannelSpec.parse("temp", kuraConfig("HOLDING_REGISTER", "x1", "INT16"), 1))
                .hasMessageContaining("'address' = 'x1'").hasMessageContaining("not an integer");
        assertThatThrownBy(() -> ChannelSpec.parse("temp", kuraConfig("HOLDING_REGISTER", "65536", "INT16"), 1))
                .hasMessageContaining("'address' = '65536'").hasMessageContaining("0..65535");
        assertThatThrownBy(() -> ChannelSpec.parse("temp", kuraConfig("HOLDING_REGISTER", "65534", "FLOAT64"), 1))
                .hasMessageContaining("'address' = '65534'").hasMessageContaining("FLOAT64");
        assertThatThrownBy(() -> ChannelSpec.parse("temp", kuraConfig("COIL", "1", "INT16"), 1))
                .hasMessageContaining("'data.type' = 'INT16'").hasMessageContaining("COIL");
        Map<String, Object> badUnit = kuraConfig("COIL", "1", "BOOL");
        badUnit.put("unit.id", "300");
        assertThatThrownBy(() -> ChannelSpec.parse("temp", badUnit, 1)).hasMessageContaining("'unit.id' = '300'");
        Map<String, Object> noAddress = kuraConfig("COIL", "1", "BOOL");
        noAddress.remove("address");
        assertThatThrownBy(() -> ChannelSpec.parse("temp", noAddress, 1)).hasMessageContaining("'address' is missing");
    }

    @Test
    void aChannelWithoutAreaIsAHoldingRegisterAsTheReadmeSays() throws Exception {
        Map<String, Object> noArea = kuraConfig("COIL", "7", "UINT16");
        noArea.remove("area");
        ChannelSpec spec = ChannelSpec.parse("level", noArea, 1);
        assertThat(spec.area()).isEqualTo(ModbusArea.HOLDING_REGISTER);
        assertThat(spec.address()).isEqualTo(7);
        noArea.put("area", "  ");
        assertThat(ChannelSpec.parse("level", noArea, 1).area()).isEqualTo(ModbusArea.HOLDING_REGISTER);
    }

    @Test
    void theDescriptorOffersEveryChannelPropertyWithItsOptions() {
        @SuppressWarnings("unchecked")
        List<Tad> tads = (List<Tad>) new ModbusChannelDescriptor().getDescriptor();

        assertThat(tads).extracting(Tad::getId)
                .containsExactly("area", "address", "data.type", "word.order", "byte.order", "unit.id");
        assertThat(tads.get(0).getOption()).extracting(o -> o.getValue())
                .containsExactly("COIL", "DISCRETE_INPUT", "INPUT_REGISTER", "HOLDING_REGISTER");
        assertThat(tads.get(2).getOption()).hasSize(ModbusDataType.values().length);
        assertThat(tads.get(5).isRequired()).isFalse();
        // Every default the UI fills in must parse.
        Map<String, Object> defaults = new HashMap<>();
        tads.stream().filter(t -> t.getDefault() != null).forEach(t -> defaults.put(t.getId(), t.getDefault()));
        assertThat(defaults).containsKeys("area", "address", "data.type");
        org.assertj.core.api.Assertions.assertThatCode(() -> ChannelSpec.parse("d", defaults, 1))
                .doesNotThrowAnyException();
    }
}
