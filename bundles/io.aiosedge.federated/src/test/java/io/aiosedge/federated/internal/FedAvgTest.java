package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class FedAvgTest {

    @Test
    void weightsEachDeltaByItsSamples() {
        float[] mean = FedAvg.average(List.of(new FedAvg.Contribution(new float[] {1, 0, -2}, 1),
                new FedAvg.Contribution(new float[] {5, 4, 2}, 3)));
        // (1*1 + 3*5)/4 = 4, (0 + 12)/4 = 3, (-2 + 6)/4 = 1: an unweighted mean would give 3, 2, 0
        assertThat(mean[0]).isCloseTo(4f, within(1e-6f));
        assertThat(mean[1]).isCloseTo(3f, within(1e-6f));
        assertThat(mean[2]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void oneContributionIsItsOwnMean() {
        assertThat(FedAvg.average(List.of(new FedAvg.Contribution(new float[] {0.5f, -1}, 7))))
                .containsExactly(0.5f, -1f);
    }

    @Test
    void refusesWhatCannotBeAveraged() {
        assertThatThrownBy(() -> FedAvg.average(List.of())).hasMessageContaining("no contributions");
        assertThatThrownBy(() -> FedAvg.average(List.of(new FedAvg.Contribution(new float[2], 1),
                new FedAvg.Contribution(new float[3], 1)))).hasMessageContaining("contribution 1 holds 3 values");
        assertThatThrownBy(() -> FedAvg.average(List.of(new FedAvg.Contribution(new float[2], 0))))
                .hasMessageContaining("0 samples");
    }
}
