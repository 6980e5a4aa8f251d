package io.aiosedge.cloudsync.mqtt.internal.wire;

import java.util.LinkedHashMap;
import java.util.Map;

import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;

/**
 * Offload messages on the wire: an {@link Envelope} whose header carries the JSON metadata and whose body is the
 * binary payload.
 *
 * <pre>
 * request: {"id":msg id,"ts":ms,"kind":"offload.request","task":task id,"capability":c,"deadline":ms,
 *           "reply":reply topic,"from":gateway id,"meta":{string:string}}  + body = request payload
 * reply:   {"id":msg id,"ts":ms,"kind":"offload.reply","task":task id,"status":"OK|EXPIRED|REJECTED|ERROR",
 *           "node":node id,"computeMs":ms,"meta":{string:string}}            + body = result payload
 * </pre>
 */
public final class OffloadWire {

    public static final String KIND_REQUEST = "offload.request";
    public static final String KIND_REPLY = "offload.reply";

    private OffloadWire() {
    }

    /** A received request with where to answer it. */
    public record ReceivedRequest(OffloadRequest request, String replyTopic, String from) {
    }

    public static Envelope request(String messageId, OffloadRequest r, String replyTopic, String from, long nowMillis) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("id", messageId);
        h.put("ts", nowMillis);
        h.put("kind", KIND_REQUEST);
        h.put("task", r.taskId());
        h.put("capability", r.capability());
        h.put("deadline", r.deadlineMillis());
        h.put("reply", replyTopic);
        h.put("from", from);
        h.put("meta", new LinkedHashMap<>(r.metadata()));
        return new Envelope(h, r.payload());
    }

    public static Envelope reply(String messageId, OffloadReply r, long nowMillis) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("id", messageId);
        h.put("ts", nowMillis);
        h.put("kind", KIND_REPLY);
        h.put("task", r.taskId());
        h.put("status", r.status().name());
        h.put("node", r.nodeId());
        h.put("computeMs", r.computeMillis());
        h.put("meta", new LinkedHashMap<>(r.metadata()));
        return new Envelope(h, r.payload());
    }

    /** Decodes a request; IllegalArgumentException says what is wrong. */
    public static ReceivedRequest decodeRequest(byte[] bytes, String capabilityFromTopic) {
        Envelope e = Envelope.decode(bytes);
        Map<String, Object> h = e.header();
        if (!KIND_REQUEST.equals(h.get("kind"))) {
            throw new IllegalArgumentException("not an offload request (kind " + h.get("kind") + ")");
        }
        String task = string(h, "task");
        String reply = string(h, "reply");
        long deadline = number(h, "deadline");
        Object from = h.get("from");
        OffloadRequest request = new OffloadRequest(task, capabilityFromTopic, deadline, meta(h), e.body());
        return new ReceivedRequest(request, reply, from == null ? "" : from.toString());
    }

    /** Decodes a reply; IllegalArgumentException says what is wrong. */
    public static OffloadReply decodeReply(byte[] bytes) {
        Envelope e = Envelope.decode(bytes);
        Map<String, Object> h = e.header();
        if (!KIND_REPLY.equals(h.get("kind"))) {
            throw new IllegalArgumentException("not an offload reply (kind " + h.get("kind") + ")");
        }
        OffloadReply.Status status;
        try {
            status = OffloadReply.Status.valueOf(string(h, "status"));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown reply status " + h.get("status"), ex);
        }
        Object compute = h.get("computeMs");
        double computeMillis = compute instanceof Number ? ((Number) compute).doubleValue() : 0;
        Object node = h.get("node");
        return new OffloadReply(string(h, "task"), status, node == null ? "" : node.toString(), computeMillis, meta(h),
                e.body());
    }

    private static String string(Map<String, Object> h, String key) {
        Object value = h.get(key);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new IllegalArgumentException("header field '" + key + "' missing or not a string: " + value);
        }
        return (String) value;
    }

    private static long number(Map<String, Object> h, String key) {
        Object value = h.get(key);
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException("header field '" + key + "' missing or not a number: " + value);
        }
        return ((Number) value).longValue();
    }

    private static Map<String, String> meta(Map<String, Object> h) {
        Object meta = h.get("meta");
        Map<String, String> result = new LinkedHashMap<>();
        if (meta instanceof Map) {
            ((Map<?, ?>) meta).forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        }
        return result;
    }
}
