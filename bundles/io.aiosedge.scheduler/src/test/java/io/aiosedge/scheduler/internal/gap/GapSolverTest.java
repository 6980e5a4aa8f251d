package io.aiosedge.scheduler.internal.gap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GapSolverTest {

    /** A random instance with capacities at {@code tightness} of the average load per agent. */
    static GapInstance random(SplittableRandom random, int m, int n, double tightness, boolean forbidSome) {
        double[][] cost = new double[m][n];
        double[][] requirement = new double[m][n];
        double[] capacity = new double[m];
        for (int i = 0; i < m; i++) {
            double total = 0;
            for (int j = 0; j < n; j++) {
                cost[i][j] = 10 + random.nextInt(40);
                requirement[i][j] = 5 + random.nextInt(20);
                total += requirement[i][j];
                if (forbidSome && random.nextInt(6) == 0) {
                    cost[i][j] = Double.POSITIVE_INFINITY;
                }
            }
            capacity[i] = Math.floor(tightness * total / m);
        }
        return new GapInstance(m, n, cost, requirement, capacity);
    }

    /** Enumerates all m^n assignments. */
    static double bruteForce(GapInstance instance) {
        int m = instance.agents();
        int n = instance.jobs();
        int[] assignment = new int[n];
        double best = Double.POSITIVE_INFINITY;
        long total = (long) Math.pow(m, n);
        for (long code = 0; code < total; code++) {
            long rest = code;
            for (int j = 0; j < n; j++) {
                assignment[j] = (int) (rest % m);
                rest /= m;
            }
            if (instance.feasible(assignment)) {
                best = Math.min(best, instance.cost(assignment));
            }
        }
        return best;
    }

    @Test
    void branchAndBoundMatchesBruteForceOnRandomSmallInstances() {
        SplittableRandom random = new SplittableRandom(11);
        int infeasible = 0;
        for (int k = 0; k < 150; k++) {
            int m = 2 + random.nextInt(3);
            int n = 3 + random.nextInt(m == 4 ? 5 : 7);
            GapInstance instance = random(random, m, n, 0.7 + random.nextDouble() * 0.6, random.nextBoolean());
            double expected = bruteForce(instance);
            GapSolution exact = GapSolver.solve(instance, 2_000_000_000L, true, k);
            if (expected == Double.POSITIVE_INFINITY) {
                infeasible++;
                assertThat(exact.feasible()).as("instance %d is infeasible", k).isFalse();
                continue;
            }
            assertThat(exact.feasible()).as("instance %d", k).isTrue();
            assertThat(instance.feasible(exact.assignment())).isTrue();
            assertThat(exact.cost()).as("instance %d (%d x %d)", k, m, n).isEqualTo(expected);
            assertThat(exact.optimal()).isTrue();
            // Branch and bound alone, without the heuristic's incumbent, proves the same optimum.
            GapSolution alone = GapBranchAndBound.solve(instance, null, System.nanoTime() + 2_000_000_000L);
            assertThat(alone.cost()).isEqualTo(expected);
        }
        assertThat(infeasible).as("the generator also makes infeasible instances").isPositive().isLessThan(100);
    }

    @Test
    void tabuSearchFindsFeasibleNearOptimalSolutions() {
        SplittableRandom random = new SplittableRandom(5);
        double totalGap = 0;
        int solved = 0;
        for (int k = 0; k < 40; k++) {
            GapInstance instance = random(random, 3, 8, 1.0, false);
            double expected = bruteForce(instance);
            if (expected == Double.POSITIVE_INFINITY) {
                continue;
            }
            GapSolution heuristic = new GapTabuSearch(instance, k).solve(System.nanoTime() + 500_000_000L, 3_000,
                    Double.NEGATIVE_INFINITY);
            assertThat(heuristic.feasible()).isTrue();
            assertThat(instance.feasible(heuristic.assignment())).isTrue();
            assertThat(heuristic.cost()).isGreaterThanOrEqualTo(expected);
            totalGap += (heuristic.cost() - expected) / expected;
            solved++;
        }
        assertThat(solved).isGreaterThan(20);
        assertThat(totalGap / solved).as("mean relative gap").isLessThan(0.01);
    }

    @Test
    void lagrangianBoundNeverExceedsTheOptimum() {
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 60; k++) {
            GapInstance instance = random(random, 3, 7, 0.9, false);
            double optimum = bruteForce(instance);
            if (optimum < Double.POSITIVE_INFINITY) {
                double bound = LagrangianBound.compute(instance, optimum, 300).bound();
                assertThat(bound).isLessThanOrEqualTo(optimum + 1e-9);
                double trivial = 0;
                for (int j = 0; j < instance.jobs(); j++) {
                    double min = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < instance.agents(); i++) {
                        min = Math.min(min, instance.cost()[i][j]);
                    }
                    trivial += min;
                }
                assertThat(bound).isGreaterThanOrEqualTo(trivial - 1e-9);
            }
        }
    }

    @Test
    void parsesTheOrLibraryFormat() {
        GapInstance instance = GapInstance.parse(" 2 3\n 1 2 3\n 4 5 6\n 7 8 9\n 1 1 1\n 10 2 \n");
        assertThat(instance.agents()).isEqualTo(2);
        assertThat(instance.jobs()).isEqualTo(3);
        assertThat(instance.cost()[1][2]).isEqualTo(6);
        assertThat(instance.requirement()[0][1]).isEqualTo(8);
        assertThat(instance.capacity()).containsExactly(10, 2);
        // Agent 1 takes at most two unit jobs; the best is job 0 on agent 0, the rest... enumerated.
        assertThat(GapSolver.solve(instance, 1_000_000_000L, true, 1).cost()).isEqualTo(bruteForce(instance));
        assertThat(bruteForce(instance)).isCloseTo(1 + 5 + 6, within(1e-9));
    }

    @Test
    void tabuSearchFindsAFeasibleSolutionWheneverOneExists() {
        SplittableRandom random = new SplittableRandom(7);
        int feasible = 0;
        int greedyInfeasible = 0;
        for (int k = 0; k < 120; k++) {
            int m = 2 + random.nextInt(3);
            int n = 4 + random.nextInt(m == 4 ? 5 : 7);
            GapInstance instance = random(random, m, n, 0.65 + random.nextDouble() * 0.35, random.nextBoolean());
            double expected = bruteForce(instance);
            GapSolution heuristic = new GapTabuSearch(instance, k).solve(Long.MAX_VALUE, 5_000,
                    Double.NEGATIVE_INFINITY);
            if (expected == Double.POSITIVE_INFINITY) {
                assertThat(heuristic.feasible()).as("instance %d has no feasible assignment", k).isFalse();
                continue;
            }
            feasible++;
            assertThat(heuristic.feasible()).as("instance %d", k).isTrue();
            assertThat(instance.feasible(heuristic.assignment())).isTrue();
            assertThat(heuristic.cost()).isEqualTo(instance.cost(heuristic.assignment()));
            if (!new GapTabuSearch(instance, k).solve(Long.MAX_VALUE, 0, Double.NEGATIVE_INFINITY).feasible()) {
                greedyInfeasible++;
            }
        }
        assertThat(feasible).isGreaterThan(40);
        assertThat(greedyInfeasible).as("instances where the greedy start alone fails").isPositive();
    }

    @Test
    void sameSeedAndIterationsGiveTheSameResult() {
        GapInstance instance = random(new SplittableRandom(9), 10, 120, 0.8, true);
        GapSolution first = new GapTabuSearch(instance, 77).solve(Long.MAX_VALUE, 3_000, Double.NEGATIVE_INFINITY);
        GapSolution second = new GapTabuSearch(instance, 77).solve(Long.MAX_VALUE, 3_000, Double.NEGATIVE_INFINITY);
        assertThat(first.feasible()).isTrue();
        assertThat(second.assignment()).containsExactly(first.assignment());
        assertThat(second.cost()).isEqualTo(first.cost());
        assertThat(second.iterations()).isEqualTo(first.iterations()).isEqualTo(3_000);
    }

    @Test
    void tabuSearchImprovesOnBothStartsOfATightInstance() {
        GapInstance instance = random(new SplittableRandom(13), 10, 150, 0.75, false);
        GapSolution greedy = new GapTabuSearch(instance, 1).solve(Long.MAX_VALUE, 0, Double.NEGATIVE_INFINITY);
        GapSolution searched = new GapTabuSearch(instance, 1).solve(Long.MAX_VALUE, 2_000, Double.NEGATIVE_INFINITY);
        double bound = LagrangianBound.compute(instance, Double.POSITIVE_INFINITY, 1_000).bound();
        assertThat(searched.feasible()).isTrue();
        if (greedy.feasible()) {
            assertThat(searched.cost()).isLessThan(greedy.cost());
        }
        assertThat(searched.cost()).isGreaterThanOrEqualTo(bound - 1e-6);
        assertThat((searched.cost() - bound) / bound).as("gap to the Lagrangian bound").isLessThan(0.02);
    }
}
