package io.aiosedge.api.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TensorPayloadsTest {

    @Test
    void roundTripsShapeAndValues() {
        float[] values = {0f, -1.5f, 3.25f, Float.MAX_VALUE, Float.NaN, 7f};
        byte[] bytes = TensorPayloads.encode(new long[] {2, 3}, values);
        assertThat(bytes).hasSize(4 + 16 + 24);

        TensorPayloads.FloatTensor tensor = TensorPayloads.decode(bytes);
        assertThat(tensor.shape()).containsExactly(2, 3);
        assertThat(Arrays.equals(tensor.values(), values)).isTrue();
    }

    @Test
    void rejectsShapeThatDoesNotMatchTheValues() {
        assertThatThrownBy(() -> TensorPayloads.encode(new long[] {2, 2}, new float[3]))
                .hasMessageContaining("[2, 2]").hasMessageContaining("3 were given");
    }

    @Test
    void malformedPayloadsSayWhatIsWrong() {
        assertThatThrownBy(() -> TensorPayloads.decode(new byte[2])).hasMessageContaining("no rank");
        byte[] truncated = Arrays.copyOf(TensorPayloads.encode(new long[] {4}, new float[4]), 20);
        assertThatThrownBy(() -> TensorPayloads.decode(truncated)).hasMessageContaining("needs 16 bytes");
    }

    @Test
    void aShapeWhoseElementCountOverflowsIsRefused() {
        // [2^32, 2^32] holds 2^64 values: the product wrapped to 0 and matched an empty payload (fuzzing finding).
        byte[] wraps = java.nio.ByteBuffer.allocate(20).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(2)
                .putLong(1L << 32).putLong(1L << 32).array();
        assertThatThrownBy(() -> TensorPayloads.decode(wraps)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds more than");
        assertThatThrownBy(() -> new TensorPayloads.FloatTensor(new long[] {1L << 32, 1L << 32}, new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds more than");
        // 2^31 values claimed by a 12-byte header: refused before anything is allocated.
        byte[] huge = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1)
                .putLong(1L << 31).array();
        assertThatThrownBy(() -> TensorPayloads.decode(huge)).hasMessageContaining("needs 8589934592 bytes");
    }

    @Test
    void linkTransferTimeIsHalfRttPlusSerialisation() {
        LinkState link = new LinkState(true, 50, 1_250_000, 1L);
        assertThat(link.transferMillis(125_000)).isEqualTo(25 + 100.0);
        assertThat(LinkState.UNKNOWN.transferMillis(1)).isInfinite();
        assertThat(new LinkState(false, 50, 1_250_000, 1L).transferMillis(1)).isInfinite();
        assertThatThrownBy(() -> new LinkState(true, -1, 1, 1)).hasMessageContaining("negative");
    }

    @Test
    void offloadRequestValidatesItsCapabilityTopicLevel() {
        assertThatThrownBy(() -> new OffloadRequest("t1", "a/b", 0, java.util.Map.of(), new byte[0]))
                .hasMessageContaining("'a/b'");
    }
}
