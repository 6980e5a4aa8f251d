package io.aiosedge.cloudsync.mqtt.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;

/**
 * The AIOS wire envelope (v1) carried by every message the connector publishes:
 *
 * <pre>
 * offset 0  byte    0xAE           magic
 * offset 1  byte    0x01           envelope version
 * offset 2  uint32  N (big-endian) header length in bytes
 * offset 6  N bytes                header: a UTF-8 JSON object
 * offset 6+N        rest           body: opaque bytes (may be empty)
 * </pre>
 *
 * Header keys: {@code id} (unique message id, always), {@code ts} (ms since the epoch), and for Kura messages
 * {@code metrics} (name to JSON value), {@code types} (name to int32|int64|float|double|bool|string|bytes;
 * bytes travel as base64) and {@code pos} (position); offload and command messages add their own keys
 * ({@code kind}, {@code task}, ...). Anything that does not start with the magic is a foreign payload and is
 * delivered to subscribers as the body of a KuraPayload without metrics.
 */
public record Envelope(Map<String, Object> header, byte[] body) {

    public static final byte MAGIC = (byte) 0xAE;
    public static final byte VERSION = 1;
    private static final int PREFIX = 6;

    public Envelope {
        header = new LinkedHashMap<>(Objects.requireNonNull(header, "header"));
        body = body == null ? new byte[0] : body;
    }

