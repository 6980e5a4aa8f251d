package io.aiosedge.cloudsync.mqtt.internal.wire;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * Writes, straight into bytes, the JSON that {@link Json#write(Object)} writes for ordinary envelope headers, and
 * declines everything else: the writing half of {@link AsciiJson}. It accepts Maps (keys by
 * {@code String.valueOf}), Collections and Object[], null, Boolean, Integer, Long, Short, Byte, finite Double and
 * Float (as their {@code toString()}, which is what Gson writes), NaN and infinities (as {@code null}, as
 * {@link Json#write} does), and Strings and Characters of printable ASCII (0x20 to 0x7E) without {@code "} or
 * {@code \}, nested at most {@value #MAX_DEPTH} levels. On anything else it answers {@code null} and the caller
 * writes the whole value with Gson, so that Gson alone decides escapes, other number types and other objects.
 * {@code AsciiJsonWriterTest} checks that what it writes is byte for byte what Gson writes.
 *
 * <p>Why: the Gson path writes into a String (one token at a time through a Writer), then encodes it into UTF-8
 * and copies it once more into the envelope; for a header of only an id and a timestamp that was a quarter of the
 * outbox's append on the publishing thread (benchmarks/cloudsync, profiled).
 */
final class AsciiJsonWriter {

    private static final int MAX_DEPTH = 16;

    private byte[] out;
    private int length;

    private AsciiJsonWriter(int reserve) {
        out = new byte[reserve + 64];
        length = reserve;
    }

    /**
     * {@code reserve} zero bytes, the JSON of {@code value}, then {@code suffix}, in one array of exactly that length;
     * null when {@code value} is outside what this writer accepts.
     */
    static byte[] write(Object value, int reserve, byte[] suffix) {
        AsciiJsonWriter w = new AsciiJsonWriter(reserve);
        if (!w.value(value, 0)) {
            return null;
        }
        byte[] result = Arrays.copyOf(w.out, w.length + suffix.length);
        System.arraycopy(suffix, 0, result, w.length, suffix.length);
        return result;
    }

    private boolean value(Object value, int depth) {
        if (value == null) {
            return ascii("null");
        } else if (value instanceof String s) {
            return string(s);
        } else if (value instanceof Character c) {
            return string(c.toString());
        } else if (value instanceof Boolean b) {
            return ascii(b ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ascii(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            return ascii(Double.isFinite(((Number) value).doubleValue()) ? value.toString() : "null");
        } else if (value instanceof Map<?, ?> map) {
            return depth < MAX_DEPTH && object(map, depth + 1);
        } else if (value instanceof Collection<?> list) {
            return depth < MAX_DEPTH && array(list, depth + 1);
        } else if (value instanceof Object[] array) {
            return depth < MAX_DEPTH && array(Arrays.asList(array), depth + 1);
        }
        return false; // another Number type or an object written by its toString(): Gson's to judge
    }

    private boolean object(Map<?, ?> map, int depth) {
        put('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                put(',');
            }
            first = false;
            if (!string(String.valueOf(e.getKey()))) {
                return false;
            }
            put(':');
            if (!value(e.getValue(), depth)) {
                return false;
            }
        }
        put('}');
        return true;
    }

    private boolean array(Collection<?> list, int depth) {
        put('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                put(',');
            }
            first = false;
            if (!value(element, depth)) {
                return false;
            }
        }
        put(']');
        return true;
    }

    /** A string that needs no escape: quoted as is; false for any other. */
    private boolean string(String s) {
        int n = s.length();
        ensure(n + 2);
        out[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
            out[length++] = (byte) c;
        }
        out[length++] = '"';
        return true;
    }

    /** Text known to be ASCII (literals, numbers). */
    private boolean ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out[length++] = (byte) s.charAt(i);
        }
        return true;
    }

    private void put(char c) {
        ensure(1);
        out[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
}
