package io.aiosedge.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.type.DataType;
import org.junit.jupiter.api.Test;

class ChannelSpecTest {

    @Test
    void aChannelBecomesTheConfigurationKurasAssetWouldPass() {
        ChannelSpec spec = ChannelSpec.parse(" vib : double :shape=SINE, amplitude = 2", ChannelType.WRITE);
        assertThat(spec.name()).isEqualTo("vib");
        assertThat(spec.valueType()).isEqualTo(DataType.DOUBLE);
        assertThat(spec.config()).containsEntry("shape", "SINE").containsEntry("amplitude", "2")
                .containsEntry("+name", "vib").containsEntry("+type", "WRITE").containsEntry("+value.type", "DOUBLE")
                .containsEntry("+enabled", "true");
        assertThat(ChannelSpec.parse("x:BOOLEAN:+enabled=false", ChannelType.READ).config())
                .containsEntry("+enabled", "false");
        assertThat(spec.readRecord().getChannelConfig()).isEqualTo(spec.config());
    }

    @Test
    void aListNeedsOneChannelAndEachErrorNamesItsChannel() {
        List<ChannelSpec> list = ChannelSpec.parseList("a:INTEGER; ;b:FLOAT:k=v", ChannelType.READ);
        assertThat(list).extracting(ChannelSpec::name).containsExactly("a", "b");
        assertThatThrownBy(() -> ChannelSpec.parseList(" ; ", ChannelType.READ)).hasMessageContaining("no channel");
        assertThatThrownBy(() -> ChannelSpec.parse("temp", ChannelType.READ))
                .hasMessageContaining("'temp' must be name:VALUE_TYPE");
        assertThatThrownBy(() -> ChannelSpec.parse("temp:DECIMAL", ChannelType.READ))
                .hasMessageContaining("channel 'temp': value type 'DECIMAL' is not one of");
        assertThatThrownBy(() -> ChannelSpec.parse("temp:DOUBLE:shape", ChannelType.READ))
                .hasMessageContaining("channel 'temp': setting 'shape' is not key=value");
        assertThatThrownBy(() -> ChannelSpec.parse(":DOUBLE", ChannelType.READ)).hasMessageContaining("must be");
    }
}
