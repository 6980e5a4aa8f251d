package io.aiosedge.scheduler.internal.gap;

import java.util.Arrays;

/**
 * The local search's current assignment of a {@link GapInstance} with its loads, its cost and its overload, kept
 * up to date move by move, and the penalised objective {@code cost + Σ_i weight[i] · max(0, load[i] − capacity[i])}
 * the search minimises while it may overload agents.
 *
 * <p>Costs and requirements are copied job by job ({@code cost[j][i]}), the order in which the move evaluation
 * reads them, so that evaluating every shift and swap walks memory mostly in sequence. The deltas read only the
 * loads of the two agents a move touches, which is why they are O(1); {@link #penalised()} recomputes the
 * objective from scratch and is what the tests compare them with.
 */
final class GapSearchState {

    /** Loads within this of the capacity count as fitting (the instances carry integral data as doubles). */
    static final double EPS = 1e-9;

    private final int m;
    private final int n;
    private final double[][] cost;
    private final double[][] requirement;
    private final double[] capacity;

    private final int[] assign;
    private final double[] load;
    private final double[] weight;
    private double totalCost;

    GapSearchState(GapInstance instance) {
        this.m = instance.agents();
        this.n = instance.jobs();
        this.cost = new double[n][m];
        this.requirement = new double[n][m];
        double[][] c = instance.cost();
        double[][] r = instance.requirement();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                cost[j][i] = c[i][j];
                requirement[j][i] = r[i][j];
            }
        }
        this.capacity = instance.capacity().clone();
        this.assign = new int[n];
        this.load = new double[m];
        this.weight = new double[m];
    }

    int agents() {
        return m;
    }

    int jobs() {
        return n;
    }

    /** Cost of job j on agent i ({@code +Infinity} when forbidden). */
    double cost(int j, int i) {
        return cost[j][i];
    }

    double requirement(int j, int i) {
        return requirement[j][i];
    }

    double capacity(int i) {
        return capacity[i];
    }

    /** Costs by job, {@code [j][i]}, for the search's inner loops (read only). */
    double[][] costByJob() {
        return cost;
    }

    /** Requirements by job, {@code [j][i]}, for the search's inner loops (read only). */
    double[][] requirementByJob() {
        return requirement;
    }

    /** The live loads (read only). */
    double[] loads() {
        return load;
    }

    /** The live prices of overload (read only; {@link #setWeight} changes them). */
    double[] weights() {
        return weight;
    }

    /** Replaces the whole assignment and recomputes loads and cost. */
    void set(int[] assignment) {
        if (assignment.length != n) {
            throw new IllegalArgumentException("assignment has " + assignment.length + " jobs, expected " + n);
        }
        Arrays.fill(load, 0);
        for (int j = 0; j < n; j++) {
            int i = assignment[j];
            if (i < 0 || i >= m) {
                throw new IllegalArgumentException("job " + j + " is on agent " + i + ", not in [0, " + m + ")");
            }
            assign[j] = i;
            load[i] += requirement[j][i];
        }
        recomputeCost();
    }

    /** Recomputes the cost from scratch, shedding the rounding drift of many incremental updates. */
    void recomputeCost() {
        double total = 0;
        for (int j = 0; j < n; j++) {
            total += cost[j][assign[j]];
        }
        totalCost = total;
    }

    int agentOf(int j) {
        return assign[j];
    }

    /** The live assignment array (not a copy: read only). */
    int[] assignment() {
        return assign;
    }

    double load(int i) {
        return load[i];
    }

    double totalCost() {
        return totalCost;
    }

    double weight(int i) {
        return weight[i];
    }

    void setWeight(int i, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("weight of agent " + i + " must be finite and >= 0, got " + value);
        }
        weight[i] = value;
    }

    /** Overload of agent i: how far its load exceeds its capacity (0 when it fits). */
    double overload(int i) {
        return excess(load[i], i);
    }

    double totalOverload() {
        double total = 0;
        for (int i = 0; i < m; i++) {
            total += overload(i);
        }
        return total;
    }

    boolean feasible() {
        for (int i = 0; i < m; i++) {
            if (load[i] > capacity[i] + EPS) {
                return false;
            }
        }
        return true;
    }

    /** The penalised objective recomputed from the assignment alone (no incremental sums). */
    double penalised() {
        double[] fresh = new double[m];
        double total = 0;
        for (int j = 0; j < n; j++) {
            fresh[assign[j]] += requirement[j][assign[j]];
            total += cost[j][assign[j]];
        }
        for (int i = 0; i < m; i++) {
            total += weight[i] * excess(fresh[i], i);
        }
        return total;
    }

    private double excess(double value, int i) {
        double over = value - capacity[i];
        return over > EPS ? over : 0;
    }

    /** Change of the penalised objective if job j moved to agent {@code to} (≠ its agent). */
    double shiftDelta(int j, int to) {
        int from = assign[j];
        double[] r = requirement[j];
        double dOver = weight[from] * (excess(load[from] - r[from], from) - excess(load[from], from))
                + weight[to] * (excess(load[to] + r[to], to) - excess(load[to], to));
        return cost[j][to] - cost[j][from] + dOver;
    }

    /** Change of the penalised objective if jobs j and k (on different agents) exchanged their agents. */
    double swapDelta(int j, int k) {
        int a = assign[j];
        int b = assign[k];
        double[] rj = requirement[j];
        double[] rk = requirement[k];
        double newA = load[a] - rj[a] + rk[a];
        double newB = load[b] - rk[b] + rj[b];
        double dOver = weight[a] * (excess(newA, a) - excess(load[a], a))
                + weight[b] * (excess(newB, b) - excess(load[b], b));
        return cost[j][b] + cost[k][a] - cost[j][a] - cost[k][b] + dOver;
    }

    /** Change of the cost alone (no penalty) if job j moved to agent {@code to}. */
    double shiftCostDelta(int j, int to) {
        return cost[j][to] - cost[j][assign[j]];
    }

    /** Change of the total overload if job j moved to agent {@code to}. */
    double shiftOverloadDelta(int j, int to) {
        int from = assign[j];
        double[] r = requirement[j];
        return excess(load[from] - r[from], from) - excess(load[from], from) + excess(load[to] + r[to], to)
                - excess(load[to], to);
    }

    /** Change of the total overload if jobs j and k exchanged their agents. */
    double swapOverloadDelta(int j, int k) {
        int a = assign[j];
        int b = assign[k];
        double newA = load[a] - requirement[j][a] + requirement[k][a];
        double newB = load[b] - requirement[k][b] + requirement[j][b];
        return excess(newA, a) - excess(load[a], a) + excess(newB, b) - excess(load[b], b);
    }

    /** Moves job j to agent {@code to}. */
    void shift(int j, int to) {
        if (to < 0 || to >= m) {
            throw new IllegalArgumentException("agent " + to + " is not in [0, " + m + ")");
        }
        int from = assign[j];
        load[from] -= requirement[j][from];
        load[to] += requirement[j][to];
        totalCost += cost[j][to] - cost[j][from];
        assign[j] = to;
    }

    /** Exchanges the agents of jobs j and k. */
    void swap(int j, int k) {
        int a = assign[j];
        int b = assign[k];
        shift(j, b);
        shift(k, a);
    }
}
