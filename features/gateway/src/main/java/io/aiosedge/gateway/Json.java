package io.aiosedge.gateway;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The JSON the gateway's configuration files use, read with Gson's streaming reader in strict mode (RFC 8259):
 * objects (kept in file order, a member named twice refused), arrays, strings, numbers ({@code Long} when
 * integral, else {@code Double}), booleans and null. Gson is unpacked into the launcher's jar beside the framework
 * (the launcher runs outside OSGi), so no bundle sees it. Errors name the source, line and column.
 */
final class Json {

    /** Deeper nesting is refused (whoever walks the value recursively would end in StackOverflowError). */
    private static final int MAX_DEPTH = 64;

    private static final Pattern POSITION = Pattern.compile(" at line (\\d+) column (\\d+) path \\S*");
    private static final String LENIENT_HINT = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

    private Json() {
    }

    /**
     * @param source what to call the text in error messages (a file name)
     * @throws IllegalArgumentException "<source>:<line>:<column>: <what is wrong>"
     */
    static Object parse(String text, String source) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(MAX_DEPTH);
        try {
            Object value = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalStateException("unexpected content after the value" + reader.toString()
                        .substring("JsonReader".length()));
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Gson: syntax errors are MalformedJsonException (an IOException), an early end EOFException.
            throw error(text, source, reader, e.getMessage());
        }
    }

    private static Object read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
        case BEGIN_OBJECT:
            Map<String, Object> object = new LinkedHashMap<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (object.containsKey(name)) {
                    throw new IllegalStateException("member \"" + name + "\" appears twice" + reader.toString()
                            .substring("JsonReader".length()));
                }
                object.put(name, read(reader));
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
            String literal = reader.nextString();
            if (literal.indexOf('.') >= 0 || literal.indexOf('e') >= 0 || literal.indexOf('E') >= 0) {
                return Double.parseDouble(literal);
            }
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException e) {
                throw new NumberFormatException("bad number '" + literal + "' (beyond 64 bits)"
                        + reader.toString().substring("JsonReader".length()));
            }
        case BOOLEAN:
            return reader.nextBoolean();
        case NULL:
            reader.nextNull();
            return null;
        default:
            throw new IllegalStateException("unexpected " + reader.peek() + reader.toString()
                    .substring("JsonReader".length()));
        }
    }

    /**
     * Gson's message without its position and troubleshooting link, and in this file's words where it has
     * them; the position as {@code <source>:<line>:<column>}. Gson's column is just past the offending
     * character, so the column named is the one before it.
     */
    private static IllegalArgumentException error(String text, String source, JsonReader reader, String message) {
        String what = message == null ? "" : message;
        int link = what.indexOf("\nSee ");
        if (link >= 0) {
            what = what.substring(0, link);
        }
        Matcher at = POSITION.matcher(what);
        if (!at.find()) {
            at = POSITION.matcher(" " + reader.toString().substring("JsonReader ".length()));
            at.find();
        } else {
            what = what.substring(0, at.start()) + what.substring(at.end());
        }
        int line = Integer.parseInt(at.group(1));
        int column = Math.max(1, Integer.parseInt(at.group(2)) - 1);
        if (what.startsWith("Expected name")) {
            what = "expected a quoted member name";
        } else if (what.startsWith("Nesting limit")) {
            what = "nested deeper than " + MAX_DEPTH + " levels";
        } else if (what.startsWith("End of input")) {
            what = "unexpected end of the text";
        } else if (what.startsWith(LENIENT_HINT)) {
            int lineStart = 0;
            for (int l = 1; l < line && lineStart >= 0; l++) {
                lineStart = text.indexOf('\n', lineStart) + 1;
            }
            int offset = lineStart + column - 1;
            while (offset >= 0 && offset < text.length() && Character.isWhitespace(text.charAt(offset))) {
                offset++; // Gson may stop on the white space before the offending character
            }
            what = offset >= 0 && offset < text.length() ? "unexpected '" + text.charAt(offset) + "'"
                    : "not JSON";
        }
        return new IllegalArgumentException(source + ":" + line + ":" + column + ": " + what);
    }
}
