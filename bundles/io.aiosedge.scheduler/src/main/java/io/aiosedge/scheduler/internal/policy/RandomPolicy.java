package io.aiosedge.scheduler.internal.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;

/** Baseline: a uniformly random allowed node (seeded, so runs repeat). */
final class RandomPolicy implements PlacementPolicy {

    private final SplittableRandom random;

    RandomPolicy(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return Policies.RANDOM;
    }

    @Override
    public Placement place(CostTable table) {
        List<Assignment> out = new ArrayList<>(table.taskCount());
        int[] allowed = new int[table.nodeCount()];
        for (int j = 0; j < table.taskCount(); j++) {
            int count = 0;
            for (int i = 0; i < table.nodeCount(); i++) {
                if (table.allowed(j, i)) {
                    allowed[count++] = i;
                }
            }
            out.add(count == 0 ? Assignment.none(table.task(j), "no node allowed")
                    : Assignment.to(allowed[random.nextInt(count)], table.task(j), "random"));
        }
        return new Placement(out);
    }
}
