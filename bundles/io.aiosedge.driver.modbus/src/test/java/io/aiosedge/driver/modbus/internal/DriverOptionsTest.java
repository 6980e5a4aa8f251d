package io.aiosedge.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DriverOptionsTest {

    @Test
    void defaultsAreValidAndBoundTheCall() {
        DriverOptions options = DriverOptions.from(DriverConfigs.of(Map.of()));

        assertThat(options.port()).isEqualTo(502);
        assertThat(options.unitId()).isEqualTo(1);
        assertThat(options.maxRegistersPerRequest()).isEqualTo(125);
        assertThat(options.maxBitsPerRequest()).isEqualTo(2000);
        assertThat(options.attempts()).isEqualTo(2);
        assertThat(options.callBudgetMs()).isEqualTo(3000 + 2 * 1000);
    }

    @Test
    void aBadValueNamesThePropertyAndTheValue() {
        assertThatThrownBy(() -> DriverOptions.from(DriverConfigs.of(Map.of("port", 70000))))
                .hasMessageContaining("'port' = '70000'");
        assertThatThrownBy(() -> DriverOptions.from(DriverConfigs.of(Map.of("unit.id", -1))))
                .hasMessageContaining("'unit.id' = '-1'");
        assertThatThrownBy(() -> DriverOptions.from(DriverConfigs.of(Map.of("host", " "))))
                .hasMessageContaining("'host' = ' '");
        assertThatThrownBy(() -> DriverOptions.from(DriverConfigs.of(Map.of("max.registers.per.request", 3))))
                .hasMessageContaining("'max.registers.per.request' = '3'").hasMessageContaining("between 4 and 125");
        assertThatThrownBy(() -> DriverOptions.from(DriverConfigs.of(Map.of("max.bits.per.request", 2001))))
                .hasMessageContaining("'max.bits.per.request' = '2001'");
        assertThatThrownBy(() -> DriverOptions.from(DriverConfigs.of(Map.of("request.timeout.ms", 0))))
                .hasMessageContaining("'request.timeout.ms' = '0'");
        assertThatThrownBy(() -> DriverOptions.from(DriverConfigs.of(Map.of("max.register.gap", 125))))
                .hasMessageContaining("'max.register.gap' = '125'");
    }

    @Test
    void anInstanceWithoutAKuraServicePidIsNamedByItsServicePid() {
        assertThat(ModbusTcpDriver.instanceName(Map.of("kura.service.pid", "plc-1", "service.pid", "g.1")))
                .isEqualTo("plc-1");
        assertThat(ModbusTcpDriver.instanceName(Map.of("kura.service.pid", "", "service.pid", "g.2")))
                .isEqualTo("g.2");
        assertThat(ModbusTcpDriver.instanceName(Map.of("service.pid", "g.3"))).isEqualTo("g.3");
    }
}
