package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormClippingTest {

    @Test
    void scalesALongDeltaToTheBoundKeepingItsDirection() {
        float[] clipped = new NormClipping(1.0).clip(new float[] {3, 4}); // norm 5
        assertThat(WeightVector.norm(clipped)).isCloseTo(1.0, within(1e-6));
        assertThat(clipped[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(clipped[1]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void leavesADeltaWithinTheBoundAlone() {
        float[] delta = {0.3f, 0.4f};
        assertThat(new NormClipping(1.0).clip(delta)).containsExactly(0.3f, 0.4f);
        assertThat(new NormClipping(0.5).clip(delta)).containsExactly(0.3f, 0.4f); // exactly at the bound
    }

    @Test
    void namesABadBound() {
        assertThatThrownBy(() -> new NormClipping(0)).hasMessageContaining("clipping norm").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new NormClipping(Double.NaN)).hasMessageContaining("NaN");
    }
}
