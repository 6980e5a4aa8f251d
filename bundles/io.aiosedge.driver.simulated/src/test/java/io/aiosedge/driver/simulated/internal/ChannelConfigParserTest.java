package io.aiosedge.driver.simulated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.type.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;

class ChannelConfigParserTest {

    private final ChannelConfigParser parser = new ChannelConfigParser(42L);

    /** A channel configuration as Kura hands it to a driver: Kura's own keys plus ours, every value a String. */
    static Map<String, Object> kuraChannel(String name, String... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("+name", name);
        config.put("+type", "READ");
        config.put("+value.type", "DOUBLE");
        config.put("+enabled", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void readsEverySettingFromStrings() {
        SimulatedChannel channel = this.parser.parse("pump", kuraChannel("pump", "shape", "square", "amplitude", "2.5",
                "offset", "-1", "period.ms", "5000", "noise.sigma", "0.1", "anomaly.rate.per.hour", "12",
                "anomaly.magnitude", "3", "anomaly.duration.ms", "2000", "anomaly.kinds", "spike, STUCK",
                "seed", "99", "setpoint", "TRUE"));

        assertThat(channel.name()).isEqualTo("pump");
        assertThat(channel.setpoint()).isTrue();
        assertThat(channel.generator().spec()).isEqualTo(new SignalSpec(Shape.SQUARE, 2.5, -1, 5000, 0.1, 12, 3, 2000,
                EnumSet.of(AnomalyKind.SPIKE, AnomalyKind.STUCK), 99));
    }

    @Test
    void missingOrBlankSettingsTakeTheirDefaultsAndTheSeedIsDerived() {
        SimulatedChannel channel = this.parser.parse(null, kuraChannel("temp", "amplitude", "  ", "period.ms", ""));

        assertThat(channel.name()).as("taken from +name").isEqualTo("temp");
        assertThat(channel.setpoint()).isFalse();
        assertThat(channel.generator().spec()).isEqualTo(new SignalSpec(Shape.SINE, 1.0, 0.0, 60_000, 0.0, 0.0, 1.0,
                10_000, EnumSet.allOf(AnomalyKind.class), SignalSpec.deriveSeed(42L, "temp")));
    }

    @Test
    void typedValuesAreAcceptedByTheirStringForm() {
        Map<String, Object> config = kuraChannel("t");
        config.put("period.ms", 250L);
        config.put("amplitude", 4.0);
        config.put("setpoint", Boolean.TRUE);
        SimulatedChannel channel = this.parser.parse("t", config);
        assertThat(channel.generator().spec().periodMs()).isEqualTo(250);
        assertThat(channel.generator().spec().amplitude()).isEqualTo(4.0);
        assertThat(channel.setpoint()).isTrue();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "shape|triangle|expected one of [CONSTANT, SINE, SQUARE, RAMP, RANDOM_WALK, STEP]",
            "amplitude|abc|not a decimal number",
            "amplitude|-1|must be at least 0",
            "offset|NaN|must be a finite number",
            "period.ms|1.5|not a whole number",
            "period.ms|0|must be at least 1 ms",
            "noise.sigma|-0.1|must be at least 0",
            "anomaly.rate.per.hour|1000|must be between 0 and 180.0 (one anomaly per slot of twice the anomaly"
                    + " duration)",
            "anomaly.magnitude|x|not a decimal number",
            "anomaly.duration.ms|-5|must be at least 1 ms",
            "anomaly.kinds|SPIKE,FLATLINE|'FLATLINE' is not one of [SPIKE, DRIFT, STUCK]",
            "seed|0x10|not a whole number",
            "setpoint|yes|not true or false" })
    void aBadValueNamesChannelPropertyAndValue(String property, String value, String reason) {
        Map<String, Object> config = kuraChannel("boiler", property, value);
        assertThatThrownBy(() -> this.parser.parse("boiler", config))
                .isInstanceOfSatisfying(ChannelConfigException.class, e -> {
                    assertThat(e.channel()).isEqualTo("boiler");
                    assertThat(e.property()).isEqualTo(property);
                })
                .hasMessage("channel 'boiler': property '" + property + "' has bad value '" + value + "': " + reason);
    }

    @Test
    void kindsMayBeEmptyOnlyWithoutAnomalies() {
        assertThat(this.parser.parse("a", kuraChannel("a", "anomaly.kinds", ",")).generator().spec().anomalyKinds())
                .isEmpty();
        assertThatThrownBy(() -> this.parser.parse("a", kuraChannel("a", "anomaly.kinds", ",",
                "anomaly.rate.per.hour", "1"))).hasMessageStartingWith("channel 'a': property 'anomaly.kinds'");
    }

    @Test
    void aConfigurationWithoutNameIsRejected() {
        Map<String, Object> config = kuraChannel("x");
        config.remove("+name");
        assertThatThrownBy(() -> this.parser.parse(null, config)).isInstanceOf(ChannelConfigException.class)
                .hasMessageContaining("'+name'");
        assertThatThrownBy(() -> ChannelConfigParser.channelName(null)).hasMessageContaining("'+name'");
    }

    @Test
    void valueTypeComesFromKurasKeyAndDefaultsToDouble() {
        assertThat(ChannelConfigParser.valueType("c", kuraChannel("c", "+value.type", "integer")))
                .isEqualTo(DataType.INTEGER);
        Map<String, Object> untyped = kuraChannel("c");
        untyped.remove("+value.type");
        assertThat(ChannelConfigParser.valueType("c", untyped)).isEqualTo(DataType.DOUBLE);
        assertThatThrownBy(() -> ChannelConfigParser.valueType("c", kuraChannel("c", "+value.type", "QUATERNION")))
                .hasMessage("channel 'c': property '+value.type' has bad value 'QUATERNION': not a Kura data type");
    }
}
