package io.aiosedge.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttException;

import io.aiosedge.testsupport.Mosquitto;

/**
 * The system under test, each part a process of its own: Mosquitto, cloud workers (the real distribution,
 * configured by AIOS_* variables as in a container) and a gateway (the same launcher with the gateway's bundles,
 * configured by .cfg files written here), plus the test's MQTT client.
 */
public final class CloudTier implements AutoCloseable {

    static final String TENANT = "e2e";
    static final String GATEWAY = "gw-1";
    static final Duration START = Duration.ofSeconds(120);
    /** How often the tests look at a condition they wait for (Awaitility's poll interval). */
    public static final Duration POLL = Duration.ofMillis(50);

    public final Path dir;
    public final Mosquitto broker;
    final BrokerClient client;
    private final Path workerHome = Path.of(System.getProperty("aios.e2e.worker.home", "target/cloud-worker"));
    private final Path gatewayBundles = Path.of(System.getProperty("aios.e2e.gateway.bundles",
            "target/gateway-bundles"));
    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();

    public CloudTier(String name) throws IOException, MqttException {
        this(name, List.of());
    }

    /** With the broker listening on further addresses too (a network namespace's peer address). */
    public CloudTier(String name, List<String> brokerAddresses) throws IOException, MqttException {
        this.dir = Files.createTempDirectory("aios-e2e-" + name);
        Mosquitto.Builder settings = Mosquitto.in(dir.resolve("broker")).persistent(false).maxQueuedMessages(10_000);
        brokerAddresses.forEach(settings::listenAlso);
        this.broker = settings.build().start();
        this.client = new BrokerClient(broker.url(), TENANT);
    }

    Path launcher() {
        return workerHome.resolve("aiosedge-cloud-worker.jar");
    }

    /** Starts a worker of the shared pool and waits until it takes requests (its ready file). */
    public NodeProcess startWorker(String id, int threads) throws IOException {
        return startWorker(id, threads, broker.url(), List.of());
    }

    /**
     * A worker reaching the broker at {@code brokerUrl} (through an emulated WAN link), its command run through
     * {@code prefix} (e.g. {@code ip netns exec <namespace>}).
     */
    public NodeProcess startWorker(String id, int threads, String brokerUrl, List<String> prefix) throws IOException {
        return startWorker(id, threads, brokerUrl, prefix, List.of());
    }

    /**
     * A worker that also runs the components of {@code configs} ({@code .cfg} file name to content, added to the
     * distribution's own {@code conf/configs}), e.g. the federated coordinator.
     */
    public NodeProcess startWorker(String id, int threads, Map<String, String> configs) throws IOException {
        Path folder = dir.resolve(id + "-configs");
        Files.createDirectories(folder);
        try (java.util.stream.Stream<Path> own = Files.list(workerHome.resolve("conf/configs"))) {
            for (Path file : own.toList()) {
                Files.copy(file, folder.resolve(file.getFileName().toString()));
            }
        }
        for (Map.Entry<String, String> c : configs.entrySet()) {
            Files.writeString(folder.resolve(c.getKey()), c.getValue());
        }
        return startWorker(id, threads, broker.url(), List.of(), List.of("configs.dir=" + folder));
    }

    private NodeProcess startWorker(String id, int threads, String brokerUrl, List<String> prefix,
            List<String> settings) throws IOException {
        Path data = dir.resolve(id);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AIOS_BROKER_URL", brokerUrl);
        env.put("AIOS_TENANT", TENANT);
        env.put("AIOS_WORKER_ID", id);
        env.put("AIOS_THREADS", Integer.toString(threads));
        env.put("AIOS_DATA_DIR", data.toString());
        env.put("AIOS_STATE_INTERVAL_S", "1");
        env.put("AIOS_KEEP_ALIVE_S", "5");
        env.put("AIOS_LOG_TASKS", "true");
        env.put("AIOS_TF_INTRA_OP_THREADS", "1");
        NodeProcess worker = NodeProcess.start(id, prefix, launcher(), workerHome, data, env, settings);
        nodes.put(id, worker);
        worker.await("the worker's ready file", START, () -> Files.exists(data.resolve("ready")));
        await(id + " ONLINE on its state topic").atMost(START).pollInterval(POLL)
                .until(() -> "ONLINE".equals(client.stateField(id, "state")));
        return worker;
    }

