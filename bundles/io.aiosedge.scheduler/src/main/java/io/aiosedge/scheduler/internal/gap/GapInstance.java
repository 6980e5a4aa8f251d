package io.aiosedge.scheduler.internal.gap;

/**
 * A 0-1 generalized assignment problem: minimise {@code Σ cost[i][j] x[i][j]} subject to
 * {@code Σ_j requirement[i][j] x[i][j] ≤ capacity[i]} for every agent (node) i and every job (task) j on exactly
 * one agent. A cost of {@code +Infinity} forbids the pair. Arrays are used as given (not copied).
 *
 * @param agents m, the number of agents (nodes)
 * @param jobs n, the number of jobs (tasks)
 * @param cost m×n costs
 * @param requirement m×n resource use
 * @param capacity m capacities
 */
public record GapInstance(int agents, int jobs, double[][] cost, double[][] requirement, double[] capacity) {

    public GapInstance {
        if (cost.length != agents || requirement.length != agents || capacity.length != agents) {
            throw new IllegalArgumentException("cost, requirement and capacity need " + agents + " rows");
        }
        for (int i = 0; i < agents; i++) {
            if (cost[i].length != jobs || requirement[i].length != jobs) {
                throw new IllegalArgumentException("row " + i + " needs " + jobs + " columns");
            }
        }
    }

    /** Whether every cost is an integer (then bounds may be rounded up). */
    public boolean integralCosts() {
        for (double[] row : cost) {
            for (double value : row) {
                if (Double.isFinite(value) && value != Math.rint(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Total cost of an assignment ({@code assignment[j]} = agent of job j). */
    public double cost(int[] assignment) {
        double total = 0;
        for (int j = 0; j < jobs; j++) {
            total += cost[assignment[j]][j];
        }
        return total;
    }

    /** Whether an assignment respects every capacity and uses no forbidden pair. */
    public boolean feasible(int[] assignment) {
        double[] load = new double[agents];
        for (int j = 0; j < jobs; j++) {
            int i = assignment[j];
            if (i < 0 || i >= agents || !Double.isFinite(cost[i][j])) {
                return false;
            }
            load[i] += requirement[i][j];
        }
        for (int i = 0; i < agents; i++) {
            if (load[i] > capacity[i] + 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** Parses the OR-Library text format: m n, the m×n costs, the m×n requirements, the m capacities. */
    public static GapInstance parse(String text) {
        String[] tokens = text.trim().split("\\s+");
        int position = 0;
        int m = Integer.parseInt(tokens[position++]);
        int n = Integer.parseInt(tokens[position++]);
        double[][] cost = new double[m][n];
        double[][] requirement = new double[m][n];
        double[] capacity = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                cost[i][j] = Double.parseDouble(tokens[position++]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                requirement[i][j] = Double.parseDouble(tokens[position++]);
            }
        }
        for (int i = 0; i < m; i++) {
            capacity[i] = Double.parseDouble(tokens[position++]);
        }
        return new GapInstance(m, n, cost, requirement, capacity);
    }
}
