package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RingBufferTest {

    @Test
    void keepsTheLastCapacityElementsOldestFirst() {
        RingBuffer<Integer> buffer = new RingBuffer<>(3);
        assertThat(buffer.snapshot()).isEmpty();
        assertThat(buffer.newest()).isNull();
        buffer.add(1);
        buffer.add(2);
        assertThat(buffer.snapshot()).containsExactly(1, 2);
        for (int k = 3; k <= 10; k++) {
            buffer.add(k);
        }
        assertThat(buffer.snapshot()).containsExactly(8, 9, 10);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.capacity()).isEqualTo(3);
        assertThat(buffer.newest()).isEqualTo(10);
    }

    @Test
    void aSnapshotIsACopy() {
        RingBuffer<String> buffer = new RingBuffer<>(2);
        buffer.add("a");
        List<String> before = buffer.snapshot();
        buffer.add("b");
        buffer.add("c");
        assertThat(before).containsExactly("a");
        assertThat(buffer.snapshot()).containsExactly("b", "c");
    }

    @Test
    void capacityOneHoldsTheNewest() {
        RingBuffer<Integer> buffer = new RingBuffer<>(1);
        buffer.add(1);
        buffer.add(2);
        assertThat(buffer.snapshot()).containsExactly(2);
    }

    @Test
    void refusesNoCapacityAndNulls() {
        assertThatThrownBy(() -> new RingBuffer<>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1: 0");
        assertThatThrownBy(() -> new RingBuffer<String>(2).add(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no nulls");
    }
}
