package io.aiosedge.scheduler.internal.gap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GapNeighbourhoodTest {

    @Test
    void theChosenMoveChangesThePenalisedObjectiveByItsDelta() {
        SplittableRandom random = new SplittableRandom(31);
        int[] seen = new int[4];
        for (int trial = 0; trial < 1_500; trial++) {
            GapInstance instance = GapSearchStateTest.instance(random, 2 + random.nextInt(5), 4 + random.nextInt(30),
                    0.6 + random.nextDouble() * 0.6, random.nextBoolean());
            GapSearchState state = GapSearchStateTest.randomState(instance, random);
            GapNeighbourhood moves = new GapNeighbourhood(state, new SplittableRandom(trial));
            assertThat(moves.choose(1, Double.POSITIVE_INFINITY)).isTrue();
            double before = state.penalised();
            moves.apply(1, 5);
            seen[moves.kind()]++;
            assertThat(state.penalised() - before).as("trial %d, kind %d", trial, moves.kind())
                    .isCloseTo(moves.delta(), within(1e-6));
            assertThat(instance.feasible(state.assignment()) || !state.feasible()).isTrue();
            for (int j = 0; j < instance.jobs(); j++) {
                assertThat(instance.cost()[state.agentOf(j)][j]).as("no forbidden pair").isFinite();
            }
        }
        assertThat(seen[GapNeighbourhood.SHIFT]).isPositive();
        assertThat(seen[GapNeighbourhood.SWAP]).isPositive();
        assertThat(seen[GapNeighbourhood.CHAIN]).isPositive();
    }

    @Test
    void theChosenMoveIsTheBestOfEveryShiftSwapAndChain() {
        SplittableRandom random = new SplittableRandom(32);
        for (int trial = 0; trial < 300; trial++) {
            GapInstance instance = GapSearchStateTest.instance(random, 3 + random.nextInt(3), 5 + random.nextInt(9),
                    0.6 + random.nextDouble() * 0.6, random.nextBoolean());
            GapSearchState state = GapSearchStateTest.randomState(instance, random);
            GapNeighbourhood moves = new GapNeighbourhood(state, new SplittableRandom(trial));
            assertThat(moves.choose(1, Double.POSITIVE_INFINITY)).isTrue();
            assertThat(moves.delta()).as("trial %d", trial).isCloseTo(bestByEnumeration(state), within(1e-6));
        }
    }

    /** The least change of the penalised objective over all moves, each made on the state and undone. */
    private static double bestByEnumeration(GapSearchState state) {
        int m = state.agents();
        int n = state.jobs();
        double base = state.penalised();
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            int a = state.agentOf(j);
            for (int to = 0; to < m; to++) {
                if (to == a || state.cost(j, to) == Double.POSITIVE_INFINITY) {
                    continue;
                }
                state.shift(j, to); // shift
                best = Math.min(best, state.penalised() - base);
                for (int k = 0; k < n; k++) {
                    if (k == j || state.agentOf(k) != to) {
                        continue;
                    }
                    for (int c = 0; c < m; c++) {
                        if (c == to || state.cost(k, c) == Double.POSITIVE_INFINITY) {
                            continue;
                        }
                        state.shift(k, c); // a swap when c is j's old agent, a chain otherwise
                        best = Math.min(best, state.penalised() - base);
                        state.shift(k, to);
                    }
                }
                state.shift(j, a);
            }
        }
        return best;
    }

    @Test
    void aTabuMoveIsNotChosenWithoutAspiration() {
        SplittableRandom random = new SplittableRandom(33);
        GapInstance instance = GapSolverTest.random(random, 4, 12, 0.9, false);
        GapSearchState state = GapSearchStateTest.randomState(instance, random);
        GapNeighbourhood moves = new GapNeighbourhood(state, new SplittableRandom(1));
        int allowedJob = 7;
        int allowedAgent = (state.agentOf(allowedJob) + 1) % 4;
        for (int j = 0; j < 12; j++) {
            for (int i = 0; i < 4; i++) {
                if (j != allowedJob || i != allowedAgent) {
                    moves.forbid(j, i, 100);
                }
            }
        }
        // Every swap and chain needs two moves and one of them is tabu: the one free shift is all that is left.
        assertThat(moves.choose(10, Double.NEGATIVE_INFINITY)).isTrue();
        assertThat(moves.kind()).isEqualTo(GapNeighbourhood.SHIFT);
        moves.apply(10, 5);
        assertThat(state.agentOf(allowedJob)).isEqualTo(allowedAgent);
        // The tabu ran out at iteration 100.
        moves.forbid(allowedJob, (allowedAgent + 1) % 4, 100);
        moves.forbid(allowedJob, (allowedAgent + 2) % 4, 100);
        moves.forbid(allowedJob, (allowedAgent + 3) % 4, 100);
        assertThat(moves.choose(50, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(moves.choose(100, Double.NEGATIVE_INFINITY)).isTrue();
    }

    @Test
    void aTabuMoveToANewBestFeasibleSolutionIsChosen() {
        // Two agents with room for everything; job 0 sits on its dear agent.
        double[][] cost = {{10, 1, 1}, {1, 9, 9}};
        double[][] requirement = {{1, 1, 1}, {1, 1, 1}};
        GapInstance instance = new GapInstance(2, 3, cost, requirement, new double[] {10, 10});
        GapSearchState state = new GapSearchState(instance);
        state.set(new int[] {0, 0, 0});
        GapNeighbourhood moves = new GapNeighbourhood(state, new SplittableRandom(1));
        for (int j = 0; j < 3; j++) {
            moves.forbid(j, 1, 100);
        }
        // Every move is tabu; the best one reaches cost 3 (job 0 to agent 1).
        assertThat(moves.choose(1, 3)).as("cost 3 is already known").isFalse();
        assertThat(moves.choose(1, 3.5)).as("cost 3 beats the best known 3.5").isTrue();
        moves.apply(1, 5);
        assertThat(state.assignment()).containsExactly(1, 0, 0);
    }
}
