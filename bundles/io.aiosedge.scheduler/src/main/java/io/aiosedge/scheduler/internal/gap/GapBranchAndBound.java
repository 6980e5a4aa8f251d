package io.aiosedge.scheduler.internal.gap;

import java.util.Arrays;

/**
 * Exact depth-first branch and bound for small {@link GapInstance}s. Before the search, the root Lagrangian
 * bound fixes to zero every pair whose reduced cost proves it cannot be in a better solution than the incumbent.
 * Jobs are branched on most constrained first (fewest remaining agents, then largest regret), agents in order of
 * reduced cost. At each node the bound is the larger of (a) the Lagrangian bound of the remaining jobs over the
 * remaining capacities with the root multipliers and (b) the sum of each remaining job's cheapest agent that
 * still has room; a remaining job with no agent with room prunes the node. With integral costs a node is pruned
 * once its bound rounds up to the incumbent.
 */
public final class GapBranchAndBound {

    private final GapInstance instance;
    private final int m;
    private final int n;
    private final double[][] c;
    private final double[][] r;
    private final long deadlineNanos;
    private final boolean integral;

    private double[] lambda;
    private double[][] reduced;
    private boolean[][] allowed;
    private int[] order;
    private int[][] agentOrder;

    private final int[] assign;
    private final double[] rest;
    private int[] best;
    private double upper;
    private long nodes;
    private boolean timedOut;

    private GapBranchAndBound(GapInstance instance, long deadlineNanos) {
        this.instance = instance;
        this.m = instance.agents();
        this.n = instance.jobs();
        this.c = instance.cost();
        this.r = instance.requirement();
        this.deadlineNanos = deadlineNanos;
        this.integral = instance.integralCosts();
        this.assign = new int[n];
        this.rest = instance.capacity().clone();
    }

    /**
     * Solves to optimality unless the time runs out ({@link System#nanoTime()} deadline); starts from
     * {@code incumbent} when it is feasible.
     */
    public static GapSolution solve(GapInstance instance, GapSolution incumbent, long deadlineNanos) {
        GapBranchAndBound search = new GapBranchAndBound(instance, deadlineNanos);
        return search.run(incumbent);
    }

    private GapSolution run(GapSolution incumbent) {
        upper = Double.POSITIVE_INFINITY;
        if (incumbent != null && incumbent.feasible() && instance.feasible(incumbent.assignment())) {
            best = incumbent.assignment().clone();
            upper = instance.cost(best);
        }
        LagrangianBound root = LagrangianBound.compute(instance, upper, 300);
        double rootBound = root.bound();
        if (rootBound == Double.POSITIVE_INFINITY) {
            return new GapSolution(null, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, true, 0, 0);
        }
        if (integral) {
            rootBound = Math.ceil(rootBound - 1e-6);
        }
        lambda = root.lambda();
        prepare(root.bound());
        if (!prunes(rootBound)) {
            branch(0, 0);
        }
        boolean optimal = !timedOut;
        double lowerBound = optimal ? upper : rootBound;
        return new GapSolution(best == null ? null : best.clone(), upper, lowerBound, optimal, nodes, 0);
    }

    private boolean prunes(double bound) {
        if (upper == Double.POSITIVE_INFINITY) {
            return false;
        }
        return integral ? bound > upper - 1 + 1e-6 : bound >= upper - 1e-9 * Math.max(1, Math.abs(upper));
    }

    /** Reduced costs, variable fixing and the branching orders. */
    private void prepare(double rootBound) {
        reduced = new double[m][n];
        allowed = new boolean[m][n];
        double[] minReduced = new double[n];
        Arrays.fill(minReduced, Double.POSITIVE_INFINITY);
        double[] b = instance.capacity();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                reduced[i][j] = c[i][j] + lambda[i] * r[i][j];
                minReduced[j] = Math.min(minReduced[j], reduced[i][j]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                allowed[i][j] = Double.isFinite(c[i][j]) && r[i][j] <= b[i] + 1e-9
                        && !prunes(rootBound - minReduced[j] + reduced[i][j]);
            }
        }
        Integer[] jobs = new Integer[n];
        double[] regret = new double[n];
        int[] choices = new int[n];
        agentOrder = new int[n][];
        for (int j = 0; j < n; j++) {
            jobs[j] = j;
            double first = Double.POSITIVE_INFINITY;
            double second = Double.POSITIVE_INFINITY;
            Integer[] agents = new Integer[m];
            int count = 0;
            for (int i = 0; i < m; i++) {
                if (allowed[i][j]) {
                    agents[count++] = i;
                    if (reduced[i][j] < first) {
                        second = first;
                        first = reduced[i][j];
                    } else if (reduced[i][j] < second) {
                        second = reduced[i][j];
                    }
                }
            }
            final int column = j;
            Integer[] sorted = Arrays.copyOf(agents, count);
            Arrays.sort(sorted, (x, y) -> Double.compare(reduced[x][column], reduced[y][column]));
            agentOrder[j] = new int[count];
            for (int k = 0; k < count; k++) {
                agentOrder[j][k] = sorted[k];
            }
            choices[j] = count;
            regret[j] = count < 2 ? Double.POSITIVE_INFINITY : second - first;
        }
        Arrays.sort(jobs, (x, y) -> choices[x] != choices[y] ? Integer.compare(choices[x], choices[y])
                : Double.compare(regret[y], regret[x]));
        order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = jobs[k];
        }
    }

    private void branch(int depth, double fixedCost) {
        if (timedOut) {
            return;
        }
        if ((++nodes & 1023) == 0 && System.nanoTime() > deadlineNanos) {
            timedOut = true;
            return;
        }
        if (depth == n) {
            if (fixedCost < upper) {
                upper = fixedCost;
                best = assign.clone();
            }
            return;
        }
        if (prunes(bound(depth, fixedCost))) {
            return;
        }
        int j = order[depth];
        for (int i : agentOrder[j]) {
            if (r[i][j] <= rest[i] + 1e-9) {
                rest[i] -= r[i][j];
                assign[j] = i;
                branch(depth + 1, fixedCost + c[i][j]);
                rest[i] += r[i][j];
                if (timedOut) {
                    return;
                }
            }
        }
    }

    /** Lower bound of the node whose jobs {@code order[depth..]} are free. */
    private double bound(int depth, double fixedCost) {
        double lagrangian = fixedCost;
        for (int i = 0; i < m; i++) {
            lagrangian -= lambda[i] * rest[i];
        }
        double plain = fixedCost;
        for (int k = depth; k < n; k++) {
            int j = order[k];
            double minReduced = Double.POSITIVE_INFINITY;
            double minCost = Double.POSITIVE_INFINITY;
            for (int i : agentOrder[j]) {
                if (r[i][j] <= rest[i] + 1e-9) {
                    if (reduced[i][j] < minReduced) {
                        minReduced = reduced[i][j];
                    }
                    if (c[i][j] < minCost) {
                        minCost = c[i][j];
                    }
                }
            }
            if (minCost == Double.POSITIVE_INFINITY) {
                return Double.POSITIVE_INFINITY;
            }
            lagrangian += minReduced;
            plain += minCost;
        }
        return Math.max(lagrangian, plain);
    }
}
