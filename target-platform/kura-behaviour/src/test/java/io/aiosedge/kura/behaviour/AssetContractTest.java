package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.asset.AssetConfiguration;
import org.eclipse.kura.channel.Channel;
import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.type.DataType;
import org.junit.jupiter.api.Test;

/**
 * {@code AssetConfiguration} as Kura 5.4.1 has it: every argument required (Kura's messages), the channel map an
 * unmodifiable view of the given one, the description changeable but never null, and its {@code toString}.
 */
class AssetContractTest {

    @Test
    void everyArgumentIsRequiredWithKurasMessages() {
        Map<String, Channel> channels = Map.of();
        assertThatThrownBy(() -> new AssetConfiguration(null, "driver", channels))
                .isInstanceOf(NullPointerException.class).hasMessage("Asset description cannot be null");
        assertThatThrownBy(() -> new AssetConfiguration("d", null, channels))
                .isInstanceOf(NullPointerException.class).hasMessage("Asset driver PID cannot be null");
        assertThatThrownBy(() -> new AssetConfiguration("d", "driver", null))
                .isInstanceOf(NullPointerException.class).hasMessage("Asset channel configurations cannot be null");

        AssetConfiguration configuration = new AssetConfiguration("", "driver", channels);
        assertThatThrownBy(() -> configuration.setAssetDescription(null))
                .isInstanceOf(NullPointerException.class).hasMessage("Asset description cannot be null");
        configuration.setAssetDescription("pump 2");
        assertThat(configuration.getAssetDescription()).isEqualTo("pump 2");
        assertThat(configuration.getDriverPid()).isEqualTo("driver");
    }

    @Test
    void theChannelsAreAnUnmodifiableViewOfTheGivenMap() {
        Map<String, Channel> channels = new HashMap<>();
        AssetConfiguration configuration = new AssetConfiguration("d", "driver", channels);
        Channel temperature = new Channel("temperature", ChannelType.READ, DataType.DOUBLE, Map.of());
        channels.put("temperature", temperature);

        assertThat(configuration.getAssetChannels()).containsEntry("temperature", temperature);
        assertThatThrownBy(() -> configuration.getAssetChannels().remove("temperature"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringNamesChannelsDescriptionAndDriver() {
        assertThat(new AssetConfiguration("pump", "modbus-1", Map.of()).toString())
                .isEqualTo("AssetConfiguration [channels={}, description=pump, driverPid=modbus-1]");
    }
}
