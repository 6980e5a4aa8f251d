package io.aiosedge.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.api.security.Ed25519Keys;

/**
 * The test's own MQTT client: watches the retained node states of a tenant and sends cloud commands to a gateway
 * (the JSON protocol of the cloud-sync connector's command dispatcher), as an operator's tool would.
 */
final class BrokerClient implements AutoCloseable {

    /** A command's response: HTTP-like status, metrics (as JSON text) and the decoded body. */
    record Response(int status, String json, String body) {
        String metric(String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"?([^,\"}]*)").matcher(json);
            return m.find() ? m.group(1) : null;
        }
    }

    private final MqttClient client;
    private final String tenant;
    private final String replyTopic;
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** The operator key of this test run (generated now) and its id in the gateways' commands.trusted.keys. */
    private final KeyPair key = Ed25519Keys.generate();
    static final String KEY_ID = "e2e-operator";

    BrokerClient(String url, String tenant) throws MqttException {
        this.tenant = tenant;
        this.replyTopic = "aios/v1/" + tenant + "/e2e-test/replies";
        client = new MqttClient(url, "e2e-test-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(100);
        client.connect(options);
        client.subscribe("aios/v1/" + tenant + "/nodes/+/state", 1,
                (topic, message) -> states.put(topic.split("/")[4], header(message.getPayload())));
        client.subscribe(replyTopic, 1, (topic, message) -> onResponse(message.getPayload()));
    }

    /** The {@code commands.trusted.keys} entry that makes a gateway accept this client's commands. */
    String trustEntry() {
        return KEY_ID + "=" + Ed25519Keys.encodePublic(key.getPublic());
    }

    /** The JSON header of an AIOS envelope (magic 0xAE 0x01, length, header). */
    static String header(byte[] payload) {
        if (payload.length < 6 || payload[0] != (byte) 0xAE || payload[1] != 1) {
            return new String(payload, StandardCharsets.UTF_8);
        }
        int length = ByteBuffer.wrap(payload, 2, 4).getInt();
        return new String(payload, 6, length, StandardCharsets.UTF_8);
    }

    /** The body of an AIOS envelope (what follows the header), or the whole payload when it is not one. */
    static String body(byte[] payload) {
        if (payload.length < 6 || payload[0] != (byte) 0xAE || payload[1] != 1) {
            return new String(payload, StandardCharsets.UTF_8);
        }
        int length = ByteBuffer.wrap(payload, 2, 4).getInt();
        return new String(payload, 6 + length, payload.length - 6 - length, StandardCharsets.UTF_8);
    }

    /** Subscribes (QoS 1) and appends the body of every message on the topic to {@code bodies}. */
    void collectBodies(String topic, List<String> bodies) throws MqttException {
        client.subscribe(topic, 1, (t, message) -> bodies.add(body(message.getPayload())));
    }

    /** The last state header seen for a node, or null. */
    String state(String nodeId) {
        return states.get(nodeId);
    }

    /** A metric or header field of a node's last state message (a string or number), or null. */
    String stateField(String nodeId, String name) {
        String header = states.get(nodeId);
        if (header == null) {
            return null;
        }
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"?([^,\"}]*)").matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private void onResponse(byte[] payload) {
        String json = new String(payload, StandardCharsets.UTF_8);
        Matcher id = Pattern.compile("\"id\":\"([^\"]*)\"").matcher(json);
        Matcher status = Pattern.compile("\"status\":(\\d+)").matcher(json);
        Matcher body = Pattern.compile("\"body\":\"([^\"]*)\"").matcher(json);
        if (id.find() && status.find()) {
            String decoded = body.find() ? new String(Base64.getDecoder().decode(body.group(1)), StandardCharsets.UTF_8)
                    : "";
            responses.put(id.group(1), new Response(Integer.parseInt(status.group(1)), json, decoded));
        }
    }

    /** Sends a command to a gateway and waits for its response. */
    Response command(String gateway, String handler, String method, List<String> args, Map<String, Object> metrics,
            Duration timeout) throws MqttException {
        String id = "c" + ids.incrementAndGet();
        String json = "{\"id\":\"" + id + "\",\"reply\":\"" + replyTopic + "\",\"method\":\"" + method + "\",\"args\":["
                + args.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",")) + "],\"metrics\":{"
                + metrics.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof Number
                        ? e.getValue().toString() : "\"" + e.getValue() + "\"")).collect(Collectors.joining(","))
                + "}}";
        // Signed as an operator's tool signs (aios-sign sign-command): the gateway trusts this client's key.
        String signed = CommandSignatures.envelope(key.getPrivate(), KEY_ID, tenant, gateway, handler, method,
                System.currentTimeMillis(), CommandSignatures.newNonce(), json.getBytes(StandardCharsets.UTF_8));
        client.publish("aios/v1/" + tenant + "/" + gateway + "/commands/" + handler,
                new MqttMessage(signed.getBytes(StandardCharsets.UTF_8)));
        await("the response to " + method + " " + handler + " " + args + " from " + gateway).atMost(timeout)
                .pollInterval(CloudTier.POLL).until(() -> responses.containsKey(id));
        return responses.remove(id);
    }

    /** Like {@link #command} but null instead of failing when no response comes in time (gateway still starting). */
    Response tryCommand(String gateway, String handler, String method, List<String> args, Duration timeout)
            throws MqttException {
        try {
            return command(gateway, handler, method, args, Map.of(), timeout);
        } catch (org.awaitility.core.ConditionTimeoutException notYet) {
            return null;
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(1000, 1000);
            }
        } finally {
            client.close(true);
        }
    }
}
