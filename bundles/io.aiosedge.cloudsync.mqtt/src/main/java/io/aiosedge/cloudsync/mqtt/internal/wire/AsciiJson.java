package io.aiosedge.cloudsync.mqtt.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, straight from the bytes, the part of JSON that the envelope writer produces for ordinary messages: ASCII
 * only, strings without escapes, shallow nesting, short numbers. It never decides that an input is malformed: on
 * anything outside that subset it answers {@code null} and {@link Json} parses the text with Gson instead, so Gson
 * alone refuses input and words the errors.
 *
 * <p>What it does accept it reads into exactly the values {@link Json#parse(String)} gives for the same text: each
 * rule below is one Gson applies in strict mode too (RFC 8259), and {@code AsciiJsonTest} compares the two on
 * generated and mutated inputs.
 * <ul>
 * <li>Whitespace is space, tab, line feed and carriage return only.</li>
 * <li>Strings and names: bytes 0x20 to 0x7E, no backslash. Anything else (an escape, a control character, any byte of
 * a multi-byte UTF-8 sequence) goes to Gson.</li>
 * <li>Numbers: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, at most 32 characters (Gson itself
 * refuses a number longer than its buffer). Integral literals become {@code Long} as {@link Long#parseLong} reads them
 * (one beyond 64 bits goes to Gson, which refuses it); the others become {@code Double} as
 * {@link Double#parseDouble} reads them.</li>
 * <li>Nesting: at most 16 levels (Gson's limit is 64).</li>
 * </ul>
 * Why it exists: Gson reads from a {@code Reader}, so an envelope header had to be decoded into a String, copied into
 * Gson's char buffer, tokenized, and each number cut out as a String and parsed again: 2.8 µs of the 3.5 µs an
 * envelope of 18 metrics took to decode (benchmarks/cloudsync, {@code EnvelopeJmh}).
 */
final class AsciiJson {

    private static final int MAX_DEPTH = 16;
    private static final int MAX_NUMBER_LENGTH = 32;
    /** Integral literals of at most this many digits fit a long whatever the digits; longer ones are checked. */
    private static final int MAX_LONG_DIGITS = 18;
    /** Decimal significands of at most this many digits are exact in a double (10^15 < 2^53). */
    private static final int MAX_EXACT_DIGITS = 15;
    /** Powers of ten that a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    /** Returned by the readers below for input outside the subset; never escapes this class. */
    private static final Object OUTSIDE = new Object();

    private final byte[] in;
    private final int end;
    private int pos;

    private AsciiJson(byte[] in, int offset, int end) {
        this.in = in;
        this.pos = offset;
        this.end = end;
    }

    /**
     * The JSON object in {@code length} bytes of {@code bytes} from {@code offset}, or {@code null} when the text is
     * not an object in the subset this class reads (the caller then lets Gson read it).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(byte[] bytes, int offset, int length) {
        AsciiJson reader = new AsciiJson(bytes, offset, offset + length);
        reader.skipWhitespace();
        if (reader.pos >= reader.end || reader.in[reader.pos] != '{') {
            return null;
        }
        Object value = reader.object(1);
        if (value == OUTSIDE) {
            return null;
        }
        reader.skipWhitespace();
        return reader.pos == reader.end ? (Map<String, Object>) value : null;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private Object value(int depth) {
        if (pos >= end) {
            return OUTSIDE;
        }
        switch (in[pos]) {
        case '{':
            return depth < MAX_DEPTH ? object(depth + 1) : OUTSIDE;
        case '[':
            return depth < MAX_DEPTH ? array(depth + 1) : OUTSIDE;
        case '"':
            String string = string();
            return string == null ? OUTSIDE : string;
        case 't':
            return keyword("true", Boolean.TRUE);
        case 'f':
            return keyword("false", Boolean.FALSE);
        case 'n':
            return keyword("null", null);
        default:
            return number();
        }
    }

    /** At '{'. */
    private Object object(int depth) {
        pos++;
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < end && in[pos] == '}') {
            pos++;
            return object;
        }
        while (true) {
            if (pos >= end || in[pos] != '"') {
                return OUTSIDE;
            }
            String name = string();
            if (name == null) {
                return OUTSIDE;
            }
            skipWhitespace();
            if (pos >= end || in[pos] != ':') {
                return OUTSIDE;
            }
            pos++;
            skipWhitespace();
            Object value = value(depth);
            if (value == OUTSIDE) {
                return OUTSIDE;
            }
            object.put(name, value); // a repeated name keeps its first place and takes the last value, as with Gson
            skipWhitespace();
            if (pos >= end) {
                return OUTSIDE;
            }
            byte next = in[pos++];
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                return OUTSIDE;
            }
            skipWhitespace();
        }
    }

    /** At '['. */
    private Object array(int depth) {
        pos++;
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (pos < end && in[pos] == ']') {
            pos++;
            return array;
        }
        while (true) {
            Object value = value(depth);
            if (value == OUTSIDE) {
                return OUTSIDE;
            }
            array.add(value);
            skipWhitespace();
            if (pos >= end) {
                return OUTSIDE;
            }
            byte next = in[pos++];
            if (next == ']') {
                return array;
            }
            if (next != ',') {
                return OUTSIDE;
            }
            skipWhitespace();
        }
    }

    /** At the opening quote; null when the string holds anything but printable ASCII without backslashes. */
    private String string() {
        int start = pos + 1;
        for (int i = start; i < end; i++) {
            byte c = in[i];
            if (c == '"') {
                pos = i + 1;
                // Printable ASCII is the same in every charset; ISO-8859-1 is the one the JDK copies without decoding.
                return new String(in, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (c < 0x20 || c > 0x7E || c == '\\') { // bytes are signed: >= 0x80 is negative
                return null;
            }
        }
        return null;
    }

    private Object keyword(String word, Object value) {
        int length = word.length();
        if (end - pos < length) {
            return OUTSIDE;
        }
        for (int i = 0; i < length; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return OUTSIDE;
            }
        }
        pos += length;
        return value; // what follows is checked by the caller: ',', '}', ']', whitespace or the end
    }

    private Object number() {
        int start = pos;
        boolean negative = in[pos] == '-';
        if (negative) {
            pos++;
        }
        long significand = 0;
        int significantDigits = 0;
        int integerDigits = 0;
        if (pos < end && in[pos] == '0') {
            pos++;
            integerDigits = 1;
        } else {
            while (pos < end && isDigit(in[pos])) {
                if (++significantDigits <= MAX_LONG_DIGITS) {
                    significand = significand * 10 + (in[pos] - '0');
                }
                pos++;
                integerDigits++;
            }
            if (integerDigits == 0) {
                return OUTSIDE;
            }
        }
        boolean integral = true;
        int fractionDigits = 0;
        if (pos < end && in[pos] == '.') {
            integral = false;
            pos++;
            while (pos < end && isDigit(in[pos])) {
                if (significantDigits > 0 || in[pos] != '0') {
                    if (++significantDigits <= MAX_LONG_DIGITS) {
                        significand = significand * 10 + (in[pos] - '0');
                    }
                }
                pos++;
                fractionDigits++;
            }
            if (fractionDigits == 0) {
                return OUTSIDE;
            }
        }
        int exponent = 0;
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            integral = false;
            pos++;
            boolean negativeExponent = false;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                negativeExponent = in[pos] == '-';
                pos++;
            }
            int exponentDigits = 0;
            while (pos < end && isDigit(in[pos])) {
                if (exponent < 10_000) { // beyond, the value is 0 or infinite anyway, and parseDouble says which
                    exponent = exponent * 10 + (in[pos] - '0');
                }
                pos++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return OUTSIDE;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            return OUTSIDE;
        }
        if (integral) {
            if (integerDigits <= MAX_LONG_DIGITS) {
                return negative ? -significand : significand;
            }
            try {
                return Long.parseLong(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException beyond64Bits) {
                return OUTSIDE; // Gson's path refuses it and says so
            }
        }
        int scale = exponent - fractionDigits;
        if (significantDigits <= MAX_EXACT_DIGITS && scale >= -22 && scale <= 22) {
            // Both operands are exact doubles, so the one division or multiplication rounds correctly, which is the
            // result parseDouble defines (the fast path of Clinger's algorithm).
            double magnitude = scale < 0 ? significand / EXACT_POWERS_OF_TEN[-scale]
                    : significand * EXACT_POWERS_OF_TEN[scale];
            return negative ? -magnitude : magnitude;
        }
        return Double.parseDouble(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
