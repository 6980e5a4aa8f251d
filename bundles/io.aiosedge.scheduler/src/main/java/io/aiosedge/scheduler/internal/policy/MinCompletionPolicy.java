package io.aiosedge.scheduler.internal.policy;

import java.util.ArrayList;
import java.util.List;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;

/**
 * Online earliest finish time: each task goes to the allowed node with the smallest estimated completion
 * (wait for a slot + transfers + compute), which already accounts for each node's capacity through the wait.
 * Within 1 % of the best, the gateway wins (no bytes sent, no dependence on the link). For a window, tasks are
 * taken in table order (most urgent first) and each one's compute is added to the wait of its node for the
 * ones after it.
 */
final class MinCompletionPolicy implements PlacementPolicy {

    private static final double TIE = 0.01;

    @Override
    public String name() {
        return Policies.MIN_COMPLETION;
    }

    @Override
    public Placement place(CostTable table) {
        int nodes = table.nodeCount();
        double[] added = table.taskCount() > 1 ? new double[nodes] : null;
        List<Assignment> out = new ArrayList<>(table.taskCount());
        for (int j = 0; j < table.taskCount(); j++) {
            int best = -1;
            double bestTime = Double.POSITIVE_INFINITY;
            double bestRank = Double.POSITIVE_INFINITY;
            for (int i = 0; i < nodes; i++) {
                double time = table.completionMillis(j, i);
                if (added != null) {
                    time += added[i] / table.node(i).node().slots();
                }
                // The gateway is ranked as if 1 % faster: a near tie stays home.
                double rank = table.node(i).kind() == NodeKind.LOCAL ? time / (1 + TIE) : time;
                if (rank < bestRank) {
                    best = i;
                    bestTime = time;
                    bestRank = rank;
                }
            }
            if (best < 0) {
                out.add(Assignment.none(table.task(j), "no node allowed"));
                continue;
            }
            if (added != null) {
                added[best] += table.requirementMillis(j, best);
            }
            // Concatenation, not String.format: this runs on every online decision.
            out.add(Assignment.to(best, table.task(j), "earliest completion " + Math.round(bestTime * 100) / 100.0 + " ms"));
        }
        return new Placement(out);
    }
}
