package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class AggregationTest {

    private static FederatedMessages.Update update(String gateway, long samples, float... delta) {
        return new FederatedMessages.Update(1, 0, samples, gateway, "m", delta);
    }

    @Test
    void averagesWhatPassesAndNamesWhatDoesNot() {
        float[] global = {10, 10};
        Aggregation.Outcome o = new Aggregation(100, 5, 2).aggregate(global, List.of(update("a", 1, 1, 0),
                update("b", 1, 0, 1), update("c", 2, 1, 1), update("nan", 1, Float.NaN, 0),
                update("far", 1, 60, 80)));
        assertThat(o.accepted()).containsOnlyKeys("a", "b", "c");
        assertThat(o.refused()).containsOnlyKeys("nan", "far");
        assertThat(o.refused().get("nan")).startsWith("not usable: value 0");
        assertThat(o.refused().get("far")).startsWith("out of distribution: norm 100");
        // (1*[1,0] + 1*[0,1] + 2*[1,1]) / 4 = [0.75, 0.75]
        assertThat(o.weights()).get().satisfies(w -> {
            assertThat(w[0]).isCloseTo(10.75f, within(1e-5f));
            assertThat(w[1]).isCloseTo(10.75f, within(1e-5f));
        });
    }

    @Test
    void clipsBeforeAveraging() {
        Aggregation.Outcome o = new Aggregation(1, 5, 1).aggregate(new float[] {0, 0}, List.of(update("a", 1, 3, 4)));
        assertThat(o.weights().get()[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(o.weights().get()[1]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void makesNoModelBelowTheMinimum() {
        Aggregation.Outcome o = new Aggregation(10, 5, 3).aggregate(new float[] {0}, List.of(update("a", 1, 1),
                update("b", 1, 1)));
        assertThat(o.weights()).isEmpty();
        assertThat(o.accepted()).hasSize(2);
    }

    @Test
    void refusesAnUpdateOfAnotherShape() {
        Aggregation.Outcome o = new Aggregation(10, 5, 1).aggregate(new float[] {0, 0}, List.of(update("a", 1, 1),
                update("b", 1, 1, 1)));
        assertThat(o.refused().get("a")).contains("1 values, the model has 2");
        assertThat(o.accepted()).containsOnlyKeys("b");
    }

    @Test
    void serverMomentumAddsTheLastKeptStep() {
        Aggregation a = new Aggregation(100, 5, 1, 0.5);
        Aggregation.Outcome first = a.aggregate(new float[] {0}, List.of(update("a", 1, 2)));
        assertThat(first.weights().get()[0]).isEqualTo(2f);
        a.kept(first, true);
        Aggregation.Outcome second = a.aggregate(new float[] {2}, List.of(update("a", 1, 2)));
        assertThat(second.weights().get()[0]).isEqualTo(5f); // 2 + 2 + 0.5 x 2
        a.kept(second, false); // not kept: the velocity starts again
        assertThat(a.aggregate(new float[] {2}, List.of(update("a", 1, 2))).weights().get()[0]).isEqualTo(4f);
    }
}
