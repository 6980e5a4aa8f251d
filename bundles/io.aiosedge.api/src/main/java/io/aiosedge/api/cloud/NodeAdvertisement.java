package io.aiosedge.api.cloud;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.eclipse.kura.message.KuraPayload;

import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;

/**
 * What a serving node says about itself in the retained message on {@code aios/v1/<tenant>/nodes/<id>/state}: a
 * Kura payload whose timestamp is the time of the advertisement and whose metrics are
 *
 * <pre>
 * state          String  STARTING (model not loaded yet) | ONLINE | DRAINING | GONE
 * node.id        String  the node id (also the topic level)
 * node.kind      String  CLOUD | PEER
 * address        String  the offload capability it consumes (aios/v1/&lt;tenant&gt;/offload/&lt;address&gt;)
 * cores, slots   Integer processors; requests computed at once
 * capacity       Integer requests held at once, computing or waiting: the scheduler's slots for this node
 * speed          Double  instructions/s of one slot
 * busy, queue    Integer requests computing now; requests waiting for a slot
 * memory.total   Long    bytes the JVM may use; memory.free: bytes of it not in use
 * models         String  served models that are loaded, comma-separated
 * accelerators   String  comma-separated, may be empty
 * version        String  the worker bundle's version
 * interval.ms    Long    heartbeat period: a state older than three of these is stale
 * executed, duplicates, expired, rejected, failed  Long  counters since the worker started
 * </pre>
 *
 * A message without metrics on that topic is the cloud-sync connector's own status message (birth, last will or
 * clean disconnect, when the endpoint's status topic is pointed there): it means the node is not serving.
 *
 * <p>The contract between the nodes that serve (the cloud worker, a peer gateway's worker component) and the
 * gateways' node directories, in one place so that both ends read and write the same metrics.
 */
public record NodeAdvertisement(String nodeId, String state, NodeKind kind, String address, int cores, int slots,
        int capacity, double speed, int busy, int queue, long memoryTotalBytes, long memoryFreeBytes, Set<String> models,
        List<String> accelerators, String version, long intervalMillis, long updatedAtMillis, long executed,
        long duplicates, long expired, long rejected, long failed) {

    public static final String STARTING = "STARTING";
    public static final String ONLINE = "ONLINE";
    public static final String DRAINING = "DRAINING";
    public static final String GONE = "GONE";

    /** @throws NullPointerException when the id, state or kind is missing */
    public NodeAdvertisement {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(kind, "kind");
        models = Set.copyOf(new LinkedHashSet<>(models));
        accelerators = List.copyOf(accelerators);
    }

    /** Whether the node said it takes requests. */
    public boolean serving() {
        return ONLINE.equals(state);
    }

    /**
     * The scheduler's view of this advertisement. Its slots are the node's capacity: a scheduler keeps at most that
     * many tasks outstanding on a node, and for a remote node the round trip is part of each task's occupancy, so
     * the compute slots alone would cap a gateway's throughput at slots / round trip.
     *
     * @param fresh whether it is recent enough to be believed (else the node is not available)
     */
    public NodeState toNodeState(boolean fresh) {
        Node node = new Node(nodeId, kind, address, Math.max(1, cores), Math.max(1, Math.max(slots, capacity)), speed,
                memoryTotalBytes, accelerators, models);
        int held = Math.max(1, Math.max(slots, capacity));
        double load = Math.min(1.0, (double) (Math.max(0, busy) + Math.max(0, queue)) / held);
        return new NodeState(node, fresh && serving(), load, Math.max(0, queue), Math.max(0, memoryFreeBytes),
                updatedAtMillis);
    }

    /** @return the retained state message's payload */
    public KuraPayload toPayload() {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date(updatedAtMillis));
        p.addMetric("state", state);
        p.addMetric("node.id", nodeId);
        p.addMetric("node.kind", kind.name());
        p.addMetric("address", address);
        p.addMetric("cores", cores);
        p.addMetric("slots", slots);
        p.addMetric("capacity", capacity);
        p.addMetric("speed", speed);
        p.addMetric("busy", busy);
        p.addMetric("queue", queue);
        p.addMetric("memory.total", memoryTotalBytes);
        p.addMetric("memory.free", memoryFreeBytes);
        p.addMetric("models", String.join(",", models));
        p.addMetric("accelerators", String.join(",", accelerators));
        p.addMetric("version", version);
        p.addMetric("interval.ms", intervalMillis);
        p.addMetric("executed", executed);
        p.addMetric("duplicates", duplicates);
        p.addMetric("expired", expired);
        p.addMetric("rejected", rejected);
        p.addMetric("failed", failed);
        return p;
    }

    /**
     * Reads an advertisement received on the state topic of {@code topicNodeId}; null for a message without
     * metrics (the connector's status message: not serving). A malformed one is an IllegalArgumentException
     * saying what is wrong.
     *
     * @param receivedAtMillis used as the time of the advertisement when the payload has no timestamp
     */
    public static NodeAdvertisement fromPayload(String topicNodeId, KuraPayload p, long receivedAtMillis) {
        if (p == null || p.metrics().isEmpty()) {
            return null;
        }
        String id = string(p, "node.id", topicNodeId);
        if (!id.equals(topicNodeId)) {
            throw new IllegalArgumentException("node.id '" + id + "' differs from the topic's node id '"
                    + topicNodeId + "'");
        }
        NodeKind kind;
        try {
            kind = NodeKind.valueOf(string(p, "node.kind", "CLOUD").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node.kind '" + p.getMetric("node.kind") + "' is not a node kind", e);
        }
        if (kind == NodeKind.LOCAL) {
            throw new IllegalArgumentException("node.kind LOCAL cannot be advertised");
        }
        double speed = number(p, "speed", 1e9).doubleValue();
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed " + speed + " is not a finite number > 0");
        }
        Date ts = p.getTimestamp();
        return new NodeAdvertisement(id, string(p, "state", GONE).toUpperCase(Locale.ROOT), kind,
                string(p, "address", ""), number(p, "cores", 1).intValue(), number(p, "slots", 1).intValue(),
                number(p, "capacity", 0).intValue(), speed,
                number(p, "busy", 0).intValue(), number(p, "queue", 0).intValue(),
                number(p, "memory.total", 0).longValue(), number(p, "memory.free", 0).longValue(),
                new LinkedHashSet<>(list(string(p, "models", ""))),
                list(string(p, "accelerators", "")), string(p, "version", ""),
                number(p, "interval.ms", 5000).longValue(), ts == null ? receivedAtMillis : ts.getTime(),
                number(p, "executed", 0).longValue(), number(p, "duplicates", 0).longValue(),
                number(p, "expired", 0).longValue(), number(p, "rejected", 0).longValue(),
                number(p, "failed", 0).longValue());
    }

    /** The items of a list metric (separated by commas, semicolons or blanks), each once, in order. */
    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,;\\s]+")) {
            if (!part.isEmpty() && !out.contains(part)) {
                out.add(part);
            }
        }
        return out;
    }

    private static String string(KuraPayload p, String name, String fallback) {
        Object value = p.getMetric(name);
        return value == null ? fallback : value.toString().trim();
    }

    private static Number number(KuraPayload p, String name, Number fallback) {
        Object value = p.getMetric(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number) {
            return (Number) value;
        }
        try {
            return Double.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metric " + name + " '" + value + "' is not a number", e);
        }
    }
}
