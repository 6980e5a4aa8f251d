package org.eclipse.kura.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.util.Date;
import java.util.Iterator;

import org.eclipse.kura.message.KuraBirthPayload.KuraBirthPayloadBuilder;
import org.eclipse.kura.message.KuraBirthPayload.TamperStatus;
import org.junit.jupiter.api.Test;

class KuraPayloadTest {

    @Test
    void metricsKeepInsertionOrder() {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("b", 1);
        payload.addMetric("a", "x");
        payload.addMetric("c", 2.0);
        payload.addMetric("b", 3);

        assertThat(payload.metricNames()).containsExactly("b", "a", "c");
        assertThat(payload.metrics()).containsExactly(java.util.Map.entry("b", 3), java.util.Map.entry("a", "x"),
                java.util.Map.entry("c", 2.0));
        Iterator<String> names = payload.metricsIterator();
        assertThat(names.next()).isEqualTo("b");
        assertThat(payload.getMetric("a")).isEqualTo("x");
        assertThat(payload.getMetric("missing")).isNull();
    }

    @Test
    void metricViewsAreUnmodifiable() {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("a", 1);

        assertThatThrownBy(() -> payload.metrics().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> payload.metricNames().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        Iterator<String> names = payload.metricsIterator();
        names.next();
        assertThatThrownBy(names::remove).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullNamesAreRejectedAndNullValuesStoreNothing() {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("a", 1);

        assertThatThrownBy(() -> payload.addMetric(null, 1)).isInstanceOf(NullPointerException.class);
        payload.addMetric("a", null);
        payload.addMetric("b", null);
        assertThat(payload.metrics()).isEmpty();
    }

    @Test
    void removeMetrics() {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("a", 1);
        payload.addMetric("b", 2);

        payload.removeMetric("a");
        assertThat(payload.metricNames()).containsExactly("b");
        payload.removeAllMetrics();
        assertThat(payload.metricNames()).isEmpty();
    }

    @Test
    void timestampPositionAndBody() {
        KuraPayload payload = new KuraPayload();
        Date now = new Date();
        KuraPosition position = new KuraPosition();
        position.setLatitude(45.5);
        position.setSatellites(7);

        payload.setTimestamp(now);
        payload.setPosition(position);
        payload.setBody(new byte[] { 1 });

        assertThat(payload.getTimestamp()).isEqualTo(now);
        assertThat(payload.getPosition().getLatitude()).isEqualTo(45.5);
        assertThat(payload.getPosition().getLongitude()).isNull();
        assertThat(payload.getPosition().getSatellites()).isEqualTo(7);
        assertThat(payload.getBody()).containsExactly(1);
    }

    @Test
    void requestPayload() throws ParseException {
        KuraPayload raw = new KuraPayload();
        raw.addMetric(KuraRequestPayload.METRIC_REQUEST_ID, "r1");
        raw.addMetric(KuraRequestPayload.REQUESTER_CLIENT_ID, "client");
        raw.addMetric("arg", 5);

        KuraRequestPayload request = KuraRequestPayload.buildFromKuraPayload(raw);

        assertThat(request.getRequestId()).isEqualTo("r1");
        assertThat(request.getRequesterClientId()).isEqualTo("client");
        assertThat(request.getMetric("arg")).isEqualTo(5);
        assertThatThrownBy(() -> KuraRequestPayload.buildFromKuraPayload(new KuraPayload()))
                .isInstanceOf(ParseException.class).hasMessageContaining("request.id");
        KuraRequestPayload built = new KuraRequestPayload();
        built.setRequestId("r2");
        built.setRequesterClientId("c2");
        assertThat(built.metrics()).containsEntry("request.id", "r2").containsEntry("requester.client.id", "c2");
    }

    @Test
    void responsePayload() {
        KuraResponsePayload ok = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        assertThat(ok.getResponseCode()).isEqualTo(200);
        assertThat(ok.getMetric("response.code")).isEqualTo(200);
        assertThat(ok.getExceptionMessage()).isNull();

        KuraResponsePayload error = new KuraResponsePayload(new IllegalStateException("broken"));
        assertThat(error.getResponseCode()).isEqualTo(500);
        assertThat(error.getExceptionMessage()).isEqualTo("broken");
        assertThat(error.getExceptionStack()).contains("IllegalStateException").contains("broken");

        KuraResponsePayload notFound = new KuraResponsePayload(404, new RuntimeException("nope"));
        assertThat(notFound.getResponseCode()).isEqualTo(404);
        notFound.setResponseCode(400);
        assertThat(notFound.getResponseCode()).isEqualTo(400);

        KuraResponsePayload copy = new KuraResponsePayload(error);
        assertThat(copy.metrics()).isEqualTo(error.metrics());
    }

    @Test
    void topicWithPrefix() {
        KuraTopic topic = new KuraTopic("$EDC/acme/dev-1/CONF-V1/GET/configurations");

        assertThat(topic.getPrefix()).isEqualTo("$EDC");
        assertThat(topic.getAccountName()).isEqualTo("acme");
        assertThat(topic.getDeviceId()).isEqualTo("dev-1");
        assertThat(topic.getApplicationId()).isEqualTo("CONF-V1");
        assertThat(topic.getApplicationTopic()).isEqualTo("GET/configurations");
        assertThat(topic.getFullTopic()).isEqualTo("$EDC/acme/dev-1/CONF-V1/GET/configurations");
        assertThat(topic.getTopicParts()).hasSize(6);
    }

    @Test
    void topicWithoutPrefix() {
        KuraTopic topic = new KuraTopic("acme/dev-1/app");

        assertThat(topic.getPrefix()).isNull();
        assertThat(topic.getAccountName()).isEqualTo("acme");
        assertThat(topic.getDeviceId()).isEqualTo("dev-1");
        assertThat(topic.getApplicationId()).isEqualTo("app");
        assertThat(topic.getApplicationTopic()).isNull();

        KuraTopic custom = new KuraTopic("#ctl/acme/dev/app/t", "#");
        assertThat(custom.getPrefix()).isEqualTo("#ctl");
        assertThat(custom.getApplicationTopic()).isEqualTo("t");
    }

    @Test
    void alertPayload() {
        KuraAlertPayload alert = new KuraAlertPayload("TEMP_HIGH", KuraAlertSeverity.CRITICAL, KuraAlertStatus.ACTIVE);
        alert.setMessage("too hot");

        assertThat(alert.getCode()).isEqualTo("TEMP_HIGH");
        assertThat(alert.getSeverity()).isEqualTo(KuraAlertSeverity.CRITICAL);
        assertThat(alert.getStatus()).isEqualTo(KuraAlertStatus.ACTIVE);
        assertThat(alert.getMessage()).isEqualTo("too hot");
        assertThat(alert.getCreationTimestamp()).isNotNull();
        assertThat(alert.getMetric(KuraAlertPayload.SEVERITY_METRIC_NAME)).isEqualTo("CRITICAL");

        alert.addMetric(KuraAlertPayload.STATUS_METRIC_NAME, "RESET");
        assertThat(alert.getStatus()).isEqualTo(KuraAlertStatus.RESET);
        alert.setCreationTimestamp(new Date(1000L));
        assertThat(alert.getCreationTimestamp()).isEqualTo(new Date(1000L));
        assertThatThrownBy(() -> alert.addMetric(KuraAlertPayload.SEVERITY_METRIC_NAME, "LOW"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOW");
        assertThatThrownBy(() -> alert.addMetric(KuraAlertPayload.CODE_METRIC_NAME, 5))
                .isInstanceOf(IllegalArgumentException.class);
        alert.addMetric("other", 1);
        assertThat(alert.getMetric("other")).isEqualTo(1);
    }

    @Test
    void birthPayload() {
        KuraPosition position = new KuraPosition();
        position.setAltitude(10);

        KuraBirthPayload birth = new KuraBirthPayloadBuilder().withUptime("100").withDisplayName("gw")
                .withModelName("m").withApplicationFramework("Kura").withApplicationFrameworkVersion("5.5.0")
                .withApplicationIdentifiers("CONF-V1,CMD-V1").withTamperStatus(TamperStatus.NOT_TAMPERED)
                .withModemImei(null).withPosition(position).build();

        assertThat(birth.getUptime()).isEqualTo("100");
        assertThat(birth.getDisplayName()).isEqualTo("gw");
        assertThat(birth.getModelName()).isEqualTo("m");
        assertThat(birth.getApplicationFrameworkVersion()).isEqualTo("5.5.0");
        assertThat(birth.getApplicationIdentifiers()).isEqualTo("CONF-V1,CMD-V1");
        assertThat(birth.getTamperStatus()).isEqualTo(TamperStatus.NOT_TAMPERED);
        assertThat(birth.getModemImei()).isNull();
        assertThat(birth.metricNames()).doesNotContain("modem_imei");
        assertThat(birth.getPosition()).isSameAs(position);
        assertThat(birth.getTimestamp()).isNotNull();
        assertThat(birth.toString()).contains("gw");
        assertThat(new KuraBirthPayload().getTamperStatus()).isNull();
    }

    @Test
    void disconnectPayload() {
        KuraDisconnectPayload disconnect = new KuraDisconnectPayload("55", "gw");

        assertThat(disconnect.getUptime()).isEqualTo("55");
        assertThat(disconnect.getDisplayName()).isEqualTo("gw");
        assertThat(new KuraDisconnectPayload(disconnect).getDisplayName()).isEqualTo("gw");
    }

    @Test
    void deviceProfile() {
        KuraDeviceProfile profile = new KuraDeviceProfile();

        assertThat(profile.getApplicationFramework()).isEqualTo(KuraDeviceProfile.DEFAULT_APPLICATION_FRAMEWORK);
        profile.setApplicationFrameworkVersion("5.5.0");
        profile.setLatitude(1.5);
        assertThat(profile.getKuraVersion()).isEqualTo("5.5.0");
        assertThat(profile.getLatitude()).isEqualTo(1.5);
    }
}
