package io.aiosedge.scheduler.internal.gap;

/**
 * A solver's answer.
 *
 * @param assignment agent of each job; null when no feasible assignment was found
 * @param cost its total cost (+Infinity when none)
 * @param lowerBound the best proven lower bound on the optimum
 * @param optimal whether the search proved the assignment optimal
 * @param nodes branch-and-bound nodes explored (0 for the heuristic)
 * @param iterations local search iterations
 */
public record GapSolution(int[] assignment, double cost, double lowerBound, boolean optimal, long nodes,
        long iterations) {

    public boolean feasible() {
        return assignment != null;
    }
}
