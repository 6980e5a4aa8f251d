package io.aiosedge.driver.simulated.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.configuration.metatype.Option;
import org.eclipse.kura.configuration.metatype.Scalar;
import org.eclipse.kura.core.configuration.metatype.Tad;
import org.junit.jupiter.api.Test;

class SimulatedChannelDescriptorTest {

    @SuppressWarnings("unchecked")
    private static List<Tad> descriptor() {
        Object descriptor = new SimulatedChannelDescriptor().getDescriptor();
        assertThat(descriptor).isInstanceOf(List.class);
        assertThat((List<Object>) descriptor).allMatch(Tad.class::isInstance);
        return (List<Tad>) descriptor;
    }

    @Test
    void describesEveryChannelSetting() {
        List<Tad> attributes = descriptor();
        assertThat(attributes).extracting(Tad::getId).containsExactly("shape", "amplitude", "offset", "period.ms",
                "noise.sigma", "anomaly.rate.per.hour", "anomaly.magnitude", "anomaly.duration.ms", "anomaly.kinds",
                "seed", "setpoint");
        assertThat(attributes).allSatisfy(attribute -> {
            assertThat(attribute.getName()).isNotBlank();
            assertThat(attribute.getDescription()).isNotBlank();
            assertThat(attribute.getId()).doesNotStartWith("+"); // Kura's own keys start with '+'
        });
        Tad shape = attributes.get(0);
        assertThat(shape.getType()).isEqualTo(Scalar.STRING);
        assertThat(shape.getOption()).extracting(Option::getValue).containsExactly("CONSTANT", "SINE", "SQUARE",
                "RAMP", "RANDOM_WALK", "STEP");
        assertThat(attributes).filteredOn(a -> a.getId().equals("period.ms")).extracting(Tad::getType)
                .containsExactly(Scalar.LONG);
        assertThat(attributes).filteredOn(a -> a.getId().equals("setpoint")).extracting(Tad::getType)
                .containsExactly(Scalar.BOOLEAN);
        assertThat(attributes).filteredOn(a -> !a.isRequired()).extracting(Tad::getId).containsExactly("seed");
    }

    @Test
    void theDefaultsTheUiFillsInAreAValidChannel() {
        Map<String, Object> config = new HashMap<>();
        config.put("+name", "fresh");
        for (Tad attribute : descriptor()) {
            config.put(attribute.getId(), attribute.getDefault() == null ? "" : attribute.getDefault());
        }
        SimulatedChannel channel = new ChannelConfigParser(1).parse(null, config);
        assertThat(channel.generator().spec().hasAnomalies()).isFalse();
        assertThat(channel.setpoint()).isFalse();
    }

    @Test
    void eachCallReturnsItsOwnList() {
        List<Tad> first = descriptor();
        first.get(0).setDefault("STEP");
        assertThat(descriptor().get(0).getDefault()).isEqualTo("SINE");
    }
}
