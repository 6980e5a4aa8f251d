package io.aiosedge.cloudsync.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;

import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void kuraPayloadRoundTripKeepsMetricTypesPositionAndBody() {
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date(1_700_000_000_123L));
        payload.addMetric("i", 7);
        payload.addMetric("l", 7L);
        payload.addMetric("f", 1.5f);
        payload.addMetric("d", 2.25);
        payload.addMetric("b", true);
        payload.addMetric("s", "text");
        payload.addMetric("bytes", new byte[] {1, 2, 3});
        KuraPosition position = new KuraPosition();
        position.setLatitude(45.5);
        position.setLongitude(9.25);
        position.setSatellites(7);
        payload.setPosition(position);
        payload.setBody("body".getBytes(StandardCharsets.UTF_8));

        byte[] wire = Envelope.ofKuraPayload("store-1", payload, 0).encode();
        assertThat(wire[0]).isEqualTo(Envelope.MAGIC);
        Envelope decoded = Envelope.decode(wire);
        assertThat(decoded.id()).isEqualTo("store-1");
        KuraPayload back = decoded.toKuraPayload();
        assertThat(back.getTimestamp()).isEqualTo(new Date(1_700_000_000_123L));
        assertThat(back.getMetric("i")).isEqualTo(7);
        assertThat(back.getMetric("l")).isEqualTo(7L);
        assertThat(back.getMetric("f")).isEqualTo(1.5f);
        assertThat(back.getMetric("d")).isEqualTo(2.25);
        assertThat(back.getMetric("b")).isEqualTo(true);
        assertThat(back.getMetric("s")).isEqualTo("text");
        assertThat((byte[]) back.getMetric("bytes")).containsExactly(1, 2, 3);
        assertThat(back.getPosition().getLatitude()).isEqualTo(45.5);
        assertThat(back.getPosition().getSatellites()).isEqualTo(7);
        assertThat(new String(back.getBody(), StandardCharsets.UTF_8)).isEqualTo("body");
    }

    @Test
    void headerIsReadableJson() {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("temp", 21.5);
        byte[] wire = Envelope.ofKuraPayload("x-1", payload, 42).encode();
        String header = new String(wire, 6, wire.length - 6, StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"id\":\"x-1\",\"ts\":42,\"metrics\":{\"temp\":21.5},\"types\":{\"temp\":\"double\"}}");
    }

    @Test
    void foreignPayloadsBecomeTheBody() {
        byte[] foreign = "{\"plain\":true}".getBytes(StandardCharsets.UTF_8);
        KuraPayload payload = Envelope.kuraPayloadOf(foreign);
        assertThat(payload.metrics()).isEmpty();
        assertThat(payload.getBody()).isEqualTo(foreign);
    }

    @Test
    void truncatedEnvelopeIsRejectedWithTheReason() {
        byte[] wire = new Envelope(Map.of("id", "a"), new byte[0]).encode();
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 2);
        assertThatThrownBy(() -> Envelope.decode(cut)).hasMessageContaining("exceeds");
        assertThat(Envelope.kuraPayloadOf(cut).getBody()).isEqualTo(cut);
    }

    @Test
    void unsupportedMetricTypeIsNamed() {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("when", new Date());
        assertThatThrownBy(() -> Envelope.ofKuraPayload("x", payload, 0)).hasMessageContaining("metric 'when'");
    }
}
