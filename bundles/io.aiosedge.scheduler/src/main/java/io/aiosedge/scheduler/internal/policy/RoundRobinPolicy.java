package io.aiosedge.scheduler.internal.policy;

import java.util.ArrayList;
import java.util.List;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;

/** Baseline: the allowed nodes in turn, ignoring estimates. */
final class RoundRobinPolicy implements PlacementPolicy {

    private long next;

    @Override
    public String name() {
        return Policies.ROUND_ROBIN;
    }

    @Override
    public Placement place(CostTable table) {
        List<Assignment> out = new ArrayList<>(table.taskCount());
        int nodes = table.nodeCount();
        for (int j = 0; j < table.taskCount(); j++) {
            Assignment chosen = Assignment.none(table.task(j), "no node allowed");
            for (int k = 0; k < nodes; k++) {
                int i = (int) ((next + k) % nodes);
                if (table.allowed(j, i)) {
                    chosen = Assignment.to(i, table.task(j), "round-robin");
                    next = i + 1L;
                    break;
                }
            }
            out.add(chosen);
        }
        return new Placement(out);
    }
}
