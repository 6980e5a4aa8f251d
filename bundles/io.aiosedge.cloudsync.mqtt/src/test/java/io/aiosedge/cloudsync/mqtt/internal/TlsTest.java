package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.osgi.service.cm.ConfigurationAdmin;

import io.aiosedge.cloudsync.mqtt.internal.ConnectionOptions.TlsOptions;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink;
import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.testsupport.Mosquitto;

/**
 * TLS against Mosquitto with a CA and server certificate made in the test, user name and password required: the
 * right credentials connect and deliver; a wrong password or an untrusted CA give a clear status and a backing-off
 * retry, not a tight loop.
 */
class TlsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    private static TestCertificates certificates;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Mosquitto broker;

    @BeforeAll
    static void pki() {
        certificates = TestCertificates.create(pki.resolve("ca"), "AIOS Test CA");
    }

    @BeforeEach
    void broker() {
        broker = Mosquitto.in(dir.resolve("broker"))
                .tls(certificates.caPem, certificates.serverCertPem, certificates.serverKeyPem)
                .password("gateway", "right-password").build().start();
        closeables.add(broker);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private MqttCloudEndpoint endpoint(String password, Path trustStore, String outbox) throws Exception {
        return endpoint(password, trustStore, outbox, true);
    }

    private MqttCloudEndpoint endpoint(String password, Path trustStore, String outbox, boolean verifyHost)
            throws Exception {
        Map<String, Object> p = MqttCloudEndpointTest.baseProperties(broker.url(), dir.resolve(outbox));
        p.put("tls.hostname.verification", verifyHost);
        p.put("username", "gateway");
        p.put("password", password);
        p.put("tls.truststore.path", trustStore.toString());
        p.put("tls.truststore.password", TestCertificates.STORE_PASSWORD);
        p.put("reconnect.min.delay.ms", 200L);
        p.put("reconnect.max.delay.ms", 5000L);
        MqttCloudEndpoint e = new MqttCloudEndpoint(Configs.of(MqttCloudEndpoint.Config.class, p), p, null,
                Mockito.mock(ConfigurationAdmin.class), null);
        closeables.add(e::deactivate);
        return e;
    }

    @Test
    void connectsWithTheGeneratedCaVerifiesTheHostAndDelivers() throws Exception {
        MqttConnectOptions consumerOptions = new MqttConnectOptions();
        consumerOptions.setSocketFactory(new ConnectionOptions(broker.url(), "x", "", "", new TlsOptions(
                certificates.trustStore.toString(), TestCertificates.STORE_PASSWORD, "", "", true), 30, 5, true, 1, 1,
                1, null).socketFactory());
        consumerOptions.setUserName("gateway");
        consumerOptions.setPassword("right-password".toCharArray());
        TestClient consumer = new TestClient(broker.url(), "tls-consumer", true, 1, consumerOptions, "secure/#");
        closeables.add(consumer);

        MqttCloudEndpoint endpoint = endpoint("right-password", certificates.trustStore, "ok");
        Await.until(() -> "connected over TLS: " + endpoint.statusMetrics().get("last.error"), WAIT,
                endpoint::isConnected);
        assertThat(endpoint.options().connection().brokerUrl()).startsWith("ssl://localhost:");
        KuraPayload payload = new KuraPayload();
        payload.addMetric("secret", "value");
        String id = endpoint.publish(new KuraMessage(payload, Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, "secure/x")));
        Await.until("delivered over TLS", WAIT, () -> consumer.received().size() == 1);
        assertThat(Envelope.decode(consumer.received().get(0).payload()).id()).isEqualTo(id);
    }

    @Test
    void aWrongPasswordGivesAClearStatusAndBacksOff() throws Exception {
        long started = System.nanoTime();
        MqttCloudEndpoint endpoint = endpoint("wrong-password", certificates.trustStore, "wrong");
        Await.until("five refused attempts", WAIT, () -> endpoint.link().status().failures() >= 5);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        MqttLink.Status status = endpoint.link().status();
        assertThat(endpoint.isConnected()).isFalse();
        assertThat(status.lastError()).containsAnyOf("not authorized", "bad user name or password");
        assertThat(String.valueOf(endpoint.statusMetrics().get("last.error"))).isEqualTo(status.lastError());
        // Before the 5th attempt the link waited at least half of 200 + 400 + 800 + 1600 ms: no tight loop.
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(1500);
        long attempts = status.connectAttempts();
        assertThat(attempts).isBetween(5L, 6L);
        assertThat(status.nextAttemptAtMillis()).isGreaterThan(System.currentTimeMillis() - 1000);
    }

    @Test
    void anUntrustedServerIsRefusedWithTheTlsReason() throws Exception {
        TestCertificates other = TestCertificates.create(dir.resolve("other-pki"), "Some Other CA");
        MqttCloudEndpoint endpoint = endpoint("right-password", other.trustStore, "untrusted");
        Await.until("two failed attempts", WAIT, () -> endpoint.link().status().failures() >= 2);
        assertThat(endpoint.isConnected()).isFalse();
        assertThat(endpoint.link().status().lastError()).containsIgnoringCase("certification path");
    }

    @Test
    void hostnameVerificationRefusesACertificateForAnotherHostUnlessTurnedOff() throws Exception {
        broker.close();
        TestCertificates otherHost = TestCertificates.create(dir.resolve("other-host"), "AIOS Test CA 2", "dns:otherhost");
        broker = Mosquitto.in(dir.resolve("broker2"))
                .tls(otherHost.caPem, otherHost.serverCertPem, otherHost.serverKeyPem)
                .password("gateway", "right-password").build().start();
        closeables.add(broker);
        MqttCloudEndpoint verifying = endpoint("right-password", otherHost.trustStore, "verify", true);
        Await.until("a refused attempt", WAIT, () -> verifying.link().status().failures() >= 1);
        assertThat(verifying.isConnected()).isFalse();
        assertThat(verifying.link().status().lastError()).containsIgnoringCase("localhost");
        MqttCloudEndpoint lenient = endpoint("right-password", otherHost.trustStore, "lenient", false);
        Await.until(() -> "connected without hostname verification: " + lenient.link().status().lastError(), WAIT,
                lenient::isConnected);
    }
}
