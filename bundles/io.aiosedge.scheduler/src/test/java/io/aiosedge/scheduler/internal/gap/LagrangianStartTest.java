package io.aiosedge.scheduler.internal.gap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LagrangianStartTest {

    @Test
    void withRoomEverywhereEveryJobGetsItsCheapestAgent() {
        SplittableRandom random = new SplittableRandom(41);
        GapInstance instance = GapSearchStateTest.instance(random, 4, 30, 5.0, true);
        int[] start = LagrangianStart.build(instance, new double[4]);
        for (int j = 0; j < 30; j++) {
            for (int i = 0; i < 4; i++) {
                assertThat(instance.cost()[start[j]][j]).isLessThanOrEqualTo(instance.cost()[i][j]);
            }
        }
    }

    @Test
    void theRepairLeavesNoMoreOverloadThanTheRelaxedSolution() {
        SplittableRandom random = new SplittableRandom(42);
        int repairedToFeasible = 0;
        for (int trial = 0; trial < 200; trial++) {
            GapInstance instance = GapSearchStateTest.instance(random, 2 + random.nextInt(6), 10 + random.nextInt(60),
                    0.8 + random.nextDouble() * 0.4, random.nextBoolean());
            double[] lambda = LagrangianBound.compute(instance, Double.POSITIVE_INFINITY, 100).lambda();
            int[] start = LagrangianStart.build(instance, lambda);
            GapSearchState repaired = new GapSearchState(instance);
            repaired.set(start);
            GapSearchState relaxed = new GapSearchState(instance);
            relaxed.set(LagrangianStart.build(instance, lambda, 0));
            assertThat(repaired.totalOverload()).as("trial %d", trial)
                    .isLessThanOrEqualTo(relaxed.totalOverload() + 1e-9);
            for (int j = 0; j < instance.jobs(); j++) {
                assertThat(instance.cost()[start[j]][j]).isFinite();
            }
            if (instance.feasible(start)) {
                repairedToFeasible++;
            }
        }
        assertThat(repairedToFeasible).as("the repair usually reaches a feasible start").isGreaterThan(100);
    }

    @Test
    void rejectsBadInput() {
        GapInstance instance = new GapInstance(2, 2, new double[][] {{1, Double.POSITIVE_INFINITY},
            {1, Double.POSITIVE_INFINITY}}, new double[][] {{1, 1}, {1, 1}}, new double[] {5, 5});
        assertThatThrownBy(() -> LagrangianStart.build(instance, new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 entries, expected 2");
        assertThatThrownBy(() -> LagrangianStart.build(instance, new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job 1 has no allowed agent");
    }
}
