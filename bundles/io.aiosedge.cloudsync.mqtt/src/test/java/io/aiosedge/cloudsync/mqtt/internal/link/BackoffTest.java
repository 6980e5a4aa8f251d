package io.aiosedge.cloudsync.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCap() {
        Backoff b = new Backoff(100, 1000, () -> 1.0);
        assertThat(b.nominalMillis(0)).isEqualTo(100);
        assertThat(b.nominalMillis(1)).isEqualTo(200);
        assertThat(b.nominalMillis(3)).isEqualTo(800);
        assertThat(b.nominalMillis(4)).isEqualTo(1000);
        assertThat(b.nominalMillis(1000)).isEqualTo(1000);
    }

    @Test
    void jitterStaysBetweenHalfAndTheNominalDelay() {
        assertThat(new Backoff(100, 1000, () -> 0.0).delayMillis(2)).isEqualTo(200);
        assertThat(new Backoff(100, 1000, () -> 0.999999).delayMillis(2)).isBetween(399L, 400L);
        java.util.Random random = new java.util.Random(7);
        Backoff b = new Backoff(100, 1000, random::nextDouble);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            long d = b.delayMillis(5);
            assertThat(d).isBetween(500L, 1000L);
            seen.add(d);
        }
        assertThat(seen.size()).as("jitter spreads the delays").isGreaterThan(50);
    }

    @Test
    void rejectsInconsistentBounds() {
        assertThatThrownBy(() -> new Backoff(0, 10, () -> 0)).hasMessageContaining("min 0 ms");
        assertThatThrownBy(() -> new Backoff(100, 10, () -> 0)).hasMessageContaining("max 10 ms");
    }
}
