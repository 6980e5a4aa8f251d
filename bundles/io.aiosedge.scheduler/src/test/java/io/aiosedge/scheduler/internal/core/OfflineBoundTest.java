package io.aiosedge.scheduler.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The SRPT pooled bound against brute force over every non-preemptive schedule of small traces. */
class OfflineBoundTest {

    @Test
    void srptOnOneMachineIsExactOnAHandExample() {
        // t=0: A (4 ms); t=1: B (1 ms). SRPT runs A 0-1, B 1-2, A 2-5: flows 5 and 1.
        assertThat(OfflineBound.srptFlowSum(new double[] {0, 1}, new double[] {4, 1}, 1)).isEqualTo(6.0);
    }

    @Test
    void neverAboveTheBestScheduleOnHeterogeneousMachines() {
        SplittableRandom random = new SplittableRandom(11);
        int tighterThanAlone = 0;
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + random.nextInt(5);
            double[] speeds = {1 + random.nextInt(3), 1 + random.nextInt(3)};
            double[] release = new double[n];
            double[] work = new double[n];
            for (int j = 0; j < n; j++) {
                release[j] = random.nextInt(6);
                work[j] = 1 + random.nextInt(8);
            }
            double best = bruteForce(release, work, speeds);
            double bound = OfflineBound.srptFlowSum(release, work, speeds[0] + speeds[1]);
            assertThat(bound).as("trial %d", trial).isLessThanOrEqualTo(best + 1e-9);
            double alone = 0;
            for (int j = 0; j < n; j++) {
                alone += work[j] / Math.max(speeds[0], speeds[1]);
            }
            if (bound > alone + 1e-9) {
                tighterThanAlone++;
            }
        }
        // The point of the bound: it sees queueing that "every task alone on the fastest machine" does not.
        assertThat(tighterThanAlone).isGreaterThan(0);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> OfflineBound.srptFlowSum(new double[] {0}, new double[] {1, 2}, 1))
                .hasMessageContaining("differ in length");
        assertThatThrownBy(() -> OfflineBound.srptFlowSum(new double[] {0}, new double[] {1}, 0))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> OfflineBound.srptFlowSum(new double[] {0}, new double[] {-1}, 1))
                .hasMessageContaining("task 0");
    }

    /** Least total flow over every assignment to two machines and every order on each (non-preemptive). */
    private static double bruteForce(double[] release, double[] work, double[] speeds) {
        int n = release.length;
        double best = Double.POSITIVE_INFINITY;
        int[] permutation = new int[n];
        for (int j = 0; j < n; j++) {
            permutation[j] = j;
        }
        do {
            for (int mask = 0; mask < 1 << n; mask++) {
                double[] free = new double[2];
                double flow = 0;
                for (int k = 0; k < n; k++) {
                    int j = permutation[k];
                    int m = (mask >> j) & 1;
                    double start = Math.max(free[m], release[j]);
                    free[m] = start + work[j] / speeds[m];
                    flow += free[m] - release[j];
                }
                best = Math.min(best, flow);
            }
        } while (nextPermutation(permutation));
        return best;
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }
}
