package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CompletionWindowTest {

    @Test
    void countsPlacementsMissesAndEscalationsPerInterval() {
        CompletionWindow window = new CompletionWindow(100, 10, 1);
        window.record(Fixtures.result("t1", "gateway", 10, true, false));
        window.record(Fixtures.result("t2", "gateway", 30, false, false));
        window.record(Fixtures.result("t3", "cloud:inference", 20, true, true));

        Sample.Interval first = window.drain();
        assertThat(first.completed()).isEqualTo(3);
        assertThat(first.deadlinesMissed()).isEqualTo(1);
        assertThat(first.escalated()).isEqualTo(1);
        assertThat(first.placements()).isEqualTo(Map.of("gateway", 2L, "cloud:inference", 1L));
        assertThat(first.p50Millis()).isEqualTo(20);
        assertThat(first.p95Millis()).isEqualTo(30);

        window.record(Fixtures.result("t4", "gateway", 5, true, false));
        Sample.Interval second = window.drain();
        assertThat(second.completed()).isEqualTo(1);
        assertThat(second.deadlinesMissed()).isZero();
        assertThat(second.placements()).isEqualTo(Map.of("gateway", 1L));
        assertThat(second.p50Millis()).isEqualTo(5);

        assertThat(window.placementsSinceStart()).isEqualTo(Map.of("gateway", 3L, "cloud:inference", 1L));
        assertThat(window.completedSinceStart()).isEqualTo(4);
    }

    @Test
    void anEmptyIntervalHasNoPercentiles() {
        Sample.Interval empty = new CompletionWindow(10, 10, 1).drain();
        assertThat(empty.completed()).isZero();
        assertThat(empty.placements()).isEmpty();
        assertThat(empty.p50Millis()).isNaN();
        assertThat(empty.p95Millis()).isNaN();
    }

    @Test
    void manyTasksKeepABoundedUniformSampleOfTheirTimes() {
        CompletionWindow window = new CompletionWindow(500, 10, 42);
        for (int k = 1; k <= 20_000; k++) {
            window.record(Fixtures.result("t" + k, "gateway", k % 1000, true, false)); // uniform 0..999
        }
        Sample.Interval interval = window.drain();
        assertThat(interval.completed()).isEqualTo(20_000);
        assertThat(interval.placements()).containsEntry("gateway", 20_000L);
        assertThat(interval.p50Millis()).isCloseTo(500, within(80.0));
        assertThat(interval.p95Millis()).isCloseTo(950, within(40.0));
    }

    @Test
    void nodesBeyondTheBoundAreCountedTogether() {
        CompletionWindow window = new CompletionWindow(10, 2, 1);
        window.record(Fixtures.result("a", "gateway", 1, true, false));
        window.record(Fixtures.result("b", "peer-1", 1, true, false));
        window.record(Fixtures.result("c", "peer-2", 1, true, false));
        window.record(Fixtures.result("d", "peer-3", 1, true, false));
        window.record(Fixtures.result("e", "gateway", 1, true, false));
        assertThat(window.placementsSinceStart()).isEqualTo(Map.of("gateway", 2L, "peer-1", 1L,
                CompletionWindow.OTHER_NODES, 2L));
    }
}
