package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutlierFilterTest {

    @Test
    void refusesANormFarAboveTheMedian() {
        // median of {1, 1.2, 0.9, 50} is 1.1: limit 5.5
        assertThat(new OutlierFilter(5).refused(new double[] {1, 1.2, 0.9, 50})).containsExactly(3);
    }

    @Test
    void keepsANormJustWithinTheFactor() {
        assertThat(new OutlierFilter(5).refused(new double[] {1, 1, 1, 4.99})).isEmpty();
        assertThat(new OutlierFilter(2).refused(new double[] {1, 1, 1, 4.99})).containsExactly(3);
    }

    @Test
    void refusesNothingWithTooFewUpdatesForAMedian() {
        assertThat(new OutlierFilter(1).refused(new double[] {1, 100})).isEmpty();
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(OutlierFilter.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(OutlierFilter.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void namesABadFactor() {
        assertThatThrownBy(() -> new OutlierFilter(0.5)).hasMessageContaining("factor").hasMessageContaining("0.5");
    }
}
