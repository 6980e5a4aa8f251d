package io.aiosedge.scheduler.internal.gap;

import java.util.SplittableRandom;

/**
 * Heuristic for the {@link GapInstance}. Two starts: the regret greedy (each round places the job that would lose
 * most by not getting its best agent; with no iterations allowed it is the whole answer, the benchmarks' baseline)
 * and a {@link LagrangianStart} from the capacity multipliers; the search goes on from the better one.
 *
 * <p>Each iteration the tabu search makes the best admissible move of the {@link GapNeighbourhood} (shift, swap,
 * ejection chain of length 2) by the penalised objective of {@link GapSearchState}: capacity may be violated at a
 * price per unit of overload kept per agent. An overloaded agent's price rises by 2 % each
 * iteration it stays overloaded and every price falls by as much while the solution is feasible, so the search
 * oscillates around the boundary of feasibility, where good solutions of tight instances lie, and an agent that
 * keeps overflowing gets dearer than a slack one (strategic oscillation). Only feasible solutions become the best.
 *
 * <p>Feasible solutions met on the way feed an {@link ElitePool}. After a stagnation (no new best for
 * {@code 200 + 3n} iterations) the search restarts by path relinking: from one elite solution part of the way
 * towards another; with fewer than two elite solutions, from the best one with a few random shifts.
 *
 * <p>The result depends only on the instance, the seed and the number of iterations made; the deadline only cuts
 * the run short, so a slower or busier machine gives the answer of a shorter run, not a different one.
 */
public final class GapTabuSearch {

    private static final double EPS = GapSearchState.EPS;
    /** Factor by which an overloaded agent's price rises, and every price falls while feasible, per iteration. */
    private static final double PRICE_STEP = 1.02;
    private static final int ELITE_SIZE = 10;
    /** Subgradient steps of the multipliers behind the Lagrangian start. */
    private static final int LAGRANGIAN_STEPS = 300;

    private final GapInstance instance;
    private final int m;
    private final int n;
    private final double[][] c;
    private final double[][] r;
    private final double[] b;
    private final SplittableRandom random;
    private final GapSearchState state;
    private final GapNeighbourhood moves;
    private final ElitePool elite;

    private int[] best;
    private double bestCost = Double.POSITIVE_INFINITY;
    private double basePrice;

    public GapTabuSearch(GapInstance instance, long seed) {
        this.instance = instance;
        this.m = instance.agents();
        this.n = instance.jobs();
        this.c = instance.cost();
        this.r = instance.requirement();
        this.b = instance.capacity();
        this.random = new SplittableRandom(seed);
        this.state = new GapSearchState(instance);
        this.moves = new GapNeighbourhood(state, random);
        // Solutions that differ in fewer than 5 % of the jobs count as one for the pool.
        this.elite = new ElitePool(ELITE_SIZE, Math.max(1, n / 20));
    }

    /**
     * Searches until {@code deadlineNanos} ({@link System#nanoTime()}), {@code maxIterations}, or the cost reaches
     * {@code target} (a known lower bound). With {@code maxIterations} 0 the answer is the regret greedy's.
     */
    public GapSolution solve(long deadlineNanos, long maxIterations, double target) {
        int[] greedy = greedy();
        if (greedy == null) {
            return new GapSolution(null, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false, 0, 0);
        }
        state.set(greedy);
        recordIfBest();
        if (maxIterations <= 0) {
            return answer(0);
        }
        startFromTheBetterOf(greedy, LagrangianStart.build(instance,
                LagrangianBound.compute(instance, Double.POSITIVE_INFINITY, LAGRANGIAN_STEPS).lambda()));
        basePrice = initialPrice();
        resetPrices();

        long iteration = 0;
        long lastImprovement = 0;
        long stagnationLimit = 200L + 3L * n;
        int tenureBase = Math.max(3, n / 40);
        while (iteration < maxIterations && bestCost > target + EPS) {
            if ((iteration & 15) == 0 && System.nanoTime() > deadlineNanos) {
                break;
            }
            iteration++;
            if (!moves.choose(iteration, bestCost)) {
                break;
            }
            moves.apply(iteration, tenureBase + random.nextInt(tenureBase + 1));
            if (state.feasible()) {
                if (state.totalCost() < bestCost - EPS) {
                    recordIfBest();
                    lastImprovement = iteration;
                } else if (state.totalCost() < elite.worstCost()) {
                    elite.offer(state.assignment(), state.totalCost());
                }
            }
            updatePrices();
            if (iteration - lastImprovement > stagnationLimit) {
                restart();
                lastImprovement = iteration;
            }
        }
        return answer(iteration);
    }

    private GapSolution answer(long iterations) {
        return new GapSolution(best == null ? null : best.clone(), bestCost, Double.NEGATIVE_INFINITY, false, 0,
                iterations);
    }

    /** Feasible beats infeasible, then the lower cost (or, both infeasible, the lower overload) wins. */
    private void startFromTheBetterOf(int[] greedy, int[] lagrangian) {
        GapSearchState other = new GapSearchState(instance);
        other.set(lagrangian);
        state.set(greedy);
        boolean lagrangianFirst = other.feasible()
                ? !state.feasible() || other.totalCost() < state.totalCost()
                : !state.feasible() && other.totalOverload() < state.totalOverload();
        if (lagrangianFirst) {
            state.set(lagrangian);
            recordIfBest();
        }
    }

