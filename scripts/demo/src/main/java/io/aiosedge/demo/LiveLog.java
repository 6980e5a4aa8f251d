package io.aiosedge.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The demo's live log: what crosses the broker for one tenant, one line per event: node states (retained),
 * offload requests (a task placed in the cloud pool), replies (which worker answered, in how long) and the
 * gateway's published results (where each task ran, with which model, escalated or not, the score).
 * {@code java -cp ... io.aiosedge.demo.LiveLog <broker url> <tenant> [seconds]} (0 or none: until stopped).
 */
public final class LiveLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Map<String, Long> SENT = new ConcurrentHashMap<>();
    private static final Map<String, String> NODES = new ConcurrentHashMap<>();
    private static final AtomicLong RESULTS = new AtomicLong();
    private static final AtomicLong ESCALATED = new AtomicLong();

    private LiveLog() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String tenant = args[1];
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 0;
        MqttClient client = new MqttClient(url, "aios-demo-livelog-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        client.connect(options);
        String base = "aios/v1/" + tenant + "/";
        client.subscribe(base + "nodes/+/state", 1, (topic, m) -> node(topic.split("/")[4], header(m.getPayload())));
        client.subscribe(base + "offload/+", 1, (topic, m) -> placed(topic, header(m.getPayload())));
        client.subscribe(base + "+/replies", 1, (topic, m) -> replied(header(m.getPayload())));
        client.subscribe(base + "+/data/#", 1, (topic, m) -> result(topic, header(m.getPayload())));
        print("live log of tenant " + tenant + " on " + url + " (Ctrl-C to stop)");
        if (seconds > 0) {
            TimeUnit.SECONDS.sleep(seconds);
            print(String.format(Locale.ROOT, "%d results, %d escalated to the cloud", RESULTS.get(), ESCALATED.get()));
            client.disconnectForcibly(1000, 1000);
            client.close(true);
        } else {
            Thread.currentThread().join();
        }
    }

    private static void node(String id, String h) {
        String state = field(h, "state");
        String shown = h.contains("\"metrics\"") ? "worker " + state : "connection " + state;
        if (shown.equals(NODES.put(id, shown))) {
            return; // a heartbeat: only changes are worth a line
        }
        if (h.contains("\"metrics\"")) {
            print(String.format("node    %-12s %-8s capability %s, slots %s, capacity %s, busy %s, queue %s, executed %s",
                    id, state, field(h, "address"), field(h, "slots"), field(h, "capacity"), field(h, "busy"),
                    field(h, "queue"), field(h, "executed")));
        } else {
            print(String.format("node    %-12s %-8s (the connection's %s message: %s)", id, state,
                    "ONLINE".equals(state) ? "birth" : "last will or disconnect",
                    "ONLINE".equals(state) ? "the worker's state follows" : "not serving"));
        }
    }

    private static void placed(String topic, String h) {
        String task = field(h, "task");
        SENT.put(task, System.nanoTime());
        long left = parse(field(h, "deadline")) - System.currentTimeMillis();
        print(String.format("placed  %-28s -> cloud pool '%s' (model %s, from %s, deadline in %d ms)", task,
                topic.substring(topic.lastIndexOf('/') + 1), field(h, "model"), field(h, "from"), left));
    }

    private static void replied(String h) {
        String task = field(h, "task");
        Long sent = SENT.remove(task);
        String rtt = sent == null ? "" : String.format(Locale.ROOT, ", round trip %.1f ms",
                (System.nanoTime() - sent) / 1e6);
        print(String.format(Locale.ROOT, "answer  %-28s <- %s %s (compute %.1f ms%s)", task, field(h, "node"),
                field(h, "status"), Double.parseDouble(orZero(field(h, "computeMs"))), rtt));
    }

    private static void result(String topic, String h) {
        RESULTS.incrementAndGet();
        boolean escalated = "true".equals(field(h, "escalated"));
        if (escalated) {
            ESCALATED.incrementAndGet();
        }
        String status = field(h, "status");
        if (!"COMPLETED".equals(status)) {
            print(String.format("result  %-28s %s %s: %s", field(h, "task.id"), status, field(h, "failure.reason"),
                    field(h, "failure.message")));
            return;
        }
        print(String.format(Locale.ROOT, "result  %-28s ran on %s (%s) model %s, score %.3f, anomaly %s%s, %s ms",
                field(h, "task.id"), field(h, "node"), field(h, "node.kind"), field(h, "model"),
                Double.parseDouble(orZero(field(h, "score"))), field(h, "anomaly"),
                escalated ? ", ESCALATED (edge not confident)" : "", field(h, "total.ms")));
    }

    /** The JSON header of an AIOS envelope (or the payload as text when it is not one). */
    private static String header(byte[] payload) {
        if (payload.length < 6 || payload[0] != (byte) 0xAE || payload[1] != 1) {
            return new String(payload, StandardCharsets.UTF_8);
        }
        int length = ByteBuffer.wrap(payload, 2, 4).getInt();
        return new String(payload, 6, Math.min(length, payload.length - 6), StandardCharsets.UTF_8);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"?([^,\"}]*)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String orZero(String value) {
        try {
            Double.parseDouble(value);
            return value;
        } catch (NumberFormatException e) {
            return "NaN";
        }
    }

    private static void print(String line) {
        System.out.println(LocalTime.now().format(TIME) + "  " + line);
    }
}
