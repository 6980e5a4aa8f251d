package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.api.security.Ed25519Keys;

import io.aiosedge.testsupport.Mosquitto;

/**
 * The gateway with its default configuration end to end through Mosquitto: anomaly results produced while the
 * broker is away wait in the durable outbox and arrive when it comes back, live results follow; then Deployment
 * Package commands travel through the broker to the deployment handler, signed by the operator's key (an unsigned
 * command and an unsigned package refused; uninstall, install from a file: URL with its SHA-256 and signature, a
 * wrong digest refused) and their progress and result come back as notifications; last, the
 * simulated driver's package is upgraded by command while the job reads from it, and no task outcome is lost.
 */
class GatewayBrokerIT {

    private static final String TENANT = "demo";
    private static final String GATEWAY = "gateway-1";
    private static final String RESULTS = "aios/v1/" + TENANT + "/" + GATEWAY + "/data/anomaly";
    private static final String COMMANDS = "aios/v1/" + TENANT + "/" + GATEWAY + "/commands/deploy";
    private static final String NOTIFICATIONS = "aios/v1/" + TENANT + "/" + GATEWAY + "/notifications/deploy";
    private static final String REPLIES = "aios/v1/" + TENANT + "/ops/replies";
    private static final Path DPS = Paths.get(System.getProperty("aios.gateway.dps", "target/classes/dps"));
    private static final long TIMEOUT_S = 90;
    /** The operator's command key and the release key of packages, made for this run. */
    private static final KeyPair OPERATOR = Ed25519Keys.generate();
    private static final String OPERATOR_KEY_ID = "ops-it";
    private static final KeyPair RELEASE = Ed25519Keys.generate();
    private static final String RELEASE_KEY_ID = "release-it";

    @TempDir
    Path folder;

    private final List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> replies = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> notifications = new CopyOnWriteArrayList<>();