    /** Starts the gateway with a policy and waits until its scheduler sees the worker pool available. */
    public NodeProcess startGateway(String policy, long offloadTimeoutMillis, int expectedPoolSlots) throws IOException,
            MqttException {
        return startGateway(policy, offloadTimeoutMillis, "cloud:inference\tCLOUD\tinference\ttrue\t"
                + expectedPoolSlots);
    }

    /**
     * Starts the gateway with a policy and waits until its scheduler lists {@code expectedNodeLine} (id, kind,
     * address, available, slots; tab-separated, as the probe's {@code nodes} answer).
     */
    public NodeProcess startGateway(String policy, long offloadTimeoutMillis, String expectedNodeLine)
            throws IOException, MqttException {
        return startGateway(policy, offloadTimeoutMillis, expectedNodeLine, "", Map.of());
    }

    /**
     * As above, the engine also trusting archives signed by {@code trustedKey} ({@code <id>=<base64 public key>};
     * empty: none) and the components of {@code extra} ({@code .cfg} file name to content) configured too.
     */
    public NodeProcess startGateway(String policy, long offloadTimeoutMillis, String expectedNodeLine,
            String trustedKey, Map<String, String> extra) throws IOException, MqttException {
        Path home = dir.resolve(GATEWAY);
        Path configs = home.resolve("configs");
        Files.createDirectories(configs);
        writeEndpoint(configs, GATEWAY, home, false);
        writeEngine(configs, trustedKey, "");
        for (Map.Entry<String, String> c : extra.entrySet()) {
            Files.writeString(configs.resolve(c.getKey()), c.getValue());
        }
        Files.writeString(configs.resolve("io.aiosedge.scheduler.TaskScheduler.cfg"), String.join("\n",
                "policy=" + policy,
                "local.node.id=" + GATEWAY,
                "local.slots:Integer=1",
                "offload.timeout.ms:Long=" + offloadTimeoutMillis,
                "queue.capacity:Integer=10000",
                "recent.capacity:Integer=10000",
                "joint.confidence.threshold:Double=0.8",
                ""));
        Files.writeString(configs.resolve("io.aiosedge.cloud.worker.NodeDirectory.cfg"),
                "pool.by.capability:Boolean=true\n");
        // The learning loop's hard examples (escalated tasks) go up through a publisher of their own.
        Files.writeString(configs.resolve("io.aiosedge.learning.HardExamples.cfg"), String.join("\n",
                "CloudPublisher.target=(kura.service.pid=hard-examples)",
                "quota.per.hour:Integer=100000",
                "upload.batch.size:Integer=25",
                "upload.interval.s:Integer=1",
                ""));
        Files.writeString(configs.resolve("io.aiosedge.cloudsync.mqtt.MqttCloudPublisher~hard-examples.cfg"),
                String.join("\n",
                "kura.service.pid=hard-examples",
                "cloud.endpoint.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint",
                "app.id=hard-examples",
                "priority:Integer=9",
                ""));
        NodeProcess gateway = NodeProcess.start(GATEWAY, launcher(), home, home, Map.of(), gatewaySettings(home,
                configs));
        nodes.put(GATEWAY, gateway);
        gateway.await("the gateway's scheduler to see " + expectedNodeLine, START, () -> {
            try {
                BrokerClient.Response r = client.tryCommand(GATEWAY, "probe", "GET", List.of("nodes"),
                        Duration.ofSeconds(2));
                return r != null && r.status() == 200 && r.body().contains(expectedNodeLine);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        });
        return gateway;
    }

    /**
     * Starts a second gateway that serves its peers' tasks: the same gateway bundles as {@link #startGateway}, its
     * worker component configured as a PEER node of capability {@code inference} with one slot, and waits until it
     * advertises itself ONLINE.
     */
    public NodeProcess startPeerGateway(String id) throws IOException {
        Path home = dir.resolve(id);
        Path configs = home.resolve("configs");
        Files.createDirectories(configs);
        writeEndpoint(configs, id, home, true);
        writeEngine(configs);
        Files.writeString(configs.resolve("io.aiosedge.cloud.worker.CloudWorker.cfg"), String.join("\n",
                "TensorInference.target=(kura.service.pid=aios-inference)",
                "capability=inference",
                "node.kind=PEER",
                "models=anomaly-cloud",
                "slots:Integer=1",
                "capacity:Integer=4",
                "speed:Double=1e9",
                "state.interval.s:Integer=1",
                "log.tasks:Boolean=true",
                ""));
        NodeProcess peer = NodeProcess.start(id, launcher(), home, home, Map.of(), gatewaySettings(home, configs));
        nodes.put(id, peer);
        peer.await(id + " ONLINE on its state topic", START, () -> "ONLINE".equals(client.stateField(id, "state")));
        return peer;
    }

    /**
     * Starts a gateway of the learning tests: the gateway bundles, its endpoint (client id {@code id}), an engine
     * (pid {@code aios-inference}) serving {@code models} (the engine's {@code models} setting, no model bundles) and
     * trusting archives signed by {@code trustedKey} ({@code <id>=<base64 public key>}), its scheduler, plus the
     * components of {@code configs} ({@code .cfg} file name to content). Waits until the engine answers the
     * {@code models} command listing {@code model}.
     */
    public NodeProcess startLearningGateway(String id, String models, String trustedKey, String model,
            Map<String, String> configs) throws IOException {
        Path home = dir.resolve(id);
        Path configDir = home.resolve("configs");
        Files.createDirectories(configDir);
        writeEndpoint(configDir, id, home, false);
        writeEngine(configDir, trustedKey, models);
        // the scheduler, as on any gateway: it uses the engine, which is what starts it (a delayed component)
        Files.writeString(configDir.resolve("io.aiosedge.scheduler.TaskScheduler.cfg"), "local.node.id=" + id + "\n");
        for (Map.Entry<String, String> c : configs.entrySet()) {
            Files.writeString(configDir.resolve(c.getKey()), c.getValue());
        }
        NodeProcess gateway = NodeProcess.start(id, launcher(), home, home, Map.of(), gatewaySettings(home,
                configDir));
        nodes.put(id, gateway);
        gateway.await("the engine to serve " + model, START, () -> modelVersion(id, model) != null);
        return gateway;
    }

    /** The version of {@code model} the gateway's engine serves (its {@code models} command), or null. */
    public String modelVersion(String gateway, String model) {
        try {
            BrokerClient.Response r = client.tryCommand(gateway, "models", "GET", List.of(), Duration.ofSeconds(2));
            return r == null || r.status() != 200 ? null : r.metric(model + ".version");
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeEndpoint(Path configs, String clientId, Path home, boolean servesPeers) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "kura.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint",
                "broker.url=" + broker.url(),
                "client.id=" + clientId,
                "tenant=" + TENANT,
                "keep.alive.s:Integer=5",
                "reconnect.min.delay.ms:Long=200",
                "reconnect.max.delay.ms:Long=2000",
                "outbox.directory=" + home.resolve("data/outbox"),
                "outbox.sync.interval.ms:Integer=100",
                // One entry: DS turns the String into the one-element String[] the property is.
                "commands.trusted.keys=" + client.trustEntry()));
        if (servesPeers) {
            // As a cloud worker's endpoint: its status topic is the node's state topic (the last will says LOST).
            lines.addAll(List.of("clean.session:Boolean=true", "status.enabled:Boolean=true",
                    "status.topic=aios/v1/#{tenant}/nodes/#{client-id}/state", "offload.serve.enabled:Boolean=true",
                    "offload.workers:Integer=4", "offload.queue.capacity:Integer=0"));
        }
        lines.add("");
        Files.writeString(configs.resolve("io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint~gateway.cfg"),
                String.join("\n", lines));
    }

