package io.aiosedge.cloudsync.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.testsupport.FuzzSummary;

/**
 * What the connector decodes from the broker before any handler sees it: JSON, the AIOS envelope (every subscribed
 * message), offload requests and replies, topic names and filters. Each input is either decoded into a value that
 * encodes back to an equal one, or refused with an IllegalArgumentException saying why; a subscriber's payload is
 * always delivered (foreign bytes as the body). Nothing else may be thrown.
 */
class WireFuzzTest {

    private static final FuzzSummary SUMMARY = new FuzzSummary("cloud-sync wire: JSON, envelopes, offload, topics");

    /**
     * The first byte picks the decoder, the rest is what arrives (the kept inputs hold a valid message of each kind
     * for the fuzzer to start from).
     */
    @FuzzTest
    void wire(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] bytes = java.util.Arrays.copyOfRange(input, 1, input.length);
        switch (Math.floorMod(input[0], 5)) {
        case 0:
            json(new String(bytes, StandardCharsets.UTF_8));
            break;
        case 1:
            envelope(bytes);
            break;
        case 2:
            offloadRequest("inference", bytes);
            break;
        case 3:
            offloadReply(bytes);
            break;
        default:
            String text = new String(bytes, StandardCharsets.UTF_8);
            int nul = text.indexOf('\u0000');
            topics(nul < 0 ? text : text.substring(0, nul), nul < 0 ? text : text.substring(nul + 1));
        }
    }

    private static void json(String text) {
        Object value;
        try {
            value = Json.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("malformed JSON at offset ");
            SUMMARY.count("json: refused");
            return;
        }
        if (finite(value)) {
            assertThat(Json.parse(Json.write(value))).isEqualTo(value);
        }
        SUMMARY.count("json: ok");
    }

    /** JSON has no NaN or infinity: a number too large for a double (1e999) is written back as null. */
    private static boolean finite(Object value) {
        if (value instanceof Double) {
            return Double.isFinite((Double) value);
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).values().stream().allMatch(WireFuzzTest::finite);
        }
        if (value instanceof List) {
            return ((List<?>) value).stream().allMatch(WireFuzzTest::finite);
        }
        return true;
    }

    private static void envelope(byte[] bytes) {
        KuraPayload delivered = Envelope.kuraPayloadOf(bytes);
        assertThat(delivered).isNotNull();
        Envelope envelope;
        try {
            envelope = Envelope.decode(bytes);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            // a subscriber still gets the bytes, untouched
            assertThat(delivered.getBody()).isEqualTo(bytes);
            assertThat(delivered.metrics()).isEmpty();
            SUMMARY.count("envelope: refused");
            return;
        }
        Envelope again = Envelope.decode(envelope.encode());
        assertThat(again.body()).isEqualTo(envelope.body());
        if (finite(envelope.header())) {
            assertThat(again.header()).isEqualTo(envelope.header());
        }
        try {
            envelope.toKuraPayload();
            SUMMARY.count("envelope: ok");
        } catch (IllegalArgumentException badMetric) {
            assertThat(badMetric.getMessage()).startsWith("metric '");
            SUMMARY.count("envelope: metric refused");
        }
    }

    private static void offloadRequest(String capability, byte[] bytes) {
        OffloadWire.ReceivedRequest received;
        try {
            received = OffloadWire.decodeRequest(bytes, capability);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            SUMMARY.count("offload request: refused");
            return;
        }
        OffloadRequest r = received.request();
        assertThat(r.taskId()).isNotBlank();
        assertThat(r.capability()).isEqualTo(capability);
        assertThat(received.replyTopic()).isNotEmpty();
        OffloadWire.ReceivedRequest again = OffloadWire.decodeRequest(
                OffloadWire.request("m", r, received.replyTopic(), received.from(), 1).encode(), capability);
        assertThat(again.request().taskId()).isEqualTo(r.taskId());
        assertThat(again.request().deadlineMillis()).isEqualTo(r.deadlineMillis());
        assertThat(again.request().metadata()).isEqualTo(r.metadata());
        assertThat(again.request().payload()).isEqualTo(r.payload());
        SUMMARY.count("offload request: ok");
    }

    private static void offloadReply(byte[] bytes) {
        OffloadReply reply;
        try {
            reply = OffloadWire.decodeReply(bytes);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            SUMMARY.count("offload reply: refused");
            return;
        }
        OffloadReply again = OffloadWire.decodeReply(OffloadWire.reply("m", reply, 1).encode());
        assertThat(again.taskId()).isEqualTo(reply.taskId());
        assertThat(again.status()).isEqualTo(reply.status());
        assertThat(again.metadata()).isEqualTo(reply.metadata());
        assertThat(again.payload()).isEqualTo(reply.payload());
        SUMMARY.count("offload reply: ok");
    }

    private static void topics(String filter, String topic) {
        Topics.matches(filter, topic);
        Topics.isLevel(topic);
        String outcome = "topics: filter ";
        try {
            Topics.checkTopicFilter(filter, "filter");
            outcome += "ok";
        } catch (IllegalArgumentException refused) {
            outcome += "refused";
        }
        try {
            Topics.checkTopicName(topic, "topic");
            outcome += ", name ok";
        } catch (IllegalArgumentException refused) {
            outcome += ", name refused";
        }
        SUMMARY.count(outcome);
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
    }
}
