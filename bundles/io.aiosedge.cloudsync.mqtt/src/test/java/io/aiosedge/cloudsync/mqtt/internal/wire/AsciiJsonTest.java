package io.aiosedge.cloudsync.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader of plain headers must give exactly what Gson gives for the same text, and leave everything
 * it is not sure of to Gson. Map equality compares numbers by class and by bits (Long 1 is not Double 1.0, -0.0 is
 * not 0.0), so "equal" below is the strictest comparison the value model has.
 */
class AsciiJsonTest {

    private static final String PRINTABLE =
            " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    @Test
    void envelopeHeadersOfKuraPayloadsAreReadAsGsonReadsThem() {
        Random random = new Random(18);
        for (int n = 0; n < 2_000; n++) {
            KuraPayload payload = randomPayload(random);
            byte[] wire = Envelope.ofKuraPayload("store-" + n, payload, 1_700_000_000_000L + n).encode();
            Map<String, Object> fast = AsciiJson.parseObject(wire, 6, wire.length - 6);
            assertThat(fast).as("plain ASCII header %s", headerText(wire)).isNotNull();
            assertThat(fast).isEqualTo(Json.parseObject(headerText(wire)));
            assertThat(comparable(Envelope.kuraPayloadOf(wire).metrics())).isEqualTo(comparable(payload.metrics()));
        }
    }

