package io.aiosedge.cloudsync.mqtt.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.message.KuraPayload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.cloudsync.mqtt.internal.wire.Json;

/**
 * JMH: the AIOS envelope of a typical task result message, each against a baseline measured in the same run.
 * <ul>
 * <li>{@link #encodeEnvelope}: {@code Envelope.ofKuraPayload(id, payload, now).encode()}, exactly what
 * {@code MqttCloudEndpoint.publish} does per message; baseline {@link #encodePlainJson}: the same id, timestamp and
 * metrics as one JSON object written with a {@code StringBuilder} and the JDK's UTF-8 encoder (no metric types, no
 * prefix, no intermediate maps: the least a JSON producer of the same content does).</li>
 * <li>{@link #decodeEnvelope}: {@code Envelope.kuraPayloadOf(bytes)}, what a subscriber gets delivered; baseline
 * {@link #decodeForeign}: the same call on a foreign payload of the same size, which only copies the bytes into the
 * body of an empty KuraPayload. {@link #decodeEnvelopeGson}: the decoding as it was before the byte-level header
 * reader (Gson over the decoded text), so that old and new are measured in the same run.</li>
 * </ul>
 * The message is what the scheduler's {@code ResultMessages} publishes for a completed task (18 metrics: 6 strings,
 * 8 doubles, 4 booleans, and a timestamp; no body).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeJmh {

    static final String MESSAGE_ID = "gw-7f3a9c-000000000042";
    static final long NOW_MILLIS = 1_764_770_000_123L;

    private KuraPayload payload;
    private byte[] envelope;
    private byte[] foreign;

    @Setup(Level.Trial)
    public void setUp() {
        payload = resultMessage();
        envelope = encodeEnvelope();
        foreign = new byte[envelope.length]; // no 0xAE 0x01 prefix: a foreign producer's bytes
        checkBaselines();
    }

    /** A completed task's result, metric for metric as {@code ResultMessages.message} builds it. */
    static KuraPayload resultMessage() {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date(NOW_MILLIS - 3));
        p.addMetric("task.id", "temperature-line-3-000000981");
        p.addMetric("job", "temperature-line-3");
        p.addMetric("status", "COMPLETED");
        p.addMetric("node", "gateway-hall-2");
        p.addMetric("node.kind", "LOCAL");
        p.addMetric("model", "anomaly-edge");
        p.addMetric("queue.ms", 0.412);
        p.addMetric("transfer.ms", 0.0);
        p.addMetric("compute.ms", 1.873);
        p.addMetric("total.ms", 2.285);
        p.addMetric("deadline.met", true);
        p.addMetric("estimate.ms", 2.104);
        p.addMetric("estimate.error.ms", 0.181);
        p.addMetric("score", 0.0734);
        p.addMetric("anomaly", false);
        p.addMetric("confidence", 0.853);
        p.addMetric("degraded", false);
        p.addMetric("escalated", false);
        return p;
    }

    /** The envelope must round-trip and the baselines must carry the same metrics, or the ratios mean nothing. */
    private void checkBaselines() {
        KuraPayload back = decodeEnvelope();
        if (!back.metrics().equals(payload.metrics()) || !back.getTimestamp().equals(payload.getTimestamp())) {
            throw new IllegalStateException("the envelope did not round-trip the result message: " + back.metrics());
        }
        KuraPayload former = decodeEnvelopeGson();
        if (!former.metrics().equals(back.metrics()) || !former.getTimestamp().equals(back.getTimestamp())) {
            throw new IllegalStateException("the former decoding differs from the current one: " + former.metrics());
        }
        Map<String, Object> plain = Json.parseObject(new String(encodePlainJson(), StandardCharsets.UTF_8));
        Object metrics = plain.get("metrics");
        if (!(metrics instanceof Map) || ((Map<?, ?>) metrics).size() != payload.metrics().size()
                || !MESSAGE_ID.equals(plain.get("id"))) {
            throw new IllegalStateException("the plain JSON baseline lost metrics: " + plain);
        }
        if (Envelope.isEnvelope(foreign) || !Arrays.equals(decodeForeign().getBody(), foreign)) {
            throw new IllegalStateException("the foreign baseline did not take the foreign-payload path");
        }
    }

    @Benchmark
    public byte[] encodeEnvelope() {
        return Envelope.ofKuraPayload(MESSAGE_ID, payload, NOW_MILLIS).encode();
    }

    @Benchmark
    public byte[] encodePlainJson() {
        return PlainJson.of(MESSAGE_ID, payload);
    }

    @Benchmark
    public KuraPayload decodeEnvelope() {
        return Envelope.kuraPayloadOf(envelope);
    }

    /**
     * The decoding as it was before the byte-level reader (issue 18), step for step with what is still public: the
     * header decoded into a String and read by Gson, header and body copied into an envelope, then its KuraPayload.
     */
    @Benchmark
    public KuraPayload decodeEnvelopeGson() {
        int headerLength = ByteBuffer.wrap(envelope, 2, 4).getInt();
        Map<String, Object> header = Json.parseObject(new String(envelope, 6, headerLength, StandardCharsets.UTF_8));
        return new Envelope(header, Arrays.copyOfRange(envelope, 6 + headerLength, envelope.length)).toKuraPayload();
    }

    @Benchmark
    public KuraPayload decodeForeign() {
        return Envelope.kuraPayloadOf(foreign);
    }

    /** The encoding baseline: {"id":..,"ts":..,"metrics":{name:value,..}} with the JDK alone. */
    static final class PlainJson {

        private PlainJson() {
        }

        static byte[] of(String id, KuraPayload payload) {
            StringBuilder out = new StringBuilder(512);
            out.append("{\"id\":");
            quote(id, out);
            out.append(",\"ts\":").append(payload.getTimestamp().getTime()).append(",\"metrics\":{");
            boolean first = true;
            for (Map.Entry<String, Object> metric : payload.metrics().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(metric.getKey(), out);
                out.append(':');
                Object value = metric.getValue();
                if (value instanceof String) {
                    quote((String) value, out);
                } else {
                    out.append(value); // the message holds only numbers and booleans besides strings
                }
            }
            return out.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        }

        /** JSON string escaping of quotes, backslashes and control characters: what every JSON writer must do. */
        private static void quote(String text, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }
}
