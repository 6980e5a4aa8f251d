package io.aiosedge.scheduler.internal.policy;

import java.util.ArrayList;
import java.util.List;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.scheduler.internal.gap.GapInstance;
import io.aiosedge.scheduler.internal.gap.GapSolution;
import io.aiosedge.scheduler.internal.gap.GapSolver;

/**
 * Places a window of tasks at once by solving the generalized assignment problem over the cost table:
 * cost {@code c_ij} = estimated completion of task j on node i (ms), plus a penalty when that misses the task's
 * deadline; resource {@code r_ij} = its compute time there (slot-ms); capacity {@code b_i} = the node's slot-ms
 * left within the horizon. Windows of up to {@code exactMaxTasks} tasks are solved exactly (branch and bound),
 * larger ones by tabu search, both within the time budget. When no assignment respects the capacities, the
 * window is placed by earliest completion.
 */
final class BatchOptimalPolicy implements PlacementPolicy {

    private final PolicyOptions options;
    private final MinCompletionPolicy fallback = new MinCompletionPolicy();
    private long decisions;

    BatchOptimalPolicy(PolicyOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return Policies.BATCH_OPTIMAL;
    }

    @Override
    public boolean batching() {
        return true;
    }

    /** The GAP instance of a cost table (exposed for tests and benchmarks). */
    static GapInstance instanceOf(CostTable table, double deadlinePenaltyMillis) {
        int m = table.nodeCount();
        int n = table.taskCount();
        double[][] cost = new double[m][n];
        double[][] requirement = new double[m][n];
        double[] capacity = new double[m];
        for (int i = 0; i < m; i++) {
            capacity[i] = table.capacityMillis(i);
            for (int j = 0; j < n; j++) {
                if (table.allowed(j, i)) {
                    cost[i][j] = table.completionMillis(j, i) + (table.meetsDeadline(j, i) ? 0 : deadlinePenaltyMillis);
                    requirement[i][j] = table.requirementMillis(j, i);
                } else {
                    cost[i][j] = Double.POSITIVE_INFINITY;
                    requirement[i][j] = 0;
                }
            }
        }
        return new GapInstance(m, n, cost, requirement, capacity);
    }

    @Override
    public Placement place(CostTable table) {
        if (table.taskCount() == 0 || table.nodeCount() == 0) {
            return fallback.place(table);
        }
        GapInstance instance = instanceOf(table, options.deadlinePenaltyMillis());
        boolean exact = table.taskCount() <= options.exactMaxTasks();
        GapSolution solution = GapSolver.solve(instance, options.timeBudgetMillis() * 1_000_000L, exact,
                options.seed() + decisions++);
        if (!solution.feasible()) {
            Placement byCompletion = fallback.place(table);
            List<Assignment> out = new ArrayList<>(table.taskCount());
            for (Assignment assignment : byCompletion.assignments()) {
                out.add(new Assignment(assignment.node(), assignment.model(), Double.NaN, -1,
                        "window exceeds the nodes' capacity; " + assignment.note()));
            }
            return new Placement(out);
        }
        String how = String.format("GAP %d tasks x %d nodes, cost %.1f ms, %s", table.taskCount(), table.nodeCount(),
                solution.cost(), solution.optimal() ? "optimal" : "heuristic, bound " + String.format("%.1f",
                        solution.lowerBound()));
        List<Assignment> out = new ArrayList<>(table.taskCount());
        for (int j = 0; j < table.taskCount(); j++) {
            out.add(Assignment.to(solution.assignment()[j], table.task(j), how));
        }
        return new Placement(out);
    }
}
