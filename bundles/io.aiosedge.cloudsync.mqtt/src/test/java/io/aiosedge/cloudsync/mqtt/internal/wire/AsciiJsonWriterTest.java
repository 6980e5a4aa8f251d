package io.aiosedge.cloudsync.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.Test;

/** The byte-level header writer writes exactly what Gson writes, and declines (null) what it does not handle. */
class AsciiJsonWriterTest {

    private static final byte[] NONE = new byte[0];

    private static byte[] gson(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesAnOrdinaryHeaderExactly() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", "s1-42");
        header.put("ts", 1_764_000_000_000L);
        byte[] body = {9, 8, 7};
        byte[] out = AsciiJsonWriter.write(header, 6, body);
        assertThat(new String(out, 6, out.length - 9, StandardCharsets.US_ASCII))
                .isEqualTo("{\"id\":\"s1-42\",\"ts\":1764000000000}");
        assertThat(out).startsWith(new byte[6]).endsWith(body);
    }

    @Test
    void matchesGsonByteForByteOnRandomValuesAndDeclinesTheRest() {
        Random random = new Random(18);
        int accepted = 0;
        int declined = 0;
        for (int i = 0; i < 20_000; i++) {
            Object value = randomValue(random, 0);
            byte[] fast = AsciiJsonWriter.write(value, 0, NONE);
            if (fast == null) {
                declined++;
            } else {
                accepted++;
                assertThat(new String(fast, StandardCharsets.UTF_8)).as("value %s", value)
                        .isEqualTo(new String(gson(value), StandardCharsets.UTF_8));
            }
        }
        assertThat(accepted).isGreaterThan(5_000); // both paths are exercised
        assertThat(declined).isGreaterThan(1_000);
    }

    @Test
    void declinesWhatGsonMustDecide() {
        assertThat(AsciiJsonWriter.write(Map.of("k", "caf\u00e9"), 0, NONE)).isNull();
        assertThat(AsciiJsonWriter.write(Map.of("k", "a\"b"), 0, NONE)).isNull();
        assertThat(AsciiJsonWriter.write(Map.of("k", "a\\b"), 0, NONE)).isNull();
        assertThat(AsciiJsonWriter.write(Map.of("k", "tab\there"), 0, NONE)).isNull();
        assertThat(AsciiJsonWriter.write(Map.of("k\n", 1), 0, NONE)).isNull();
        assertThat(AsciiJsonWriter.write(Map.of("k", new BigDecimal("1.50")), 0, NONE)).isNull();
        assertThat(AsciiJsonWriter.write(Map.of("k", new AtomicLong(3)), 0, NONE)).isNull();
        assertThat(AsciiJsonWriter.write(Map.of("k", new Date(0)), 0, NONE)).isNull();
        Object deep = 1;
        for (int i = 0; i < 17; i++) {
            deep = List.of(deep);
        }
        assertThat(AsciiJsonWriter.write(deep, 0, NONE)).isNull();
    }

    @Test
    void nonFiniteNumbersAreNullAsJsonWritesThem() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("inf", Float.NEGATIVE_INFINITY);
        m.put("neg0", -0.0);
        m.put("small", 1.0E-5);
        m.put("big", 1e10f);
        m.put("min", Long.MIN_VALUE);
        assertThat(new String(AsciiJsonWriter.write(m, 0, NONE), StandardCharsets.UTF_8))
                .isEqualTo(new String(gson(m), StandardCharsets.UTF_8))
                .isEqualTo("{\"nan\":null,\"inf\":null,\"neg0\":-0.0,\"small\":1.0E-5,\"big\":1.0E10,"
                        + "\"min\":-9223372036854775808}");
    }

    @Test
    void envelopesEncodedOnEitherPathDecodeToTheSameHeaderAndBody() {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            KuraPayload payload = new KuraPayload();
            payload.setTimestamp(new Date(random.nextInt(1 << 30)));
            int metrics = random.nextInt(6);
            for (int m = 0; m < metrics; m++) {
                payload.addMetric("m" + m + (random.nextInt(4) == 0 ? "\u00b0" : ""), switch (random.nextInt(5)) {
                    case 0 -> random.nextInt();
                    case 1 -> random.nextLong();
                    case 2 -> random.nextDouble() * 1e6;
                    case 3 -> random.nextBoolean();
                    default -> random.nextInt(3) == 0 ? "d\u00e9j\u00e0" : "plain-" + random.nextInt(100);
                });
            }
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            payload.setBody(body);
            Envelope envelope = Envelope.ofKuraPayload("store-" + i, payload, 0);
            byte[] wire = envelope.encode();
            byte[] viaGson = gsonEncoding(envelope);
            assertThat(wire).as("envelope %d", i).isEqualTo(viaGson);
            Envelope back = Envelope.decode(wire);
            assertThat(back.header()).isEqualTo(Envelope.decode(viaGson).header());
            assertThat(back.body()).isEqualTo(body);
        }
    }

    /** The envelope as the Gson-only path wrote it before the fast path. */
    private static byte[] gsonEncoding(Envelope e) {
        byte[] json = gson(e.header());
        byte[] out = new byte[6 + json.length + e.body().length];
        java.nio.ByteBuffer.wrap(out).put(Envelope.MAGIC).put(Envelope.VERSION).putInt(json.length).put(json)
                .put(e.body());
        return out;
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 10 : 13);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextInt();
            case 3:
                return random.nextLong();
            case 4:
                return (short) random.nextInt();
            case 5:
                return randomDouble(random);
            case 6:
                return (float) randomDouble(random);
            case 7:
                return randomText(random);
            case 8:
                return (char) (random.nextInt(3) == 0 ? random.nextInt(0x300) : 0x20 + random.nextInt(0x5f));
            case 9:
                return random.nextInt(20) == 0 ? new BigDecimal(random.nextInt(1000)).movePointLeft(2) : "x";
            case 10: {
                Map<Object, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    map.put(random.nextInt(10) == 0 ? (Object) random.nextInt(100) : randomText(random),
                            randomValue(random, depth + 1));
                }
                return map;
            }
            case 11: {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Object[] array = new Object[random.nextInt(4)];
                for (int i = 0; i < array.length; i++) {
                    array[i] = randomValue(random, depth + 1);
                }
                return array;
            }
        }
    }

    private static double randomDouble(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return Double.NaN;
            case 1:
                return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2:
                return -0.0;
            case 3:
                return Double.longBitsToDouble(random.nextLong());
            default:
                return (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
        }
    }

    /** Mostly printable ASCII; sometimes a quote, backslash, control or non-ASCII character. */
    private static String randomText(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(60);
            char c = pick == 0 ? '"' : pick == 1 ? '\\' : pick == 2 ? (char) random.nextInt(0x20)
                    : pick == 3 ? (char) (0x7f + random.nextInt(0x2000)) : (char) (0x20 + random.nextInt(0x5f));
            s.append(c);
        }
        return s.toString();
    }
}
