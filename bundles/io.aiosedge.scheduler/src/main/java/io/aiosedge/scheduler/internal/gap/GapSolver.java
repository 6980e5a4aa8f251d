package io.aiosedge.scheduler.internal.gap;

/**
 * The scheduler's GAP solver: tabu search for an incumbent, then (for small instances) branch and bound to prove
 * or improve it; large instances get the tabu search for the whole budget. Both stop at the time budget.
 */
public final class GapSolver {

    private GapSolver() {
    }

    /**
     * Solves within {@code budgetNanos}.
     *
     * @param exact whether to run branch and bound after the heuristic (for small instances)
     * @param seed seed of the heuristic
     */
    public static GapSolution solve(GapInstance instance, long budgetNanos, boolean exact, long seed) {
        long start = System.nanoTime();
        long deadline = start + budgetNanos;
        LagrangianBound bound = LagrangianBound.compute(instance, Double.POSITIVE_INFINITY, 200);
        if (bound.bound() == Double.POSITIVE_INFINITY) {
            return new GapSolution(null, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, true, 0, 0);
        }
        double target = instance.integralCosts() ? Math.ceil(bound.bound() - 1e-6) : bound.bound();
        if (!exact) {
            GapSolution heuristic = new GapTabuSearch(instance, seed).solve(deadline, Long.MAX_VALUE, target);
            boolean proven = heuristic.feasible() && heuristic.cost() <= target + 1e-9;
            return new GapSolution(heuristic.assignment(), heuristic.cost(), bound.bound(), proven, 0,
                    heuristic.iterations());
        }
        // A short heuristic run gives branch and bound a good incumbent to prune with.
        long heuristicDeadline = start + budgetNanos / 10;
        long iterations = 2_000L + 100L * instance.jobs();
        GapSolution heuristic = new GapTabuSearch(instance, seed).solve(heuristicDeadline, iterations, target);
        if (heuristic.feasible() && heuristic.cost() <= target + 1e-9) {
            return new GapSolution(heuristic.assignment(), heuristic.cost(), heuristic.cost(), true, 0,
                    heuristic.iterations());
        }
        GapSolution exactSolution = GapBranchAndBound.solve(instance, heuristic, deadline);
        if (!exactSolution.feasible() && heuristic.feasible()) {
            return heuristic;
        }
        return new GapSolution(exactSolution.assignment(), exactSolution.cost(),
                Math.max(exactSolution.lowerBound(), bound.bound()), exactSolution.optimal(), exactSolution.nodes(),
                heuristic.iterations());
    }
}
