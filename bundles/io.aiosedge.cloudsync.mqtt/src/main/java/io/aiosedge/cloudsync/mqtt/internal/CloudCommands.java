package io.aiosedge.cloudsync.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;
import io.aiosedge.cloudsync.mqtt.internal.outbox.FullPolicy;

/**
 * Gogo commands of scope {@code aios} for the AIOS MQTT endpoints: {@code cloudstatus}, {@code outbox},
 * {@code cloudconnect}, {@code clouddisconnect}, {@code cloudpublish}, {@code audit}. Each takes the endpoint's
 * {@code kura.service.pid} first, which may be left out when there is exactly one endpoint. (Gogo maps a
 * command to a Java method of the same name, so the names have no hyphen.)
 */
@Component(service = Object.class, property = {"osgi.command.scope=aios",
        "osgi.command.function=cloudstatus", "osgi.command.function=outbox", "osgi.command.function=cloudconnect",
        "osgi.command.function=clouddisconnect", "osgi.command.function=cloudpublish",
        "osgi.command.function=audit"})
public class CloudCommands {

    private final Map<String, MqttCloudEndpoint> endpoints = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(service.factoryPid=" + MqttCloudEndpoint.PID + ")")
    void addEndpoint(CloudEndpoint endpoint, Map<String, Object> properties) {
        if (endpoint instanceof MqttCloudEndpoint) {
            endpoints.put(EndpointOptions.pidOf(properties), (MqttCloudEndpoint) endpoint);
        }
    }

    void removeEndpoint(CloudEndpoint endpoint, Map<String, Object> properties) {
        endpoints.remove(EndpointOptions.pidOf(properties), endpoint);
    }

    /** Connection state, outbox and link figures of every endpoint. */
    public String cloudstatus() {
        if (endpoints.isEmpty()) {
            return "no AIOS MQTT cloud endpoints";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(endpoints).forEach((pid, e) -> out.append(format(e.statusMetrics())).append(System.lineSeparator()));
        return out.toString();
    }

    public String cloudstatus(String pid) {
        return format(endpoint(pid).statusMetrics());
    }

    /** Outbox depth by priority, oldest message age and in-flight count. */
    public String outbox() {
        return outbox(null);
    }

    public String outbox(String pid) {
        MqttCloudEndpoint e = endpoint(pid);
        DurableOutbox.Stats s = e.outbox().stats();
        StringBuilder out = new StringBuilder();
        out.append(String.format("endpoint   %s%n", e.options().pid()));
        out.append(String.format("directory  %s%n", e.outbox().directory()));
        out.append(String.format("stored     %d of %d messages, %d of %d bytes (priorities 0-1 exempt)%n", s.stored(),
                s.capacity(), s.storedBytes(), s.capacityBytes()));
        out.append(String.format("when full %s%n", s.policy() == FullPolicy.REFUSE ? "refuse new messages"
                : "drop the oldest of the lowest priority"));
        out.append(String.format("refused    %d %s%n", s.refused(), s.refusedByPriority().isEmpty() ? ""
                : "by priority " + s.refusedByPriority()));
        out.append(String.format("dropped    %d %s%n", s.dropped(), s.droppedByPriority().isEmpty() ? ""
                : "by priority " + s.droppedByPriority()));
        out.append(String.format("disk       %d bytes (%d journals, %d messages in the database)%n", s.diskBytes(),
                s.journals(), s.inDatabase()));
        out.append(String.format("in flight  %d%n", s.inFlight()));
        out.append(String.format("oldest     %s%n", s.oldestCreatedMillis() == 0 ? "-"
                : (System.currentTimeMillis() - s.oldestCreatedMillis()) + " ms ago"));
        out.append(String.format("fsync      %s%n", e.outbox().syncIntervalMillis() == 0 ? "every publish"
                : "every " + e.outbox().syncIntervalMillis() + " ms"));
        long[] durable = e.outbox().durableWaitCounts();
        out.append(String.format("durable    %d publishDurably acknowledgements from %d forces%n", durable[1],
                durable[0]));
        s.byPriority().forEach((p, n) -> out.append(String.format("priority %-3d %d%n", p, n)));
        return out.toString();
    }

    public String cloudconnect() throws KuraException {
        return cloudconnect(null);
    }

    public String cloudconnect(String pid) throws KuraException {
        MqttCloudEndpoint e = endpoint(pid);
        e.connect();
        return e.options().pid() + " connected to " + e.options().connection().brokerUrl();
    }

    public String clouddisconnect() {
        return clouddisconnect(null);
    }

    public String clouddisconnect(String pid) {
        MqttCloudEndpoint e = endpoint(pid);
        e.disconnect();
        return e.options().pid() + " disconnected (no reconnect until aios:cloudconnect)";
    }

    /** Publishes a test message (QoS 1, the text as body and as metric "text"); returns its id. */
    public String cloudpublish(String topic, String text) throws KuraException {
        return cloudpublish(null, topic, text);
    }

    public String cloudpublish(String pid, String topic, String text) throws KuraException {
        MqttCloudEndpoint e = endpoint(pid);
        KuraPayload payload = new KuraPayload();
        payload.addMetric("text", text);
        payload.setBody(text.getBytes(StandardCharsets.UTF_8));
        String id = e.publish(new KuraMessage(payload, Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, topic,
                MqttCloudEndpoint.MESSAGE_QOS, 1, MqttCloudEndpoint.MESSAGE_PRIORITY, 5)));
        return "stored " + id + " for " + topic;
    }

