package io.aiosedge.dashboard.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The data endpoint's writer: Gson's streaming {@link com.google.gson.stream.JsonWriter} (RFC 8259, embedded
 * privately) into a string, with the dashboard's two rules on top and {@code member} shorthands so that
 * {@link DashboardJson} reads as the document it writes.
 *
 * <ul>
 * <li>Numbers JSON cannot express (NaN, ±Infinity) are written as {@code null}, which the page shows as "–"; a
 * whole double below 10^15 is written without a fraction ({@code 3}, not {@code 3.0}).</li>
 * <li>HTML-safe strings: beyond what JSON requires, {@code <}, {@code >}, {@code &}, {@code =}, {@code '}, U+2028
 * and U+2029 are written as {@code \}{@code uXXXX}, so a task id or model name from a service can never close a
 * script or an HTML element even if the document ends up inside HTML.</li>
 * </ul>
 *
 * <p>Misuse (a value where a member name is due, an unclosed or over-closed container, a second top-level value)
 * fails with Gson's {@link IllegalStateException}.
 */
final class JsonWriter {

    private final StringWriter out = new StringWriter(4096);
    private final com.google.gson.stream.JsonWriter json = new com.google.gson.stream.JsonWriter(out);

    JsonWriter() {
        json.setHtmlSafe(true);
        json.setSerializeNulls(true);
    }

    JsonWriter beginObject() {
        return write(() -> json.beginObject());
    }

    JsonWriter endObject() {
        return write(() -> json.endObject());
    }

    JsonWriter beginArray() {
        return write(() -> json.beginArray());
    }

    JsonWriter endArray() {
        return write(() -> json.endArray());
    }

    /** The next member's name; its value follows. */
    JsonWriter name(String name) {
        return write(() -> json.name(name));
    }

    JsonWriter value(String value) {
        return write(() -> json.value(value));
    }

    JsonWriter value(long value) {
        return write(() -> json.value(value));
    }

    JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            return nullValue();
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return value((long) value);
        }
        return write(() -> json.value(value));
    }

    JsonWriter value(boolean value) {
        return write(() -> json.value(value));
    }

    JsonWriter nullValue() {
        return write(() -> json.nullValue());
    }

    /** Shorthands for a member with its value. */
    JsonWriter member(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter member(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter member(String name, double value) {
        return name(name).value(value);
    }

    JsonWriter member(String name, boolean value) {
        return name(name).value(value);
    }

    /** The document; every container must be closed. */
    String toJson() {
        try {
            json.close();
        } catch (IOException e) { // Gson's word for an open container or no value at all
            throw new IllegalStateException("the JSON document is not complete: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private interface Step {
        void run() throws IOException;
    }

    private JsonWriter write(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory failed", e); // a StringWriter does not fail
        }
        return this;
    }
}
