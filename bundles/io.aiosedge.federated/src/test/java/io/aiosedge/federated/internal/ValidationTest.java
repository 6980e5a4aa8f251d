package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidationTest {

    private static final Validation.Score CURRENT = new Validation.Score(0.80, 0.40, true);

    @Test
    void keepsAModelWithinTheF1DropOrWithALowerLoss() {
        assertThat(Validation.passes(new Validation.Score(0.79, 0.45, true), CURRENT, 0.02)).isTrue();
        assertThat(Validation.passes(new Validation.Score(0.70, 0.35, true), CURRENT, 0.02)).isTrue();
    }

    @Test
    void refusesAWorseOrBrokenModel() {
        assertThat(Validation.passes(new Validation.Score(0.77, 0.45, true), CURRENT, 0.02)).isFalse();
        assertThat(Validation.passes(new Validation.Score(0.77, 0.40, true), CURRENT, 0.02)).isFalse();
        assertThat(Validation.passes(new Validation.Score(Double.NaN, Double.NaN, false), CURRENT, 0.02)).isFalse();
    }
}
