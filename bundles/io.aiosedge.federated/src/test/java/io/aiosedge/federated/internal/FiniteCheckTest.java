package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiniteCheckTest {

    @Test
    void findsTheFirstValueThatIsNotFinite() {
        assertThat(FiniteCheck.problem(new float[] {1, 2, 3})).isEmpty();
        assertThat(FiniteCheck.problem(new float[] {1, Float.NaN, Float.POSITIVE_INFINITY})).get().asString()
                .isEqualTo("value 1 of 3 is NaN");
        assertThat(FiniteCheck.problem(new float[] {0, Float.NEGATIVE_INFINITY})).get().asString()
                .contains("-Infinity");
    }
}