    @Test
    void numbersAreTheValuesParseDoubleAndParseLongGive() {
        Random random = new Random(7);
        List<String> literals = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "1e5", "1E+5", "1e-5", "0.00123",
                "123456789012345678", "-123456789012345678", "9007199254740993.0", "0.1", "0.30000000000000004",
                "1e22", "1e23", "123456789012345e-22", "123456789012345e-23", "4.9e-324", "1.7976931348623157e308",
                "1e999", "-1e999", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                "-9223372036854775809", "1234567890123456789", "1e-999", "2.2250738585072014E-308", "100.50", "0e10"));
        for (int n = 0; n < 100_000; n++) {
            literals.add(Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)));
            literals.add(Double.toString(Double.longBitsToDouble(random.nextLong())));
            literals.add(randomDecimal(random));
            literals.add(Long.toString(random.nextLong() >> random.nextInt(64)));
        }
        for (String literal : literals) {
            if (literal.contains("NaN") || literal.contains("Infinity")) {
                continue;
            }
            String text = "{\"x\":" + literal + "}";
            Map<String, Object> fast = AsciiJson.parseObject(bytes(text), 0, text.length());
            if (fast != null) {
                Object gson = Json.parseObject(text).get("x");
                assertThat(fast.get("x")).as(literal).isEqualTo(gson);
            } else {
                assertThat(literal.length() > 32 || beyond64Bits(literal)).as(literal).isTrue();
            }
        }
    }

    @Test
    void whatItReadsGsonReadsAlikeAndWhatGsonRefusesItLeavesToGson() {
        Random random = new Random(2026);
        int refusedByGson = 0;
        int readFast = 0;
        for (int n = 0; n < 100_000; n++) {
            byte[] wire = Envelope.ofKuraPayload("m-" + n, randomPayload(random), n).encode();
            byte[] header = mutate(random, Arrays.copyOfRange(wire, 6, wire.length));
            String text = text(header);
            Map<String, Object> fast = AsciiJson.parseObject(header, 0, header.length);
            Map<String, Object> gson;
            try {
                gson = Json.parseObject(text);
            } catch (IllegalArgumentException refused) {
                assertThat(fast).as("refused by Gson (%s) but read: %s", refused.getMessage(), text).isNull();
                refusedByGson++;
                continue;
            }
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(gson);
                readFast++;
            }
            assertThat(Json.parseObject(header, 0, header.length)).isEqualTo(gson);
        }
        // the mutations must exercise both sides, or this test proves nothing
        assertThat(refusedByGson).isGreaterThan(10_000);
        assertThat(readFast).isGreaterThan(10_000);
    }

    @Test
    void leavesToGsonWhatItDoesNotRead() {
        for (String text : List.of("", " ", "[1]", "\"s\"", "{\"a\":\"\\n\"}", "{\"a\":\"é\"}", "{\"a\":\"\u0001\"}",
                "{\"a\":\"\u007f\"}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}",
                "{\"a\":12345678901234567890}", "{\"a\":0." + "1".repeat(40) + "}", "{\"a\":1,}", "{\"a\":1} x",
                "{\"a\":[1,]}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":NaN}",
                "{\"a\":1}{", "{\"a\":1\u000b}", "{\"a\":" + "[".repeat(16) + "]".repeat(16) + "}", "{\"a\":1")) {
            assertThat(AsciiJson.parseObject(bytes(text), 0, bytes(text).length)).as(text).isNull();
        }
        byte[] fifteenLevels = bytes("{\"a\":" + "[".repeat(15) + "]".repeat(15) + "}");
        assertThat(AsciiJson.parseObject(fifteenLevels, 0, fifteenLevels.length)).isNotNull();
    }

    @Test
    void bytesAndTextGiveTheSameValuesAndTheSameErrors() {
        for (String text : List.of("{\"a\":01}", "{\"a\":1,}", "{\"a\":1} x", "[1]", "{\"a\":1234567890123456789012}",
                "{\"a\":\"\u0001\"}", "")) {
            byte[] utf8 = bytes(text);
            String expected = messageOf(() -> Json.parseObject(text));
            assertThat(expected).as(text).startsWith(text.equals("[1]") ? "expected" : "malformed JSON at offset ");
            assertThat(messageOf(() -> Json.parseObject(utf8, 0, utf8.length))).isEqualTo(expected);
        }
        String escaped = "{\"s\":\"a\\\"b\\u00e9\",\"é\":[1,2.5,true,null]}";
        byte[] utf8 = bytes(escaped);
        assertThat(Json.parseObject(utf8, 0, utf8.length)).isEqualTo(Json.parseObject(escaped))
                .containsEntry("s", "a\"bé");
        // only the given range is read
        byte[] framed = bytes("xx{\"a\":1}yy");
        assertThat(Json.parseObject(framed, 2, 7)).isEqualTo(Map.of("a", 1L));
        assertThatThrownBy(() -> Json.parseObject(framed, 2, 6)).hasMessageStartingWith("malformed JSON at offset");
    }

    @Test
    void repeatedNamesKeepTheirFirstPlaceAndTheirLastValueAsWithGson() {
        String text = "{\"a\":1,\"b\":2,\"a\":3}";
        Map<String, Object> fast = AsciiJson.parseObject(bytes(text), 0, text.length());
        assertThat(fast).isEqualTo(Json.parseObject(text));
        assertThat(fast.keySet()).containsExactly("a", "b");
        assertThat(fast.get("a")).isEqualTo(3L);
    }

    private static boolean beyond64Bits(String literal) {
        try {
            Long.parseLong(literal);
            return false;
        } catch (NumberFormatException e) {
            return literal.matches("-?[0-9]+");
        }
    }

    private static String messageOf(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    private static KuraPayload randomPayload(Random random) {
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date(random.nextLong() >>> 20));
        int metrics = random.nextInt(20);
        for (int i = 0; i < metrics; i++) {
            String name = randomText(random, 1 + random.nextInt(12));
            switch (random.nextInt(7)) {
            case 0:
                payload.addMetric(name, random.nextInt());
                break;
            case 1:
                payload.addMetric(name, random.nextLong() >> random.nextInt(64));
                break;
            case 2:
                payload.addMetric(name, random.nextFloat() * (float) Math.pow(10, random.nextInt(20) - 10));
                break;
            case 3:
                payload.addMetric(name, random.nextBoolean() ? Math.round(random.nextDouble() * 1e6) / 1e3
                        : random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
                break;
            case 4:
                payload.addMetric(name, random.nextBoolean());
                break;
            case 5:
                payload.addMetric(name, randomText(random, random.nextInt(30)));
                break;
            default:
                byte[] value = new byte[random.nextInt(10)];
                random.nextBytes(value);
                payload.addMetric(name, value);
            }
        }
        if (random.nextInt(4) == 0) {
            KuraPosition position = new KuraPosition();
            position.setLatitude(random.nextDouble() * 180 - 90);
            position.setLongitude(random.nextDouble() * 360 - 180);
            position.setSatellites(random.nextInt(20));
            payload.setPosition(position);
        }
        return payload;
    }

    /** Printable ASCII without quote or backslash: what the writer puts out unescaped. */
    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(PRINTABLE.charAt(random.nextInt(PRINTABLE.length())));
        }
        return text.toString();
    }

    private static String randomDecimal(Random random) {
        StringBuilder literal = new StringBuilder();
        if (random.nextBoolean()) {
            literal.append('-');
        }
        literal.append(random.nextInt(4) == 0 ? "0" : Long.toString(1 + (random.nextLong() >>> (1 + random.nextInt(63)))));
        if (random.nextBoolean() || literal.length() < 3) {
            literal.append('.');
            int digits = 1 + random.nextInt(20);
            for (int i = 0; i < digits; i++) {
                literal.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(3) == 0) {
            literal.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "+")
                    .append(random.nextInt(40));
        }
        return literal.toString();
    }

    /** One to three edits from the JSON alphabet, an escape, a non-ASCII character and a control character. */
    private static byte[] mutate(Random random, byte[] header) {
        String alphabet = "{}[]:,\"\\ 0123456789.-+eEtrufalsn\u00e9\u0001\t";
        StringBuilder text = new StringBuilder(new String(header, StandardCharsets.UTF_8));
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
            case 0:
                text.insert(at, c);
                break;
            case 1:
                text.deleteCharAt(at);
                break;
            default:
                text.setCharAt(at, c);
            }
        }
        return bytes(text.toString());
    }

    private static String headerText(byte[] wire) {
        return new String(wire, 6, wire.length - 6, StandardCharsets.UTF_8);
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Metrics comparable with equals: byte arrays as lists. */
    private static Map<String, Object> comparable(Map<String, Object> metrics) {
        Map<String, Object> comparable = new LinkedHashMap<>();
        metrics.forEach((name, value) -> comparable.put(name,
                value instanceof byte[] ? Arrays.toString((byte[]) value) : value));
        return comparable;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
