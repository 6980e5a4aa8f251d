package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.osgi.service.cm.ConfigurationAdmin;

import io.aiosedge.cloudsync.mqtt.internal.ConnectionOptions.TlsOptions;
import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.testsupport.Mosquitto;

/**
 * Mutual TLS against Mosquitto ({@code require_certificate true}, {@code use_identity_as_username true}) with a
 * CA, server and client certificates made at test time with keytool: the cloud-sync endpoint with its client
 * certificate ({@code tls.keystore.path}) connects and a message goes through the broker to another client;
 * without a client certificate, or with one from another CA, the broker refuses the connection. Then the demo's
 * ACL ({@code deploy/mosquitto/acl-demo}): a gateway cannot publish into another gateway's command topic or
 * another node's state, and can publish into its own namespace. Skipped, saying so, where Mosquitto is not
 * installed.
 */
class MutualTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** In the repository, relative to the module folder (surefire sets basedir). */
    private static final Path ACL = Path.of(System.getProperty("basedir", ".")).resolve("../../deploy/mosquitto/acl-demo")
            .normalize();

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    private static TestCertificates certificates;
    private static TestCertificates otherCa;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void pki() {
        Assumptions.assumeTrue(Mosquitto.installed(), "Mosquitto is not installed: mutual TLS and ACL tests"
                + " skipped (install it with 'apt-get install -y mosquitto')");
        certificates = TestCertificates.create(pki.resolve("ca"), "AIOS Test CA");
        otherCa = TestCertificates.create(pki.resolve("other"), "Some Other CA");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private Mosquitto broker(boolean withAcl) {
        Mosquitto.Builder settings = Mosquitto.in(dir.resolve("broker"))
                .tls(certificates.caPem, certificates.serverCertPem, certificates.serverKeyPem)
                .requireClientCertificates();
        if (withAcl) {
            settings.acl(ACL);
        }
        Mosquitto broker = settings.build().start();
        closeables.add(broker);
        return broker;
    }

    private MqttCloudEndpoint endpoint(Mosquitto broker, String clientId, Path keyStore) throws Exception {
        Map<String, Object> p = MqttCloudEndpointTest.baseProperties(broker.url(), dir.resolve("outbox-" + clientId));
        p.put("client.id", clientId);
        p.put("tenant", "demo");
        p.put("tls.truststore.path", certificates.trustStore.toString());
        p.put("tls.truststore.password", TestCertificates.STORE_PASSWORD);
        if (keyStore != null) {
            p.put("tls.keystore.path", keyStore.toString());
            p.put("tls.keystore.password", TestCertificates.STORE_PASSWORD);
        }
        p.put("reconnect.min.delay.ms", 200L);
        p.put("reconnect.max.delay.ms", 2000L);
        MqttCloudEndpoint e = new MqttCloudEndpoint(Configs.of(MqttCloudEndpoint.Config.class, p), p, null,
                Mockito.mock(ConfigurationAdmin.class), null);
        closeables.add(e::deactivate);
        return e;
    }

    /** A plain client with a client certificate of {@code ca} named {@code commonName} (its client id too). */
    private TestClient client(Mosquitto broker, TestCertificates ca, String commonName, String... filters)
            throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(new ConnectionOptions(broker.url(), commonName, "", "", new TlsOptions(
                certificates.trustStore.toString(), TestCertificates.STORE_PASSWORD,
                ca.clientKeyStore(commonName).toString(), TestCertificates.STORE_PASSWORD, true), 30, 5, true, 1, 1,
                1, null).socketFactory());
        TestClient client = new TestClient(broker.url(), commonName, true, 1, options, filters);
        closeables.add(client);
        return client;
    }

    @Test
    void withItsClientCertificateTheEndpointConnectsAndAMessageGoesThrough() throws Exception {
        Mosquitto broker = broker(false);
        TestClient consumer = client(broker, certificates, "observer", "aios/v1/demo/#");
        MqttCloudEndpoint endpoint = endpoint(broker, "gateway-1", certificates.clientKeyStore("gateway-1"));
        Await.until(() -> "connected with a client certificate: " + endpoint.statusMetrics().get("last.error"), WAIT,
                endpoint::isConnected);
        assertThat(endpoint.options().connection().brokerUrl()).startsWith("ssl://");

        KuraPayload payload = new KuraPayload();
        payload.addMetric("reading", 42);
        String id = endpoint.publish(new KuraMessage(payload,
                Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, "aios/v1/demo/gateway-1/data/x")));
        Await.until("delivered over mutual TLS", WAIT, () -> consumer.received().stream()
                .anyMatch(r -> r.topic().equals("aios/v1/demo/gateway-1/data/x")));
        TestClient.Received received = consumer.received().stream()
                .filter(r -> r.topic().equals("aios/v1/demo/gateway-1/data/x")).findFirst().orElseThrow();
        assertThat(Envelope.decode(received.payload()).id()).isEqualTo(id);
        assertThat(broker.log()).contains("as gateway-1");
    }

    @Test
    void withoutAClientCertificateTheBrokerRefusesTheConnection() throws Exception {
        Mosquitto broker = broker(false);
        MqttCloudEndpoint endpoint = endpoint(broker, "gateway-1", null);
        Await.until("two refused attempts", WAIT, () -> endpoint.link().status().failures() >= 2);
        assertThat(endpoint.isConnected()).isFalse();
        assertThat(endpoint.link().status().connectAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(endpoint.link().status().lastError()).isNotBlank();
        assertThat(broker.log()).as("what the broker says").containsIgnoringCase("peer did not return a certificate");
    }

    @Test
    void aClientCertificateOfAnotherCaIsRefused() throws Exception {
        Mosquitto broker = broker(false);
        MqttCloudEndpoint endpoint = endpoint(broker, "gateway-1", otherCa.clientKeyStore("gateway-1"));
        Await.until("two refused attempts", WAIT, () -> endpoint.link().status().failures() >= 2);
        assertThat(endpoint.isConnected()).isFalse();
        assertThat(endpoint.link().status().lastError()).isNotBlank();
        assertThat(broker.log()).as("what the broker says").containsIgnoringCase("certificate verify failed");
    }

    @Test
    void underTheDemoAclAGatewayCannotPublishIntoAnotherGatewaysCommands() throws Exception {
        assertThat(ACL).as("the demo's ACL file").isRegularFile();
        Mosquitto broker = broker(true);
        TestClient operator = client(broker, certificates, "operator", "aios/v1/demo/#");
        TestClient gateway1 = client(broker, certificates, "gateway-1", "aios/v1/demo/gateway-1/commands/#");

        // Into gateway-1's commands, its replies, and a node state that is not gateway-2's: each refused by the
        // broker. Mosquitto 2.0.11 drops the connection of an MQTT 3.1.1 client after a denied publish (its
        // PUBACK carries an MQTT 5 reason code), so each attempt uses a connection of its own.
        for (String forged : List.of("aios/v1/demo/gateway-1/commands/config", "aios/v1/demo/gateway-1/replies",
                "aios/v1/demo/nodes/worker-1/state")) {
            publishOnce(broker, "gateway-2", forged);
        }
        // What gateway-2 may write: its own namespace and its own state.
        publishOnce(broker, "gateway-2", "aios/v1/demo/gateway-2/data/x");
        publishOnce(broker, "gateway-2", "aios/v1/demo/nodes/gateway-2/state");
        Await.until("gateway-2's own data and state arrive", WAIT, () -> topics(operator).containsAll(List.of(
                "aios/v1/demo/gateway-2/data/x", "aios/v1/demo/nodes/gateway-2/state")));
        assertThat(topics(operator)).as("what the operator saw")
                .containsExactly("aios/v1/demo/gateway-2/data/x", "aios/v1/demo/nodes/gateway-2/state");
        assertThat(gateway1.received()).as("gateway-1's commands").isEmpty();
        assertThat(broker.log()).contains("Denied PUBLISH from gateway-2")
                .contains("'aios/v1/demo/gateway-1/commands/config'").contains("'aios/v1/demo/gateway-1/replies'")
                .contains("'aios/v1/demo/nodes/worker-1/state'");

        // The operator may command gateway-1.
        operator.publish("aios/v1/demo/gateway-1/commands/status", bytes("{}"), 1, false);
        Await.until("the operator's command reaches gateway-1", WAIT, () -> !gateway1.received().isEmpty());
        assertThat(gateway1.received().get(0).topic()).isEqualTo("aios/v1/demo/gateway-1/commands/status");
    }

    /** Connects as {@code commonName}, publishes once (QoS 1), and disconnects (or is disconnected). */
    private void publishOnce(Mosquitto broker, String commonName, String topic) throws Exception {
        TestClient client = client(broker, certificates, commonName);
        try {
            client.publish(topic, bytes("from " + commonName), 1, false);
        } catch (MqttException refused) {
            // the broker refused it and dropped the connection
        }
        client.close();
        closeables.remove(client);
    }

    private static List<String> topics(TestClient client) {
        return client.received().stream().map(TestClient.Received::topic).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
