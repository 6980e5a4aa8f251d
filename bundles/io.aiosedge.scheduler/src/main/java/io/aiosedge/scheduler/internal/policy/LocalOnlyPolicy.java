package io.aiosedge.scheduler.internal.policy;

import java.util.ArrayList;
import java.util.List;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;

/** Baseline: everything on the gateway. */
final class LocalOnlyPolicy implements PlacementPolicy {

    @Override
    public String name() {
        return Policies.LOCAL_ONLY;
    }

    @Override
    public Placement place(CostTable table) {
        int local = table.indexOfKind(NodeKind.LOCAL);
        List<Assignment> out = new ArrayList<>(table.taskCount());
        for (int j = 0; j < table.taskCount(); j++) {
            out.add(local >= 0 && table.allowed(j, local) ? Assignment.to(local, table.task(j), "local-only")
                    : Assignment.none(table.task(j), "the gateway cannot run it"));
        }
        return new Placement(out);
    }
}