    private static void writeEngine(Path configs) throws IOException {
        writeEngine(configs, "", "");
    }

    /**
     * The engine (pid {@code aios-inference}, one TensorFlow thread): with {@code models} empty it serves the model
     * bundles, else those folders ({@code name=folder,...}) only; {@code trustedKey} (empty: none) signs the archives
     * it accepts.
     */
    private static void writeEngine(Path configs, String trustedKey, String models) throws IOException {
        Files.writeString(configs.resolve("io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine~engine.cfg"),
                "kura.service.pid=aios-inference\nintra.op.threads:Integer=1\n"
                        + (models.isEmpty() ? "model.bundles:Boolean=true\n"
                                : "model.bundles:Boolean=false\nmodels=" + models + "\n")
                        + (trustedKey.isEmpty() ? "" : "artifacts.trusted.keys=" + trustedKey + "\n"));
    }

    private List<String> gatewaySettings(Path home, Path configs) {
        return List.of("bundles.dir=" + gatewayBundles, "configs.dir=" + configs, "data.dir=" + home.resolve("data"),
                "system.org.slf4j.simpleLogger.defaultLogLevel=info", "system.org.slf4j.simpleLogger.showDateTime=true",
                "system.org.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
    }

    /** What the gateway's scheduler sees now (one line per node). */
    public String gatewayNodes() throws MqttException {
        return client.command(GATEWAY, "probe", "GET", List.of("nodes"), Map.of(), Duration.ofSeconds(10)).body();
    }

    /** Starts a probe run on the gateway; returns at once. */
    public void startRun(String run, Map<String, Object> metrics) throws MqttException {
        Map<String, Object> m = new LinkedHashMap<>(metrics);
        m.put("run", run);
        BrokerClient.Response r = client.command(GATEWAY, "probe", "EXEC", List.of(), m, Duration.ofSeconds(30));
        if (r.status() != 200) {
            throw new AssertionError("run " + run + " refused: " + r.json());
        }
    }

    /** Submitted count of a run so far. */
    int submitted(String run) throws MqttException {
        BrokerClient.Response r = client.command(GATEWAY, "probe", "GET", List.of(run), Map.of(),
                Duration.ofSeconds(10));
        return Integer.parseInt(r.metric("submitted"));
    }

    /** Waits for a run to finish and returns its outcomes; {@code duplicates[0]} gets the duplicate outcomes seen. */
    public List<Outcome> awaitRun(String run, Duration timeout, int[] duplicates) throws MqttException {
        BrokerClient.Response[] last = new BrokerClient.Response[1];
        NodeProcess gateway = nodes.get(GATEWAY);
        gateway.await("run " + run + " to finish", timeout, () -> {
            try {
                last[0] = client.command(GATEWAY, "probe", "GET", List.of(run), Map.of(), Duration.ofSeconds(10));
                return "DONE".equals(last[0].metric("state"));
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Path results = Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"));
            Files.createDirectories(results);
            Files.writeString(results.resolve(run + ".tsv"), last[0].body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Outcome.parse(last[0].body(), duplicates);
    }

    NodeProcess node(String id) {
        return nodes.get(id);
    }

    /** Copies every node's log next to the results (kept for reading after a failure). */
    public void keepLogs(Path results) throws IOException {
        Files.createDirectories(results);
        for (Map.Entry<String, NodeProcess> e : nodes.entrySet()) {
            Files.writeString(results.resolve(e.getKey() + ".log"), e.getValue().log());
        }
    }

    @Override
    public void close() throws Exception {
        List<NodeProcess> reverse = new ArrayList<>(nodes.values());
        java.util.Collections.reverse(reverse);
        for (NodeProcess node : reverse) {
            node.close();
        }
        client.close();
        broker.close();
        // each node's folder holds a framework cache of about 300 MB: keepLogs() saved what is worth keeping
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
