package io.aiosedge.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.learning.internal.HardExampleFilter.Settings;
import io.aiosedge.learning.internal.HardExampleFilter.Verdict;

class HardExampleFilterTest {

    private static final long T0 = 1_700_000_000_000L;

    private static HardExampleFilter filter(double confidenceBelow, double minCrossEntropy, double share, int quota,
            double draw) {
        return new HardExampleFilter(new Settings(confidenceBelow, minCrossEntropy, share, quota, Set.of()),
                () -> draw, T0);
    }

    @Test
    void onlyEscalatedTasksThatMayLeaveTheGatewayAreKept() {
        HardExampleFilter filter = filter(1, 0, 1, 100, 0.5);
        assertThat(filter.judge(Completions.escalated("a", 0.4f, 0.9f, T0), T0)).isEqualTo(Verdict.KEPT);
        assertThat(filter.judge(Completions.confident("b", 0.02f, T0), T0)).isEqualTo(Verdict.NOT_ESCALATED);
        assertThat(filter.judge(Completions.escalated("c", 0.4f, 0.9f, T0, Locality.EDGE_ONLY), T0))
                .isEqualTo(Verdict.EDGE_ONLY);
    }

    @Test
    void confidenceCrossEntropyAndModelFiltersApplyInTurn() {
        HardExampleFilter byConfidence = filter(0.7, 0, 1, 100, 0.5);
        // 0.25 -> confidence 0.75 (not below 0.7); 0.4 -> 0.6.
        assertThat(byConfidence.judge(Completions.escalated("a", 0.25f, 0.9f, T0), T0)).isEqualTo(Verdict.CONFIDENT);
        assertThat(byConfidence.judge(Completions.escalated("b", 0.4f, 0.9f, T0), T0)).isEqualTo(Verdict.KEPT);

        HardExampleFilter byDisagreement = filter(1, 0.69, 1, 100, 0.5);
        // Edge 0.4 vs cloud 0.35: they agree (cross-entropy ~0.67); edge 0.4 vs cloud 0.95: they do not (~0.90).
        assertThat(byDisagreement.judge(Completions.escalated("c", 0.4f, 0.35f, T0), T0)).isEqualTo(Verdict.AGREES);
        assertThat(byDisagreement.judge(Completions.escalated("d", 0.4f, 0.95f, T0), T0)).isEqualTo(Verdict.KEPT);

        HardExampleFilter byModel = new HardExampleFilter(new Settings(1, 0, 1, 100, Set.of("other-edge")), () -> 0,
                T0);
        assertThat(byModel.judge(Completions.escalated("e", 0.4f, 0.9f, T0), T0)).isEqualTo(Verdict.OTHER_MODEL);
    }

    @Test
    void samplingKeepsTheDrawsBelowTheShare() {
        assertThat(filter(1, 0, 0.3, 100, 0.29).judge(Completions.escalated("a", 0.4f, 0.9f, T0), T0))
                .isEqualTo(Verdict.KEPT);
        assertThat(filter(1, 0, 0.3, 100, 0.3).judge(Completions.escalated("a", 0.4f, 0.9f, T0), T0))
                .isEqualTo(Verdict.NOT_SAMPLED);
    }

    @Test
    void theHourlyQuotaRefillsEvenly() {
        HardExampleFilter filter = filter(1, 0, 1, 6, 0);
        for (int i = 0; i < 6; i++) {
            assertThat(filter.judge(Completions.escalated("k" + i, 0.4f, 0.9f, T0), T0)).isEqualTo(Verdict.KEPT);
        }
        assertThat(filter.judge(Completions.escalated("x", 0.4f, 0.9f, T0), T0)).isEqualTo(Verdict.OVER_QUOTA);
        // 6 per hour = one per 10 minutes.
        long tenMinutes = 600_000;
        assertThat(filter.judge(Completions.escalated("y", 0.4f, 0.9f, T0), T0 + tenMinutes - 1000))
                .isEqualTo(Verdict.OVER_QUOTA);
        assertThat(filter.judge(Completions.escalated("z", 0.4f, 0.9f, T0), T0 + tenMinutes + 1000))
                .isEqualTo(Verdict.KEPT);
        assertThat(filter(1, 0, 1, 0, 0).judge(Completions.escalated("none", 0.4f, 0.9f, T0), T0))
                .isEqualTo(Verdict.OVER_QUOTA);
    }

    @Test
    void crossEntropyIsBinaryForOneValueCategoricalForSeveralAndUndefinedForScores() {
        assertThat(HardExampleFilter.crossEntropy(new float[] {1f}, new float[] {0.5f})).isCloseTo(Math.log(2),
                within(1e-9));
        assertThat(HardExampleFilter.crossEntropy(new float[] {0.9f}, new float[] {0.9f}))
                .isCloseTo(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)), within(1e-6));
        assertThat(HardExampleFilter.crossEntropy(new float[] {0f, 1f, 0f}, new float[] {0.2f, 0.5f, 0.3f}))
                .isCloseTo(Math.log(2), within(1e-6));
        // A confident wrong answer is expensive but finite.
        assertThat(HardExampleFilter.crossEntropy(new float[] {1f}, new float[] {0f})).isBetween(15.0, 17.0);
        assertThat(HardExampleFilter.crossEntropy(new float[] {3.2f}, new float[] {0.5f})).isNaN();
        assertThat(HardExampleFilter.crossEntropy(new float[] {1f}, new float[] {0.5f, 0.5f})).isNaN();
    }
}
