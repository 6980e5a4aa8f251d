package io.aiosedge.scheduler.internal.policy;

import java.util.ArrayList;
import java.util.List;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;

/**
 * Baseline: everything on the cloud (the cloud node with the earliest estimated completion when there are
 * several). Edge-only tasks, and every task while no cloud node is reachable, stay on the gateway.
 */
final class CloudOnlyPolicy implements PlacementPolicy {

    @Override
    public String name() {
        return Policies.CLOUD_ONLY;
    }

    @Override
    public Placement place(CostTable table) {
        List<Assignment> out = new ArrayList<>(table.taskCount());
        int local = table.indexOfKind(NodeKind.LOCAL);
        for (int j = 0; j < table.taskCount(); j++) {
            int best = -1;
            for (int i = 0; i < table.nodeCount(); i++) {
                if (table.node(i).kind() == NodeKind.CLOUD && table.allowed(j, i)
                        && (best < 0 || table.completionMillis(j, i) < table.completionMillis(j, best))) {
                    best = i;
                }
            }
            if (best >= 0) {
                out.add(Assignment.to(best, table.task(j), "cloud-only"));
            } else if (local >= 0 && table.allowed(j, local)) {
                out.add(Assignment.to(local, table.task(j), "cloud-only: no cloud node allowed, gateway instead"));
            } else {
                out.add(Assignment.none(table.task(j), "no cloud node and the gateway cannot run it"));
            }
        }
        return new Placement(out);
    }
}
