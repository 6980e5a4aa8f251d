package io.aiosedge.dashboard.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer (RFC 8259), enough for the dashboard's data endpoint: objects, arrays, strings,
 * numbers, booleans and null. Numbers that JSON cannot express (NaN, ±Infinity) are written as {@code null}, which
 * the page shows as "–".
 *
 * <p>Strings are escaped for JSON and, beyond what JSON requires, {@code <}, {@code >}, {@code &}, {@code '},
 * U+2028 and U+2029 are written as {@code \}{@code uXXXX}: a task id or model name from a service can then never close a
 * script or an HTML element even if the document ends up inside HTML.
 *
 * <p>Misuse (a value where a member name is due, an unclosed or over-closed container) fails with an
 * {@link IllegalStateException} naming what was expected.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(4096);
    /** Open containers: '{' or '['. */
    private final Deque<Character> open = new ArrayDeque<>();
    /** No member or element written yet in the innermost container. */
    private boolean first = true;
    /** A member name was written; its value is due. */
    private boolean afterName;
    private boolean done;

    JsonWriter beginObject() {
        beforeValue(true);
        out.append('{');
        open.push('{');
        first = true;
        return this;
    }

    JsonWriter endObject() {
        close('{', '}');
        return this;
    }

    JsonWriter beginArray() {
        beforeValue(true);
        out.append('[');
        open.push('[');
        first = true;
        return this;
    }

    JsonWriter endArray() {
        close('[', ']');
        return this;
    }

    /** The next member's name; its value follows. */
    JsonWriter name(String name) {
        if (open.isEmpty() || open.peek() != '{' || afterName) {
            throw new IllegalStateException("a member name ('" + name + "') belongs directly inside an object");
        }
        if (!first) {
            out.append(',');
        }
        first = false;
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        beforeValue(false);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        beforeValue(false);
        out.append(value);
        return this;
    }

    JsonWriter value(double value) {
        beforeValue(false);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        return this;
    }

    JsonWriter value(boolean value) {
        beforeValue(false);
        out.append(value);
        return this;
    }

    JsonWriter nullValue() {
        beforeValue(false);
        out.append("null");
        return this;
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
        if (!open.isEmpty() || !done) {
            throw new IllegalStateException("the JSON document is not complete: " + open.size()
                    + " container(s) still open");
        }
        return out.toString();
    }

    /** Separates this value from the previous one; {@code container} when it opens an object or array. */
    private void beforeValue(boolean container) {
        if (done) {
            throw new IllegalStateException("the JSON document is complete; nothing may follow its top value");
        }
        if (afterName) {
            afterName = false;
        } else if (open.isEmpty()) {
            done = !container; // a scalar at the top is the whole document
        } else if (open.peek() == '{') {
            throw new IllegalStateException("a value inside an object needs a member name first");
        } else {
            if (!first) {
                out.append(',');
            }
            first = false;
        }
    }

    private void close(char opener, char closer) {
        if (open.isEmpty() || open.peek() != opener || afterName) {
            throw new IllegalStateException("'" + closer + "' does not close " + (open.isEmpty() ? "anything"
                    : afterName ? "a member whose value is missing" : "the open '" + open.peek() + "'"));
        }
        open.pop();
        out.append(closer);
        first = false;
        if (open.isEmpty()) {
            done = true;
        }
    }

    private void string(String text) {
        out.append('"');
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
