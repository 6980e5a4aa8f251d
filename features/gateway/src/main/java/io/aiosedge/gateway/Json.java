package io.aiosedge.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the gateway's configuration files use: objects (kept in file order), arrays, strings, numbers
 * ({@code Long} when integral, else {@code Double}), booleans and null. The launcher runs outside OSGi with the
 * framework only on its class path, so it carries this small reader instead of a library. Errors name the line
 * and column.
 */
final class Json {

    private final String text;
    private final String source;
    private int position;

    private Json(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * @param source what to call the text in error messages (a file name)
     * @throws IllegalArgumentException "<source>:<line>:<column>: <what is wrong>"
     */
    static Object parse(String text, String source) {
        Json json = new Json(text, source);
        json.skipWhitespace();
        Object value = json.value(0);
        json.skipWhitespace();
        if (json.position < text.length()) {
            throw json.error("unexpected '" + text.charAt(json.position) + "' after the value");
        }
        return value;
    }

    /** Deeper nesting is refused (a recursive parser would end in StackOverflowError). */
    private static final int MAX_DEPTH = 64;

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (this.position >= this.text.length()) {
            throw error("unexpected end of the text");
        }
        char c = this.text.charAt(this.position);
        switch (c) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"':
            return string();
        case 't':
            return literal("true", Boolean.TRUE);
        case 'f':
            return literal("false", Boolean.FALSE);
        case 'n':
            return literal("null", null);
        default:
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            throw error("unexpected '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        this.position++; // {
        skipWhitespace();
        if (peek() == '}') {
            this.position++;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a quoted member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (object.containsKey(name)) {
                throw error("member \"" + name + "\" appears twice");
            }
            object.put(name, value(depth + 1));
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                this.position--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> array = new ArrayList<>();
        this.position++; // [
        skipWhitespace();
        if (peek() == ']') {
            this.position++;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(value(depth + 1));
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return array;
            }
            if (c != ',') {
                this.position--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        this.position++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (this.position >= this.text.length()) {
                throw error("unterminated string");
            }
            char c = this.text.charAt(this.position++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                this.position--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
            case '"':
            case '\\':
            case '/':
                out.append(escaped);
                break;
            case 'b':
                out.append('\b');
                break;
            case 'f':
                out.append('\f');
                break;
            case 'n':
                out.append('\n');
                break;
            case 'r':
                out.append('\r');
                break;
            case 't':
                out.append('\t');
                break;
            case 'u':
                if (this.position + 4 > this.text.length()) {
                    throw error("incomplete \\u escape");
                }
                try {
                    out.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
                } catch (NumberFormatException e) {
                    throw error("bad \\u escape");
                }
                this.position += 4;
                break;
            default:
                this.position--;
                throw error("bad escape \\" + escaped);
            }
        }
    }

    private Object number() {
        int start = this.position;
        if (peek() == '-') {
            this.position++;
        }
        boolean integral = true;
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position);
            if (c >= '0' && c <= '9') {
                this.position++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                this.position++;
            } else {
                break;
            }
        }
        String number = this.text.substring(start, this.position);
        try {
            return integral ? (Object) Long.valueOf(number) : (Object) Double.valueOf(number);
        } catch (NumberFormatException e) {
            this.position = start;
            throw error("bad number '" + number + "'");
        }
    }

    private Object literal(String word, Object value) {
        if (!this.text.startsWith(word, this.position)) {
            throw error("unexpected '" + this.text.charAt(this.position) + "'");
        }
        this.position += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                this.position++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        if (this.position >= this.text.length()) {
            throw error("unexpected end of the text");
        }
        return this.text.charAt(this.position);
    }

    private char next() {
        char c = peek();
        this.position++;
        return c;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        this.position++;
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(this.position, this.text.length()); i++) {
            if (this.text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new IllegalArgumentException(this.source + ":" + line + ":" + column + ": " + what);
    }
}