    // ------------------------------------------------------------ construction

    /** Regret greedy; jobs that fit nowhere go where they overload least. Null when a job has no allowed agent. */
    private int[] greedy() {
        int[] assign = new int[n];
        double[] rest = b.clone();
        boolean[] done = new boolean[n];
        for (int round = 0; round < n; round++) {
            int pick = -1;
            int pickAgent = -1;
            double pickRegret = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (done[j]) {
                    continue;
                }
                int first = -1;
                double firstCost = Double.POSITIVE_INFINITY;
                double secondCost = Double.POSITIVE_INFINITY;
                for (int i = 0; i < m; i++) {
                    if (r[i][j] <= rest[i] + EPS && c[i][j] < Double.POSITIVE_INFINITY) {
                        if (c[i][j] < firstCost) {
                            secondCost = firstCost;
                            firstCost = c[i][j];
                            first = i;
                        } else if (c[i][j] < secondCost) {
                            secondCost = c[i][j];
                        }
                    }
                }
                double regret = first < 0 ? -1 : secondCost - firstCost;
                if (first >= 0 && regret > pickRegret) {
                    pick = j;
                    pickAgent = first;
                    pickRegret = regret;
                }
            }
            if (pick < 0) {
                // Nothing fits any more: the remaining jobs go where they overload least.
                for (int j = 0; j < n; j++) {
                    if (!done[j]) {
                        int agent = leastOverload(j, rest);
                        if (agent < 0) {
                            return null;
                        }
                        place(assign, j, agent, rest, done);
                    }
                }
                break;
            }
            place(assign, pick, pickAgent, rest, done);
        }
        return assign;
    }

    private void place(int[] assign, int j, int agent, double[] rest, boolean[] done) {
        assign[j] = agent;
        rest[agent] -= r[agent][j];
        done[j] = true;
    }

    private int leastOverload(int j, double[] rest) {
        int agent = -1;
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (c[i][j] < Double.POSITIVE_INFINITY && r[i][j] - rest[i] < least) {
                least = r[i][j] - rest[i];
                agent = i;
            }
        }
        return agent;
    }

    /** The mean cost per unit of requirement: the scale at which overload starts to matter against cost. */
    private double initialPrice() {
        double costs = 0;
        double requirements = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (c[i][j] < Double.POSITIVE_INFINITY) {
                    costs += Math.abs(c[i][j]);
                    requirements += r[i][j];
                }
            }
        }
        return requirements <= 0 ? 1 : Math.max(costs / requirements, 1e-3);
    }

    // ------------------------------------------------------------ prices of overload

    private void resetPrices() {
        for (int i = 0; i < m; i++) {
            state.setWeight(i, basePrice);
        }
    }

    private void updatePrices() {
        boolean feasible = state.feasible();
        for (int i = 0; i < m; i++) {
            double price = state.weight(i);
            if (feasible) {
                price = Math.max(price / PRICE_STEP, basePrice * 1e-6);
            } else if (state.overload(i) > 0) {
                price = Math.min(price * PRICE_STEP, basePrice * 1e9);
            }
            state.setWeight(i, price);
        }
    }

    // ------------------------------------------------------------ search

    private void recordIfBest() {
        if (state.feasible()) {
            state.recomputeCost();
            double cost = state.totalCost();
            elite.offer(state.assignment(), cost);
            if (cost < bestCost - EPS) {
                bestCost = cost;
                best = state.assignment().clone();
            }
        }
    }

    // ------------------------------------------------------------ restarts

    private void restart() {
        if (elite.size() >= 2) {
            relink();
        } else {
            kick();
        }
        state.recomputeCost();
        moves.clearTabu();
        resetPrices();
    }

    /**
     * Path relinking: from one elite solution towards another, each step giving the guide's agent to the differing
     * job for which that costs least (penalised, at the base price), for a random 30–70 % of the way.
     */
    private void relink() {
        ElitePool.Member from = elite.pick(random);
        ElitePool.Member to = elite.pick(random);
        for (int tries = 0; tries < 5 && to == from; tries++) {
            to = elite.pick(random);
        }
        state.set(from.assignment());
        resetPrices();
        int[] guide = to.assignment();
        int differing = ElitePool.distance(from.assignment(), guide, Integer.MAX_VALUE);
        int steps = (int) Math.round(differing * (0.3 + 0.4 * random.nextDouble()));
        for (int step = 0; step < steps; step++) {
            int pick = -1;
            double pickDelta = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (state.agentOf(j) != guide[j]) {
                    double delta = state.shiftDelta(j, guide[j]);
                    if (pick < 0 || delta < pickDelta) {
                        pick = j;
                        pickDelta = delta;
                    }
                }
            }
            state.shift(pick, guide[pick]);
        }
    }

    /** From the best solution (or the current one when there is none) with a few random shifts. */
    private void kick() {
        if (best != null) {
            state.set(best);
        }
        int shifts = Math.max(2, n / 10);
        for (int s = 0; s < shifts; s++) {
            int j = random.nextInt(n);
            int i = random.nextInt(m);
            if (i != state.agentOf(j) && c[i][j] < Double.POSITIVE_INFINITY) {
                state.shift(j, i);
            }
        }
    }
}