    public byte[] encode() {
        byte[] fast = AsciiJsonWriter.write(header, PREFIX, body); // prefix, header, body; null when not plain ASCII
        if (fast != null) {
            ByteBuffer.wrap(fast).put(MAGIC).put(VERSION).putInt(fast.length - PREFIX - body.length);
            return fast;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(PREFIX + json.length + body.length);
        out.put(MAGIC).put(VERSION).putInt(json.length).put(json).put(body);
        return out.array();
    }

    /** Whether {@code bytes} starts like an envelope (magic and version). */
    public static boolean isEnvelope(byte[] bytes) {
        return bytes.length >= PREFIX && bytes[0] == MAGIC && bytes[1] == VERSION;
    }

    /** Decodes an envelope; a malformed one gives an IllegalArgumentException saying why. */
    public static Envelope decode(byte[] bytes) {
        int headerLength = headerLength(bytes);
        Map<String, Object> header = Json.parseObject(bytes, PREFIX, headerLength);
        return new Envelope(header, Arrays.copyOfRange(bytes, PREFIX + headerLength, bytes.length));
    }

    /** The header length of an envelope, checked against what follows the prefix. */
    private static int headerLength(byte[] bytes) {
        if (!isEnvelope(bytes)) {
            throw new IllegalArgumentException("not an AIOS envelope v1 (" + bytes.length + " bytes, no magic 0xAE 0x01)");
        }
        long headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, 2, 4).getInt());
        if (headerLength > bytes.length - PREFIX) {
            throw new IllegalArgumentException("envelope header length " + headerLength + " exceeds the "
                    + (bytes.length - PREFIX) + " bytes after the prefix");
        }
        return (int) headerLength;
    }

    public String id() {
        Object id = header.get("id");
        return id == null ? null : id.toString();
    }

    // ------------------------------------------------------------------ Kura payloads

    /** The envelope of a Kura payload under message id {@code id}. */
    public static Envelope ofKuraPayload(String id, KuraPayload payload, long nowMillis) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", id);
        Date timestamp = payload == null ? null : payload.getTimestamp();
        header.put("ts", timestamp == null ? nowMillis : timestamp.getTime());
        if (payload == null) {
            return new Envelope(header, new byte[0]);
        }
        if (!payload.metrics().isEmpty()) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            Map<String, Object> types = new LinkedHashMap<>();
            payload.metrics().forEach((name, value) -> {
                String type = metricType(name, value);
                types.put(name, type);
                metrics.put(name, value instanceof byte[] ? Base64.getEncoder().encodeToString((byte[]) value) : value);
            });
            header.put("metrics", metrics);
            header.put("types", types);
        }
        KuraPosition position = payload.getPosition();
        if (position != null) {
            header.put("pos", position(position));
        }
        return new Envelope(header, payload.getBody());
    }

    private static String metricType(String name, Object value) {
        if (value instanceof Integer) {
            return "int32";
        }
        if (value instanceof Long) {
            return "int64";
        }
        if (value instanceof Float) {
            return "float";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        throw new IllegalArgumentException("metric '" + name + "' has unsupported type " + value.getClass().getName()
                + " (Kura metrics are Integer, Long, Float, Double, Boolean, String or byte[])");
    }

    private static Map<String, Object> position(KuraPosition p) {
        Map<String, Object> pos = new LinkedHashMap<>();
        putIfSet(pos, "lat", p.getLatitude());
        putIfSet(pos, "lon", p.getLongitude());
        putIfSet(pos, "alt", p.getAltitude());
        putIfSet(pos, "precision", p.getPrecision());
        putIfSet(pos, "heading", p.getHeading());
        putIfSet(pos, "speed", p.getSpeed());
        putIfSet(pos, "satellites", p.getSatellites());
        putIfSet(pos, "status", p.getStatus());
        if (p.getTimestamp() != null) {
            pos.put("ts", p.getTimestamp().getTime());
        }
        return pos;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The Kura payload of this envelope: timestamp, typed metrics, position and body. */
    public KuraPayload toKuraPayload() {
        return kuraPayload(header, body, 0);
    }

    /** The Kura payload of {@code header} with the bytes of {@code source} from {@code bodyOffset} as its body. */
    private static KuraPayload kuraPayload(Map<String, Object> header, byte[] source, int bodyOffset) {
        KuraPayload payload = new KuraPayload();
        Object ts = header.get("ts");
        if (ts instanceof Number) {
            payload.setTimestamp(new Date(((Number) ts).longValue()));
        }
        Object metrics = header.get("metrics");
        Object types = header.get("types");
        if (metrics instanceof Map) {
            Map<?, ?> typeMap = types instanceof Map ? (Map<?, ?>) types : Map.of();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) metrics).entrySet()) {
                String name = String.valueOf(entry.getKey());
                Object type = typeMap.get(name);
                payload.addMetric(name, typed(name, entry.getValue(), type == null ? null : type.toString()));
            }
        }
        Object pos = header.get("pos");
        if (pos instanceof Map) {
            payload.setPosition(toPosition((Map<?, ?>) pos));
        }
        payload.setBody(bodyOffset == source.length ? null : Arrays.copyOfRange(source, bodyOffset, source.length));
        return payload;
    }

    private static Object typed(String name, Object value, String type) {
        if (value == null || type == null) {
            return value;
        }
        try {
            switch (type) {
            case "int32":
                return ((Number) value).intValue();
            case "int64":
                return ((Number) value).longValue();
            case "float":
                return ((Number) value).floatValue();
            case "double":
                return ((Number) value).doubleValue();
            case "bool":
                return (Boolean) value;
            case "string":
                return value.toString();
            case "bytes":
                return Base64.getDecoder().decode(value.toString());
            default:
                return value;
            }
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("metric '" + name + "' of type " + type + " has value " + value, e);
        }
    }

    private static KuraPosition toPosition(Map<?, ?> pos) {
        KuraPosition p = new KuraPosition();
        if (pos.get("lat") instanceof Number) {
            p.setLatitude(((Number) pos.get("lat")).doubleValue());
        }
        if (pos.get("lon") instanceof Number) {
            p.setLongitude(((Number) pos.get("lon")).doubleValue());
        }
        if (pos.get("alt") instanceof Number) {
            p.setAltitude(((Number) pos.get("alt")).doubleValue());
        }
        if (pos.get("precision") instanceof Number) {
            p.setPrecision(((Number) pos.get("precision")).doubleValue());
        }
        if (pos.get("heading") instanceof Number) {
            p.setHeading(((Number) pos.get("heading")).doubleValue());
        }
        if (pos.get("speed") instanceof Number) {
            p.setSpeed(((Number) pos.get("speed")).doubleValue());
        }
        if (pos.get("satellites") instanceof Number) {
            p.setSatellites(((Number) pos.get("satellites")).intValue());
        }
        if (pos.get("status") instanceof Number) {
            p.setStatus(((Number) pos.get("status")).intValue());
        }
        if (pos.get("ts") instanceof Number) {
            p.setTimestamp(new Date(((Number) pos.get("ts")).longValue()));
        }
        return p;
    }

    /**
     * The Kura payload of any received bytes: an envelope is decoded; anything else (a foreign producer)
     * becomes the body of a payload without metrics.
     */
    public static KuraPayload kuraPayloadOf(byte[] bytes) {
        if (isEnvelope(bytes)) {
            try {
                // decode(bytes).toKuraPayload() without the envelope in between: its copies of header and body
                int headerLength = headerLength(bytes);
                return kuraPayload(Json.parseObject(bytes, PREFIX, headerLength), bytes, PREFIX + headerLength);
            } catch (IllegalArgumentException e) {
                // Starts like an envelope but is not one: deliver the bytes untouched rather than drop them.
            }
        }
        KuraPayload payload = new KuraPayload();
        payload.setBody(bytes.clone());
        return payload;
    }
}