    /** The last 20 audited commands of every endpoint. */
    public String audit() {
        return audit(20);
    }

    /** The last {@code n} audited commands of every endpoint, oldest first. */
    public String audit(int n) {
        if (endpoints.isEmpty()) {
            return "no AIOS MQTT cloud endpoints";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(endpoints).forEach((pid, e) -> out.append(audit(pid, n)));
        return out.toString();
    }

    /** The last {@code n} audited commands of one endpoint, oldest first. */
    public String audit(String pid, int n) {
        MqttCloudEndpoint e = endpoint(pid);
        StringBuilder out = new StringBuilder();
        out.append(String.format("audit of %s (%s)%n", e.options().pid(), e.audit().directory()));
        e.audit().last(n).forEach(entry -> out.append(entry.line()).append(System.lineSeparator()));
        return out.toString();
    }

    private MqttCloudEndpoint endpoint(String pid) {
        if (pid == null) {
            if (endpoints.size() == 1) {
                return endpoints.values().iterator().next();
            }
            throw new IllegalArgumentException(endpoints.isEmpty() ? "no AIOS MQTT cloud endpoints"
                    : "name the endpoint: " + new TreeMap<>(endpoints).keySet());
        }
        MqttCloudEndpoint e = endpoints.get(pid);
        if (e == null) {
            throw new IllegalArgumentException("no endpoint '" + pid + "'; known: " + new TreeMap<>(endpoints).keySet());
        }
        return e;
    }

    static String format(Map<String, Object> metrics) {
        return format(metrics, System.currentTimeMillis(), java.time.ZoneId.systemDefault());
    }

    /**
     * One line per metric; a point in time (a key ending in {@code .since} or {@code .at}, ms since the epoch) is
     * shown as local ISO-8601 time with how long ago or how soon, the raw value kept for the status payload only.
     */
    static String format(Map<String, Object> metrics, long nowMillis, java.time.ZoneId zone) {
        StringBuilder out = new StringBuilder();
        metrics.forEach((k, v) -> out.append(String.format("%-22s %s%n", k,
                (k.endsWith(".since") || k.endsWith(".at")) && v instanceof Long ? instant((Long) v, nowMillis, zone)
                        : v)));
        return out.toString();
    }

    private static String instant(long millis, long nowMillis, java.time.ZoneId zone) {
        if (millis <= 0) {
            return "-";
        }
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
                .format(java.time.Instant.ofEpochMilli(millis).atZone(zone));
        long delta = nowMillis - millis;
        return time + (delta >= 0 ? " (" + age(delta) + " ago)" : " (in " + age(-delta) + ")");
    }

    private static String age(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        long seconds = millis / 1000;
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return seconds < 7200 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds / 3600 + " h " + seconds / 60 % 60
                + " min";
    }
}
