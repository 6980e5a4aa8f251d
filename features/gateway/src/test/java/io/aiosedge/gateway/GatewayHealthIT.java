package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.testsupport.Mosquitto;

/**
 * The health checks on the standalone gateway with its default configuration (only the broker's address and the
 * publisher's intervals changed): {@code aios:health} over telnet, the supervisor's endpoint {@code /system/health}
 * (Felix HC core, JSON, no login), the web console's Health Check page (with login), and the health payload the
 * gateway publishes through Mosquitto when a status changes. A broker that goes away turns "AIOS broker connected"
 * to WARN in all of them.
 */
class GatewayHealthIT {

    private static final String TENANT = "health-it";
    private static final String GATEWAY = "gw-health";
    private static final String HEALTH_TOPIC = "aios/v1/" + TENANT + "/" + GATEWAY + "/data/health";

    @TempDir
    Path folder;

    private final List<Map<String, Object>> payloads = new CopyOnWriteArrayList<>();

    @Test
    void checksShowInGogoOnTheEndpointInTheConsoleAndInThePayload() throws Exception {
        int port = GatewayProcess.freePort();
        Path overrides = Files.writeString(this.folder.resolve("health-overrides.json"), "{\n"
                + "  \"io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint~io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint\": {\n"
                + "    \"kura.cloud.connection.factory.pid\": \"io.aiosedge.cloudsync.mqtt.MqttCloudConnectionFactory\",\n"
                + "    \"broker.url\": \"tcp://127.0.0.1:" + port + "\", \"client.id\": \"" + GATEWAY + "\",\n"
                + "    \"tenant\": \"" + TENANT + "\", \"outbox.directory\": \"${data}/outbox\",\n"
                + "    \"reconnect.min.delay.ms\": 200, \"reconnect.max.delay.ms\": 1000\n"
                + "  },\n"
                + "  \"io.aiosedge.health.HealthPublisher\": {\n"
                + "    \"CloudPublisher.target\": \"(kura.service.pid=health)\",\n"
                + "    \"check.interval.s:Integer\": 1, \"publish.interval.s:Integer\": 60\n"
                + "  }\n"
                + "}\n");
        try (Mosquitto broker = Mosquitto.in(this.folder.resolve("broker")).port(port).build();
                GatewayProcess gateway = new GatewayProcess(this.folder).with("--config", overrides.toString())) {
            broker.start();
            MqttClient cloud = new MqttClient(broker.url(), "cloud-health", new MemoryPersistence());
            cloud.setCallback(new Collector(this.payloads));
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            cloud.connect(options);
            cloud.subscribe(HEALTH_TOPIC, 1);

            gateway.start();
            Matcher printed = WebConsoleCredentialsTest.PRINTED.matcher(gateway.output());
            assertThat(printed.find()).as("the web console password printed at the first start").isTrue();
            String password = printed.group(1);

            await("a health payload with the broker connected", () -> payloads.stream().anyMatch(
                    p -> "OK".equals(metrics(p).get("health.aios.broker.connected.status"))));
            Map<String, Object> first = metrics(payloads.get(0));
            assertThat(first).containsKeys("health.status", "health.aios.outbox.status",
                    "health.aios.outbox.disk.space.status", "health.aios.models.loaded.status",
                    "health.aios.drivers.connected.status", "health.aios.scheduler.status");
            await("models loaded and the driver connected", () -> payloads.stream().anyMatch(p ->
                    "OK".equals(metrics(p).get("health.aios.models.loaded.status"))
                            && "OK".equals(metrics(p).get("health.aios.drivers.connected.status"))));

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + gateway.httpPort();
            HttpResponse<String> endpoint = http.send(HttpRequest.newBuilder(URI.create(base + "/system/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(endpoint.statusCode()).as("the supervisor's endpoint needs no login: " + endpoint.body())
                    .isIn(200, 503);
            assertThat(endpoint.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).contains("json"));
            assertThat(endpoint.body()).contains("\"overallResult\"").contains("AIOS broker connected")
                    .contains("AIOS models loaded");

            HttpRequest.Builder page = HttpRequest.newBuilder(URI.create(base + "/system/console/healthcheck"));
            assertThat(http.send(page.build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as("the console page without login").isEqualTo(401);
            HttpResponse<String> console = http.send(page.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).as("the web console's Health Check plugin").contains("Health Check");

            try (TelnetClient telnet = new TelnetClient(gateway.telnetPort())) {
                String report = telnet.run("aios:health");
                assertThat(report).startsWith("AIOS health: ").contains("AIOS broker connected")
                        .contains("AIOS outbox").contains("AIOS models loaded").contains("AIOS drivers connected")
                        .contains("AIOS scheduler").contains("AIOS outbox disk space");
                assertThat(telnet.run("aios:health cloud")).contains("AIOS broker connected")
                        .doesNotContain("AIOS models loaded");
                assertThat(telnet.run("aios:health bogus")).contains("no AIOS health check named or tagged 'bogus'");

                // The broker goes away: WARN at once (disconnected.warn.s 0), in Gogo and on the endpoint.
                broker.stop();
                await("aios:health shows the broker down", () -> {
                    try {
                        return telnet.run("aios:health cloud").matches("(?s).*WARN +AIOS broker connected.*");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                String down = http.send(HttpRequest.newBuilder(URI.create(base + "/system/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(down).contains("WARN");

                // The change waits in the outbox (priority 2, the health publisher's) and reaches the cloud when the
                // broker is back. The publisher looks every second; under load that can take longer than the checks
                // above, so the broker comes back only once the payload is stored.
                await("the health payload kept in the outbox while the broker is away", () -> {
                    try {
                        return telnet.run("aios:cloudstatus").matches("(?s).*outbox\\.priority\\.2 +[1-9].*");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                int before = payloads.size();
                await("the cloud client saw the broker go", () -> !cloud.isConnected());
                broker.start();
                cloud.connect(options); // the persistent session still holds the subscription
                try {
                    await("the payload saying the broker was down", () -> payloads.stream().skip(before).anyMatch(p ->
                            "WARN".equals(metrics(p).get("health.aios.broker.connected.status"))
                                    && Boolean.TRUE.equals(metrics(p).get("health.changed"))));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; received (broker status/changed): " + summary(), e);
                }
            }
            System.out.printf("health: %d payloads received; /system/health answered %d%n", payloads.size(),
                    endpoint.statusCode());
            cloud.disconnect();
            cloud.close();
        }
    }

    /** Broker status and change flag of each payload received, for a failure message. */
    private String summary() {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> p : payloads) {
            out.append(metrics(p).get("health.aios.broker.connected.status")).append('/')
                    .append(metrics(p).get("health.changed")).append(' ');
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Map<String, Object> header) {
        return (Map<String, Object>) header.getOrDefault("metrics", Map.of());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 90 s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static final class Collector implements MqttCallback {
        private final List<Map<String, Object>> into;

        Collector(List<Map<String, Object>> into) {
            this.into = into;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            this.into.add(GatewayBrokerIT.envelopeHeader(message.getPayload()));
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
