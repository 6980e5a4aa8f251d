package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.cloudconnection.CloudConnectionConstants;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.configuration.Password;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.Test;

/**
 * {@code KuraPayload}, {@code KuraMessage}, {@code Password} and the cloud-connection constants as Kura 5.4.1 has
 * them: what is accepted, what is copied and what is only a view, and the property names other components filter on.
 */
class MessageContractTest {

    @Test
    void aPayloadTakesAnyMetricAndShowsThemReadOnly() {
        KuraPayload payload = new KuraPayload();
        assertThat(payload.getTimestamp()).isNull();
        payload.addMetric(null, 1);
        payload.addMetric("n", null);
        payload.addMetric("o", new Object());
        assertThat(payload.metricNames()).contains(null, "n", "o");
        assertThat(payload.getMetric("n")).isNull();
        assertThatThrownBy(() -> payload.metrics().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> payload.metricNames().remove("n")).isInstanceOf(UnsupportedOperationException.class);
        payload.removeMetric("o");
        assertThat(payload.metricNames()).doesNotContain("o");
    }

    @Test
    void aMessageCopiesItsPropertiesAndHandsOutTheCopy() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("k", "v");
        KuraMessage message = new KuraMessage(new KuraPayload(), properties);
        properties.put("k", "changed");
        assertThat(message.getProperties()).containsEntry("k", "v");
        message.getProperties().put("added", 1);
        assertThat(message.getProperties()).containsEntry("added", 1);

        assertThatThrownBy(() -> new KuraMessage(new KuraPayload(), null)).isInstanceOf(NullPointerException.class);
        assertThat(new KuraMessage(null).getPayload()).isNull();
        assertThat(new KuraMessage(null).getProperties()).isEmpty();
    }

    @Test
    void aPasswordKeepsItsArray() {
        char[] chars = {'s', 'e'};
        Password password = new Password(chars);
        assertThat(password.getPassword()).isSameAs(chars);
        assertThat(new Password("secret").toString()).isEqualTo("secret");
        assertThatThrownBy(() -> new Password((String) null).toString()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theFactoryPropertyNames() {
        assertThat(CloudConnectionConstants.CLOUD_CONNECTION_FACTORY_PID_PROP_NAME.value())
                .as("what publishers and subscribers carry").isEqualTo("cloud.connection.factory.pid");
        assertThat(CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID)
                .as("what an endpoint's configuration carries").isEqualTo("kura.cloud.connection.factory.pid");
    }
}