    @Test
    void resultsSurviveABrokerOutageAndDeploymentCommandsWorkThroughTheBroker() throws Exception {
        int port = GatewayProcess.freePort();
        Path overrides = this.folder.resolve("test-overrides.json");
        Files.writeString(overrides, "{\n"
                + "  \"io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint~io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint\": {\n"
                + "    \"kura.cloud.connection.factory.pid\": \"io.aiosedge.cloudsync.mqtt.MqttCloudConnectionFactory\",\n"
                + "    \"broker.url\": \"tcp://127.0.0.1:" + port + "\", \"client.id\": \"" + GATEWAY + "\",\n"
                + "    \"tenant\": \"" + TENANT + "\", \"outbox.directory\": \"${data}/outbox\",\n"
                + "    \"reconnect.min.delay.ms\": 200, \"reconnect.max.delay.ms\": 1000,\n"
                + "    \"commands.trusted.keys\": [\"" + OPERATOR_KEY_ID + "=" + Ed25519Keys.encodePublic(OPERATOR.getPublic())
                + "\"]\n"
                + "  },\n"
                + "  \"io.aiosedge.deployment.DeploymentCommandHandler\": {\n"
                + "    \"aios.request.handler.id\": \"deploy\", \"url.schemes\": \"https,file\",\n"
                + "    \"artifacts.trusted.keys\": [\"" + RELEASE_KEY_ID + "=" + Ed25519Keys.encodePublic(RELEASE.getPublic())
                + "\"]\n"
                + "  },\n"
                + "  \"io.aiosedge.scheduler.Job~anomaly-job\": {\n"
                + "    \"Driver.target\": \"(kura.service.pid=sim-1)\",\n"
                + "    \"CloudPublisher.target\": \"(kura.service.pid=anomaly-results)\",\n"
                + "    \"channels\": \"vibration:DOUBLE:shape=SINE,amplitude=1.2,offset=3,period.ms=3000,noise.sigma=0.1,"
                + "anomaly.rate.per.hour=600,anomaly.magnitude=1.5,anomaly.duration.ms=2000\",\n"
                + "    \"window.samples:Integer\": 64, \"trigger.rate.ms\": 10,\n"
                + "    \"task.model\": \"anomaly-edge\", \"task.locality\": \"EDGE_ONLY\", \"task.deadline.ms\": 2000\n"
                + "  }\n"
                + "}\n");

        try (Mosquitto broker = Mosquitto.in(this.folder.resolve("broker")).port(port).build();
                GatewayProcess gateway = new GatewayProcess(this.folder).with("--config", overrides.toString())) {
            // A cloud consumer with a persistent session subscribes once, then the broker goes away.
            broker.start();
            MqttClient subscription = client("cloud-consumer", broker.url());
            subscription.connect(options(false));
            subscription.subscribe(RESULTS, 1);
            subscription.disconnect();
            subscription.close();
            broker.stop();

            gateway.start();
            // The outage: the job makes a window every 640 ms (64 samples, 10 ms apart); keep the broker away for
            // 6 s of them. The outbox is where they wait.
            long outageEnds = System.currentTimeMillis() + 6_000;
            await("6 s of outage", () -> System.currentTimeMillis() >= outageEnds);
            assertThat(bytesIn(gateway.data().resolve("outbox"))).as("the durable outbox on disk").isPositive();

            long brokerBack = System.currentTimeMillis();
            broker.start();
            MqttClient consumer = client("cloud-consumer", broker.url());
            consumer.setCallback(new Collector(this.results));
            consumer.connect(options(false));
            await("results made during the outage delivered", () -> timestamps(this.results).stream()
                    .filter(ts -> ts < brokerBack).count() >= 5);
            await("live results after the outage", () -> timestamps(this.results).stream()
                    .anyMatch(ts -> ts > brokerBack + 2000));
            Map<String, Object> metrics = metrics(this.results.get(0));
            assertThat(metrics).containsKeys("task.id", "status", "node", "score", "anomaly")
                    .containsEntry("job", "anomaly-job");

            // Deployment Package commands through the broker.
            MqttClient operator = client("operator", broker.url());
            operator.setCallback(new Router(this.replies, this.notifications));
            operator.connect(options(true));
            operator.subscribe(REPLIES + "/#", 1);
            operator.subscribe(NOTIFICATIONS, 1);

            Path modbus = DPS.resolve("io.aiosedge.dp.driver.modbus.dp");
            String modbusVersion = dpVersion(modbus);
            command(operator, "c1", "DEL", List.of(), "{\"name\":\"io.aiosedge.dp.driver.modbus\"}");
            assertThat(finalState("c1")).containsEntry("state", "COMPLETED")
                    .containsEntry("message", "uninstalled io.aiosedge.dp.driver.modbus " + modbusVersion);

            // Unsigned: the command, then the package.
            unsignedCommand(operator, "u1", "EXEC", List.of("install"), "{\"url\":\"" + modbus.toUri()
                    + "\",\"sha256\":\"" + sha256(modbus) + "\"," + signature(sha256(modbus)) + "}");
            Map<String, Object> unsignedCommand = awaitValue("reply to u1", () -> reply("u1"));
            assertThat(unsignedCommand.get("status")).isEqualTo(401L);
            assertThat(String.valueOf(unsignedCommand.get("error"))).contains("unsigned deploy EXEC refused");
            command(operator, "u2", "EXEC", List.of("install"), "{\"url\":\"" + modbus.toUri() + "\",\"sha256\":\""
                    + sha256(modbus) + "\"}");
            Map<String, Object> unsignedPackage = awaitValue("reply to u2", () -> reply("u2"));
            assertThat(unsignedPackage.get("status")).isEqualTo(403L);
            assertThat(String.valueOf(unsignedPackage.get("error"))).contains("the package has no signature");

            command(operator, "c2", "EXEC", List.of("install"), "{\"url\":\"" + modbus.toUri() + "\",\"sha256\":\""
                    + sha256(modbus) + "\",\"name\":\"io.aiosedge.dp.driver.modbus\"," + signature(sha256(modbus)) + "}");
            assertThat(finalState("c2")).containsEntry("state", "COMPLETED").containsEntry("dp.version", modbusVersion);

            command(operator, "c3", "EXEC", List.of("install"), "{\"url\":\"" + modbus.toUri() + "\",\"sha256\":\""
                    + "0".repeat(64) + "\"," + signature("0".repeat(64)) + "}");
            assertThat(String.valueOf(finalState("c3").get("message"))).contains("SHA-256 of " + modbus.toUri().toURL())
                    .contains("nothing was installed");

            command(operator, "c4", "GET", List.of(), "{}");
            Map<String, Object> listing = awaitValue("reply to c4", () -> reply("c4"));
            assertThat(String.valueOf(metricsOfReply(listing).get("packages"))).contains("io.aiosedge.dp.driver.modbus",
                    "io.aiosedge.dp.deployment");

            command(operator, "c5", "EXEC", List.of("install"), "{\"url\":\"ftp://example.org/x.dp\",\"sha256\":\""
                    + "0".repeat(64) + "\"," + signature("0".repeat(64)) + "}");
            Map<String, Object> refused = awaitValue("reply to c5", () -> reply("c5"));
            assertThat(refused.get("status")).isEqualTo(400L);
            assertThat(String.valueOf(refused.get("error"))).contains("scheme 'ftp' is not allowed");

            // Upgrade the simulated driver's package while the job reads from it: the job stops (publishing the
            // outcome of every task it submitted), the driver bundle is replaced, the job comes back.
            String runBefore = run(taskIds().get(taskIds().size() - 1));
            Path simulated = DPS.resolve("io.aiosedge.dp.driver.simulated.dp");
            String release = nextVersion(dpVersion(simulated));
            Path releaseFile = PackageRelease.write(simulated, release, "r2", this.folder.resolve("release.dp"));
            command(operator, "c6", "EXEC", List.of("install"), "{\"url\":\"" + releaseFile.toUri() + "\",\"sha256\":\""
                    + sha256(releaseFile) + "\",\"version\":\"" + release + "\"," + signature(sha256(releaseFile)) + "}");
            assertThat(finalState("c6")).containsEntry("state", "COMPLETED").containsEntry("dp.version", release)
                    .containsEntry("previous.version", dpVersion(simulated));
            long upgraded = System.currentTimeMillis();
            await("results after the upgrade", () -> timestamps(this.results).stream().anyMatch(ts -> ts > upgraded));
            await("results of the job's next run (it restarted with the new driver)",
                    () -> taskIds().stream().anyMatch(id -> !run(id).equals(runBefore)));
            List<Long> numbers = taskIds().stream().filter(id -> run(id).equals(runBefore)).map(
                    GatewayBrokerIT::number).distinct().sorted().collect(Collectors.toList());
            assertThat(numbers).as("an outcome for every task of the job's run before the upgrade").isEqualTo(
                    LongStream.rangeClosed(1, numbers.get(numbers.size() - 1)).boxed().collect(Collectors.toList()));
            operator.disconnect();
            consumer.disconnect();
        }
    }

