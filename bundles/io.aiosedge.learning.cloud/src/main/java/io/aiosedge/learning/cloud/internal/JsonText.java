package io.aiosedge.learning.cloud.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads JSON text (RFC 8259, strictly: Gson's {@link JsonReader} in {@link Strictness#STRICT} mode, embedded in
 * this bundle as in cloud-sync) into {@code Map}, {@code List}, {@code String}, {@code Double}, {@code Boolean} and
 * {@code null}: what the gateways' hard-example uploads need. Nesting is limited to {@value #MAX_DEPTH} levels so
 * that a hostile body cannot exhaust the stack; a member name that appears twice in an object is refused.
 */
final class JsonText {

    static final int MAX_DEPTH = 32;

    private JsonText() {
    }

    /**
     * @param text JSON text
     * @return the value
     * @throws IllegalArgumentException starting with {@code "JSON: "}, with the reason and where (Gson's line,
     *         column and path)
     */
    static Object parse(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            Object value = value(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("JSON: expected the end of the text after the value, at "
                        + reader.getPath());
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("JSON: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonReader reader, int depth) throws IOException {
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT -> {
                checkDepth(depth, reader);
                Map<String, Object> object = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.containsKey(name)) {
                        throw new IllegalArgumentException("JSON: member '" + name + "' appears twice, at "
                                + reader.getPath());
                    }
                    object.put(name, value(reader, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                checkDepth(depth, reader);
                List<Object> array = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(value(reader, depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                return reader.nextDouble();
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                reader.nextNull();
                return null;
            }
            default -> throw new IllegalArgumentException("JSON: expected a value, not " + token + ", at "
                    + reader.getPath());
        }
    }

    private static void checkDepth(int depth, JsonReader reader) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("JSON: at most " + MAX_DEPTH + " nested levels, at " + reader.getPath());
        }
    }
}
