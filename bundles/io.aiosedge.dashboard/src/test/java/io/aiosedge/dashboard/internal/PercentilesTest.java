package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankIsAMeasuredValue() {
        double[] values = {4, 1, 3, 2};
        assertThat(Percentiles.of(values, 4, 50)).isEqualTo(2);
        assertThat(Percentiles.of(values, 4, 95)).isEqualTo(4);
        assertThat(Percentiles.of(values, 4, 25)).isEqualTo(1);
        assertThat(Percentiles.of(values, 4, 100)).isEqualTo(4);
        assertThat(values).containsExactly(4, 1, 3, 2); // not sorted in place
    }

    @Test
    void wholePercentilesOfRoundCountsAreExact() {
        double[] twenty = IntStream.rangeClosed(1, 20).asDoubleStream().toArray();
        assertThat(Percentiles.of(twenty, 20, 95)).isEqualTo(19); // rank ⌈0.95 · 20⌉ = 19
        assertThat(Percentiles.of(twenty, 20, 50)).isEqualTo(10);
        double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(Percentiles.of(hundred, 100, 95)).isEqualTo(95);
        assertThat(Percentiles.of(hundred, 100, 99)).isEqualTo(99);
    }

    @Test
    void onlyTheFirstCountValuesCount() {
        double[] values = {5, 7, 1000, 1000};
        assertThat(Percentiles.of(values, 2, 95)).isEqualTo(7);
        assertThat(Percentiles.of(values, 1, 50)).isEqualTo(5);
    }

    @Test
    void noValuesIsNaN() {
        assertThat(Percentiles.of(new double[3], 0, 50)).isNaN();
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 1, 0)).hasMessageContaining("(0, 100]: 0");
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 1, 101)).hasMessageContaining("101");
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 2, 50)).hasMessageContaining("count must be 0..1");
        assertThatThrownBy(() -> Percentiles.of(new double[] {1, Double.NaN}, 2, 50)).hasMessageContaining("NaN");
    }
}