    private List<String> taskIds() {
        return this.results.stream().map(h -> String.valueOf(metrics(h).get("task.id"))).collect(Collectors.toList());
    }

    /** anomaly-job-mwsik6d7-12: the job's run is everything before the last '-'. */
    private static String run(String taskId) {
        return taskId.substring(0, taskId.lastIndexOf('-'));
    }

    private static long number(String taskId) {
        return Long.parseLong(taskId.substring(taskId.lastIndexOf('-') + 1));
    }

    private static String nextVersion(String version) {
        String[] parts = version.split("\\.", 4);
        return parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1) + (parts.length > 3 ? "." + parts[3] : "");
    }

    // ---------------------------------------------------------------- commands

    /** A deploy command signed by the operator's key, as {@code aios-sign sign-command} makes it. */
    private void command(MqttClient operator, String id, String method, List<String> args, String metrics)
            throws Exception {
        byte[] request = request(id, method, args, metrics);
        String envelope = CommandSignatures.envelope(OPERATOR.getPrivate(), OPERATOR_KEY_ID, TENANT, GATEWAY, "deploy",
                method, System.currentTimeMillis(), CommandSignatures.newNonce(), request);
        operator.publish(COMMANDS, envelope.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private void unsignedCommand(MqttClient operator, String id, String method, List<String> args, String metrics)
            throws Exception {
        operator.publish(COMMANDS, request(id, method, args, metrics), 1, false);
    }

    private static byte[] request(String id, String method, List<String> args, String metrics) {
        String argsJson = args.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
        return ("{\"id\":\"" + id + "\",\"reply\":\"" + REPLIES + "/" + id + "\",\"method\":\"" + method
                + "\",\"args\":" + argsJson + ",\"metrics\":" + metrics + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The metric carrying a package's detached signature by the release key ({@code aios-sign sign-file}). */
    private static String signature(String sha256) {
        return "\"signature\":\"" + ArtifactSignatures.sign(RELEASE.getPrivate(), RELEASE_KEY_ID, sha256) + "\"";
    }

    private Map<String, Object> reply(String id) {
        return this.replies.stream().filter(r -> id.equals(r.get("id"))).findFirst().orElse(null);
    }

    /** The accepted reply's operation, then its COMPLETED or FAILED notification's metrics. */
    private Map<String, Object> finalState(String id) {
        Map<String, Object> reply = awaitValue("reply to " + id, () -> reply(id));
        assertThat(reply.get("status")).as(String.valueOf(reply)).isEqualTo(200L);
        String operation = String.valueOf(metricsOfReply(reply).get("operation"));
        return awaitValue("final notification of " + operation, () -> this.notifications.stream().map(
                GatewayBrokerIT::metrics).filter(m -> operation.equals(m.get("operation")))
                .filter(m -> "COMPLETED".equals(m.get("state")) || "FAILED".equals(m.get("state"))).findFirst()
                .orElse(null));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metricsOfReply(Map<String, Object> reply) {
        return (Map<String, Object>) reply.getOrDefault("metrics", Map.of());
    }

    // ---------------------------------------------------------------- MQTT plumbing

    private static MqttClient client(String id, String url) throws Exception {
        return new MqttClient(url, id, new MemoryPersistence());
    }

    private static MqttConnectOptions options(boolean clean) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(clean);
        options.setAutomaticReconnect(false);
        return options;
    }

    /** Decodes the connector's envelope (magic, version, header length, JSON header, body). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> envelopeHeader(byte[] payload) {
        assertThat(payload.length).isGreaterThan(6);
        assertThat(payload[0]).isEqualTo((byte) 0xAE);
        int length = ByteBuffer.wrap(payload, 2, 4).getInt();
        return (Map<String, Object>) Json.parse(new String(payload, 6, length, StandardCharsets.UTF_8), "envelope");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Map<String, Object> header) {
        return (Map<String, Object>) header.getOrDefault("metrics", Map.of());
    }

    private static List<Long> timestamps(List<Map<String, Object>> headers) {
        return headers.stream().map(h -> ((Number) h.get("ts")).longValue()).collect(Collectors.toList());
    }

    private static final class Collector implements org.eclipse.paho.client.mqttv3.MqttCallback {
        private final List<Map<String, Object>> into;

        Collector(List<Map<String, Object>> into) {
            this.into = into;
        }

        @Override
        public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
            this.into.add(envelopeHeader(message.getPayload()));
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
        }
    }

    private static final class Router implements org.eclipse.paho.client.mqttv3.MqttCallback {
        private final List<Map<String, Object>> replies;
        private final List<Map<String, Object>> notifications;

        Router(List<Map<String, Object>> replies, List<Map<String, Object>> notifications) {
            this.replies = replies;
            this.notifications = notifications;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
            if (topic.equals(NOTIFICATIONS)) {
                this.notifications.add(envelopeHeader(message.getPayload()));
            } else {
                this.replies.add((Map<String, Object>) Json.parse(
                        new String(message.getPayload(), StandardCharsets.UTF_8), topic));
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static long bytesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String dpVersion(Path dp) throws IOException {
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(Files.newInputStream(dp))) {
            return in.getManifest().getMainAttributes().getValue("DeploymentPackage-Version");
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_S + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static <T> T awaitValue(String what, Supplier<T> supplier) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_S + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
