package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.eclipse.kura.KuraException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class MqttCloudConnectionFactoryTest {

    private final ConfigurationAdmin cm = mock(ConfigurationAdmin.class);
    private final MqttCloudConnectionFactory factory = new MqttCloudConnectionFactory(cm);

    @Test
    void theFactoryPidIsTheEndpointFactoryPid() {
        assertThat(factory.getFactoryPid()).isEqualTo(MqttCloudEndpoint.PID);
        assertThat(MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID).matches(MqttCloudConnectionFactory.ENDPOINT_PID_REGEX);
        assertThat("io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint-backup").matches(MqttCloudConnectionFactory.ENDPOINT_PID_REGEX);
        assertThat("org.eclipse.kura.cloud.CloudService").doesNotMatch(MqttCloudConnectionFactory.ENDPOINT_PID_REGEX);
    }

    @Test
    void createConfigurationMakesAnEndpointInstanceMarkedWithTheFactoryPid() throws Exception {
        Configuration created = mock(Configuration.class);
        when(cm.createFactoryConfiguration(MqttCloudEndpoint.PID, "?")).thenReturn(created);
        factory.createConfiguration("io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint-2");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Dictionary<String, Object>> props = ArgumentCaptor.forClass(Dictionary.class);
        verify(created).update(props.capture());
        assertThat(props.getValue().get("kura.service.pid")).isEqualTo("io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint-2");
        assertThat(props.getValue().get("kura.cloud.connection.factory.pid")).isEqualTo(MqttCloudConnectionFactory.PID);
        assertThat(factory.getStackComponentsPids("io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint-2"))
                .containsExactly("io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint-2");
    }

    @Test
    void refusesForeignOrDuplicatePids() throws Exception {
        assertThatThrownBy(() -> factory.createConfiguration("other.pid")).isInstanceOf(KuraException.class)
                .hasMessageContaining("other.pid");
        Configuration existing = mock(Configuration.class);
        when(cm.listConfigurations(anyString())).thenReturn(new Configuration[] {existing});
        assertThatThrownBy(() -> factory.createConfiguration(MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID))
                .hasMessageContaining("already exists");
    }

    @Test
    void listsAndDeletesManagedConnections() throws Exception {
        Configuration a = mock(Configuration.class);
        when(a.getProperties()).thenReturn(new Hashtable<>(Map.of("kura.service.pid", MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID)));
        Configuration b = mock(Configuration.class);
        when(b.getProperties()).thenReturn(new Hashtable<>(Map.of("kura.service.pid", "not-ours")));
        when(cm.listConfigurations(eq("(&(service.factoryPid=" + MqttCloudEndpoint.PID
                + ")(kura.cloud.connection.factory.pid=" + MqttCloudConnectionFactory.PID + "))")))
                .thenReturn(new Configuration[] {a, b});
        assertThat(factory.getManagedCloudConnectionPids()).containsExactly(MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID);

        when(cm.listConfigurations(eq("(&(service.factoryPid=" + MqttCloudEndpoint.PID + ")(kura.service.pid="
                + MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID + "))"))).thenReturn(new Configuration[] {a});
        factory.deleteConfiguration(MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID);
        verify(a).delete();
    }
}
