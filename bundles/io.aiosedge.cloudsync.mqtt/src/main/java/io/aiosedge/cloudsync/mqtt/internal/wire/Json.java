package io.aiosedge.cloudsync.mqtt.internal.wire;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The wire formats' JSON, read and written with Gson's streaming API (embedded privately, see the README) into
 * plain Java values: objects as insertion-ordered {@code Map<String, Object>}, arrays as {@code List<Object>},
 * strings, numbers (integral literals as {@code Long}, others as {@code Double}), booleans and null. The value
 * model is ours because every caller walks maps by key and the envelope and audit formats pin key order; the
 * tokenizing, escaping and strictness are Gson's (RFC 8259, {@link Strictness#STRICT}).
 */
public final class Json {

    /** Deeper nesting is refused before it can exhaust the stack of whoever walks the value. */
    private static final int MAX_DEPTH = 64;

    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private Json() {
    }

    /**
     * Parses one JSON value; trailing non-whitespace is an error.
     *
     * @throws IllegalArgumentException "malformed JSON at offset N: ..." (N counts chars from 0)
     */
    public static Object parse(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(MAX_DEPTH);
        try {
            Object value = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw malformed(text, reader, "unexpected content after the value");
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Gson reports syntax errors as MalformedJsonException (an IOException), premature ends as EOFException,
            // a token of the wrong kind as IllegalStateException.
            throw malformed(text, reader, e.getMessage());
        }
    }

    /** Parses a JSON object; anything else is an error. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object but got " + typeName(value));
        }
        return (Map<String, Object>) value;
    }

    /**
     * Parses a JSON object from {@code length} bytes of UTF-8 at {@code offset}: the same values and the same errors as
     * {@link #parseObject(String)} on the decoded text. Plain ASCII headers, what the envelope writer makes of
     * ordinary messages, are read straight from the bytes ({@link AsciiJson}); everything else by Gson.
     *
     * @throws IllegalArgumentException "malformed JSON at offset N: ..." (N counts chars of the decoded text from 0)
     */
    public static Map<String, Object> parseObject(byte[] utf8, int offset, int length) {
        Map<String, Object> object = AsciiJson.parseObject(utf8, offset, length);
        return object != null ? object : parseObject(new String(utf8, offset, length, StandardCharsets.UTF_8));
    }

    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private static Object read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
        case BEGIN_OBJECT:
            Map<String, Object> object = new LinkedHashMap<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String key = reader.nextName();
                object.put(key, read(reader));
            }
            reader.endObject();
            return object;
        case BEGIN_ARRAY:
            List<Object> array = new ArrayList<>();
            reader.beginArray();
            while (reader.hasNext()) {
                array.add(read(reader));
            }
            reader.endArray();
            return array;
        case STRING:
            return reader.nextString();
        case NUMBER:
            return number(reader.nextString());
        case BOOLEAN:
            return reader.nextBoolean();
        case NULL:
            reader.nextNull();
            return null;
        default:
            throw new IllegalStateException("unexpected " + reader.peek());
        }
    }

    /** Integral literals within 64 bits are {@code Long}; fractions and exponents {@code Double}. */
    private static Object number(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return Double.parseDouble(literal);
            }
        }
        try {
            return Long.parseLong(literal);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("integer '" + literal + "' beyond 64 bits");
        }
    }

    /**
     * Gson names line and column (1-based); callers and logs get the char offset into the text, and Gson's generic
     * "use lenient mode" hint and troubleshooting link give way to the text around the position.
     */
    private static IllegalArgumentException malformed(String text, JsonReader reader, String message) {
        String detail = message == null ? "" : message;
        int link = detail.indexOf("\nSee ");
        if (link >= 0) {
            detail = detail.substring(0, link);
        }
        Matcher at = POSITION.matcher(detail);
        if (!at.find()) {
            at = POSITION.matcher(reader.toString());
            at.find();
        }
        int line = Integer.parseInt(at.group(1));
        int column = Integer.parseInt(at.group(2));
        int lineStart = 0;
        for (int l = 1; l < line; l++) {
            lineStart = text.indexOf('\n', lineStart) + 1;
        }
        int offset = Math.min(text.length(), lineStart + column - 1);
        if (detail.startsWith(LENIENT_HINT)) {
            // Gson's column is at or just after the offending character.
            String near = text.substring(Math.max(0, offset - 1), Math.min(text.length(), offset + 2));
            detail = "not JSON near '" + near + "'" + detail.substring(LENIENT_HINT.length());
        }
        return new IllegalArgumentException("malformed JSON at offset " + offset + ": " + detail);
    }

    private static final String LENIENT_HINT = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

    // ------------------------------------------------------------------ writing

    /**
     * Writes a value: Map, Collection or Object[], String or Character, Number, Boolean, null; anything else as
     * its {@code toString()}. NaN and infinities (JSON has none) are written as null. Compact, no HTML escaping.
     */
    public static String write(Object value) {
        TextWriter out = new TextWriter();
        JsonWriter writer = new JsonWriter(out);
        writer.setHtmlSafe(false);
        writer.setSerializeNulls(true);
        try {
            write(value, writer);
            writer.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON into memory failed", e); // writing into memory does not fail
        }
        return out.toString();
    }

    /**
     * A {@link Writer} into a {@link StringBuilder}: JsonWriter writes every token separately, and the JDK's
     * {@code StringWriter} takes a lock for each (a StringBuffer underneath): with it an envelope of 18 metrics took
     * 6.2 µs to encode instead of 2.6 (benchmarks/cloudsync, EnvelopeJmh).
     */
    private static final class TextWriter extends Writer {
        private final StringBuilder text = new StringBuilder(256);

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public Writer append(CharSequence chars) {
            text.append(chars);
            return this;
        }

        @Override
        public Writer append(char c) {
            text.append(c);
            return this;
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static void write(Object value, JsonWriter writer) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value instanceof String || value instanceof Character) {
            writer.value(value.toString());
        } else if (value instanceof Boolean) {
            writer.value((Boolean) value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                writer.value((Number) value);
            } else {
                writer.nullValue();
            }
        } else if (value instanceof Number) {
            writer.value((Number) value);
        } else if (value instanceof Map) {
            writer.beginObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                writer.name(String.valueOf(entry.getKey()));
                write(entry.getValue(), writer);
            }
            writer.endObject();
        } else if (value instanceof Collection) {
            writer.beginArray();
            for (Object element : (Collection<?>) value) {
                write(element, writer);
            }
            writer.endArray();
        } else if (value instanceof Object[]) {
            write(Arrays.asList((Object[]) value), writer);
        } else {
            writer.value(value.toString());
        }
    }
}
