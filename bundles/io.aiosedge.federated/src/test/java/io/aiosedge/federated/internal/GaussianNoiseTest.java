package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void addsNoiseOfMultiplierTimesClip() {
        float[] zero = new float[200_000];
        float[] noisy = new GaussianNoise(0.5, 2.0, 1).apply(zero);
        double sum = 0;
        double squares = 0;
        for (float v : noisy) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / noisy.length;
        double sd = Math.sqrt(squares / noisy.length - mean * mean);
        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(sd).isCloseTo(1.0, within(0.01)); // 0.5 x clip 2
        assertThat(zero).containsOnly(0f); // a copy: the input is untouched
    }

    @Test
    void zeroMultiplierAddsNothingAndSeedsRepeat() {
        float[] delta = {1, 2, 3};
        assertThat(new GaussianNoise(0, 1, 1).apply(delta)).containsExactly(1, 2, 3);
        assertThat(new GaussianNoise(1, 1, 9).apply(delta)).containsExactly(new GaussianNoise(1, 1, 9).apply(delta));
        assertThat(new GaussianNoise(1, 1, 9).apply(delta)).isNotEqualTo(new GaussianNoise(1, 1, 10).apply(delta));
    }

    @Test
    void namesBadSettings() {
        assertThatThrownBy(() -> new GaussianNoise(-1, 1, 1)).hasMessageContaining("noise multiplier");
        assertThatThrownBy(() -> new GaussianNoise(1, 0, 1)).hasMessageContaining("clipping norm");
    }
}
