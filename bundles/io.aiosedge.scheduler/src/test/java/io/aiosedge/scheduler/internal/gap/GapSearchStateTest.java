package io.aiosedge.scheduler.internal.gap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GapSearchStateTest {

    /**
     * A random instance of {@link GapSolverTest#random} in which every job has an allowed agent (the generator may
     * forbid all of a job's agents; then agent 0 is allowed again).
     */
    static GapInstance instance(SplittableRandom random, int m, int n, double tightness, boolean forbidSome) {
        GapInstance instance = GapSolverTest.random(random, m, n, tightness, forbidSome);
        for (int j = 0; j < n; j++) {
            boolean allowed = false;
            for (int i = 0; i < m; i++) {
                allowed |= instance.cost()[i][j] < Double.POSITIVE_INFINITY;
            }
            if (!allowed) {
                instance.cost()[0][j] = 10 + random.nextInt(40);
            }
        }
        return instance;
    }

    /** A random assignment that uses allowed agents only. */
    static int[] randomAssignment(GapInstance instance, SplittableRandom random) {
        int[] assignment = new int[instance.jobs()];
        for (int j = 0; j < instance.jobs(); j++) {
            int i;
            do {
                i = random.nextInt(instance.agents());
            } while (instance.cost()[i][j] == Double.POSITIVE_INFINITY);
            assignment[j] = i;
        }
        return assignment;
    }

    /** A state at a random assignment with random prices of overload. */
    static GapSearchState randomState(GapInstance instance, SplittableRandom random) {
        GapSearchState state = new GapSearchState(instance);
        state.set(randomAssignment(instance, random));
        for (int i = 0; i < instance.agents(); i++) {
            state.setWeight(i, random.nextDouble() * 5);
        }
        return state;
    }

    private static GapInstance randomInstance(SplittableRandom random) {
        int m = 2 + random.nextInt(5);
        int n = 4 + random.nextInt(25);
        return instance(random, m, n, 0.6 + random.nextDouble() * 0.6, random.nextBoolean());
    }

    @Test
    void shiftDeltasEqualAFullReEvaluation() {
        SplittableRandom random = new SplittableRandom(21);
        for (int trial = 0; trial < 2_000; trial++) {
            GapInstance instance = randomInstance(random);
            GapSearchState state = randomState(instance, random);
            int j = random.nextInt(instance.jobs());
            int to = (state.agentOf(j) + 1 + random.nextInt(instance.agents() - 1)) % instance.agents();
            if (state.cost(j, to) == Double.POSITIVE_INFINITY) {
                assertThat(state.shiftDelta(j, to)).isInfinite();
                continue;
            }
            double penalised = state.penalised();
            double cost = state.totalCost();
            double overload = state.totalOverload();
            double delta = state.shiftDelta(j, to);
            double costDelta = state.shiftCostDelta(j, to);
            double overloadDelta = state.shiftOverloadDelta(j, to);
            state.shift(j, to);
            assertThat(state.agentOf(j)).isEqualTo(to);
            assertThat(state.penalised() - penalised).as("trial %d", trial).isCloseTo(delta, within(1e-6));
            assertThat(state.totalCost() - cost).isCloseTo(costDelta, within(1e-6));
            assertThat(state.totalOverload() - overload).isCloseTo(overloadDelta, within(1e-6));
            assertThat(state.totalCost()).isCloseTo(instance.cost(state.assignment()), within(1e-6));
        }
    }

    @Test
    void swapDeltasEqualAFullReEvaluation() {
        SplittableRandom random = new SplittableRandom(22);
        int tested = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            GapInstance instance = randomInstance(random);
            GapSearchState state = randomState(instance, random);
            int j = random.nextInt(instance.jobs());
            int k = random.nextInt(instance.jobs());
            int a = state.agentOf(j);
            int b = state.agentOf(k);
            if (a == b || state.cost(j, b) == Double.POSITIVE_INFINITY || state.cost(k, a) == Double.POSITIVE_INFINITY) {
                continue;
            }
            double penalised = state.penalised();
            double overload = state.totalOverload();
            double delta = state.swapDelta(j, k);
            double overloadDelta = state.swapOverloadDelta(j, k);
            state.swap(j, k);
            assertThat(state.agentOf(j)).isEqualTo(b);
            assertThat(state.agentOf(k)).isEqualTo(a);
            assertThat(state.penalised() - penalised).as("trial %d", trial).isCloseTo(delta, within(1e-6));
            assertThat(state.totalOverload() - overload).isCloseTo(overloadDelta, within(1e-6));
            tested++;
        }
        assertThat(tested).isGreaterThan(800);
    }

    @Test
    void loadsAndCostFollowALongWalkOfMoves() {
        SplittableRandom random = new SplittableRandom(23);
        GapInstance instance = GapSolverTest.random(random, 5, 40, 0.8, false);
        GapSearchState state = randomState(instance, random);
        for (int step = 0; step < 10_000; step++) {
            state.shift(random.nextInt(40), random.nextInt(5));
        }
        double[] load = new double[5];
        for (int j = 0; j < 40; j++) {
            load[state.agentOf(j)] += instance.requirement()[state.agentOf(j)][j];
        }
        for (int i = 0; i < 5; i++) {
            assertThat(state.load(i)).isCloseTo(load[i], within(1e-6));
        }
        assertThat(state.totalCost()).isCloseTo(instance.cost(state.assignment()), within(1e-6));
        assertThat(state.feasible()).isEqualTo(instance.feasible(state.assignment()));
    }

    @Test
    void rejectsBadInput() {
        GapInstance instance = GapSolverTest.random(new SplittableRandom(1), 2, 3, 1.0, false);
        GapSearchState state = new GapSearchState(instance);
        assertThatThrownBy(() -> state.set(new int[] {0, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 jobs, expected 3");
        assertThatThrownBy(() -> state.set(new int[] {0, 2, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job 1 is on agent 2");
        assertThatThrownBy(() -> state.setWeight(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight of agent 1");
        assertThatThrownBy(() -> state.setWeight(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        state.set(new int[] {0, 1, 1});
        assertThatThrownBy(() -> state.shift(0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent 5");
    }
}
