package io.aiosedge.scheduler.internal.policy;

import java.util.ArrayList;
import java.util.List;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.Task;

/**
 * Edge first, cloud when unsure: a task with an edge model runs it on the gateway; when the answer's confidence
 * is below the threshold, the task's full model runs on the remote node with the earliest estimated completion
 * (the gateway when the task is edge-only or no remote node is allowed). Tasks without an edge model are placed
 * by earliest completion. The scheduler counts the escalated share.
 */
final class JointInferencePolicy implements PlacementPolicy {

    private final double threshold;
    private final MinCompletionPolicy fallback = new MinCompletionPolicy();

    JointInferencePolicy(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return Policies.JOINT_INFERENCE;
    }

    @Override
    public Placement place(CostTable table) {
        Placement byCompletion = fallback.place(table);
        int local = table.indexOfKind(NodeKind.LOCAL);
        List<Assignment> out = new ArrayList<>(table.taskCount());
        for (int j = 0; j < table.taskCount(); j++) {
            Task task = table.task(j);
            if (!task.hasEdgeModel() || local < 0 || !table.node(local).node().serves(task.edgeModel())) {
                out.add(byCompletion.get(j));
                continue;
            }
            int escalation = -1;
            for (int i = 0; i < table.nodeCount(); i++) {
                if (i != local && table.allowed(j, i)
                        && (escalation < 0 || table.completionMillis(j, i) < table.completionMillis(j, escalation))) {
                    escalation = i;
                }
            }
            if (escalation < 0 && table.allowed(j, local)) {
                escalation = local;
            }
            out.add(new Assignment(local, task.edgeModel(), threshold, escalation, String.format(
                    "edge model first; below confidence %.2f escalate to %s", threshold,
                    escalation < 0 ? "nowhere" : table.node(escalation).id())));
        }
        return new Placement(out);
    }
}
