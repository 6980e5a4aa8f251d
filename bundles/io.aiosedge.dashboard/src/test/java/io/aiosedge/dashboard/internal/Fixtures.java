package io.aiosedge.dashboard.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskState;
import io.aiosedge.api.scheduler.TaskStatus;

/** Scheduler API values for the tests. */
final class Fixtures {

    static final long NOW = 1_764_750_000_000L;

    private Fixtures() {
    }

    static Task task(String id) {
        return Task.builder(id, "anomaly").model("anomaly-cloud").edgeModel("anomaly-edge")
                .input(new float[] {1, 2, 3, 4}, 1, 4).deadline(NOW + 3000).build();
    }

    /** A result on {@code node} taking {@code totalMillis} (all of it compute). */
    static TaskResult result(String taskId, String node, double totalMillis, boolean deadlineMet, boolean escalated) {
        return new TaskResult(taskId, node, node.startsWith("cloud") ? NodeKind.CLOUD : NodeKind.LOCAL,
                escalated ? "anomaly-cloud" : "anomaly-edge", new float[] {0.9f}, 0, 0, totalMillis, NOW,
                deadlineMet, 0.9, 0.9, false, escalated, Map.of());
    }

    static TaskCompletion completion(String taskId, String node, double totalMillis, boolean deadlineMet,
            boolean escalated) {
        TaskResult result = result(taskId, node, totalMillis, deadlineMet, escalated);
        TaskResult edge = escalated ? result(taskId, "gateway", 1, true, false) : null;
        return new TaskCompletion(task(taskId), result, edge);
    }

    static SchedulerStatistics statistics(long completed, long missed, long escalated, long joint) {
        return new SchedulerStatistics(completed + 2, completed, missed, Map.of(), 0, escalated, joint, 1, 1, 3.5);
    }

    static NodeState node(String id, NodeKind kind) {
        return new NodeState(new Node(id, kind, kind == NodeKind.LOCAL ? "" : "inference", 2, 1, 1e9, 0, List.of(),
                Set.of()), true, 0.25, 0, 0, NOW);
    }

    static TaskStatus finished(String taskId, String node) {
        return new TaskStatus(taskId, "anomaly", TaskState.COMPLETED, node, 5, NOW - 50, NOW + 3000, NOW, null,
                "edge answer", result(taskId, node, 12.5, true, false));
    }

    /** The explanation of a task placed on the gateway, with the cloud not allowed. */
    static Explanation explanation(String taskId) {
        List<NodeState> nodes = List.of(node("gateway", NodeKind.LOCAL), node("cloud:inference", NodeKind.CLOUD));
        Estimate local = new Estimate(true, 1, 0, 10, 0, 0.5, 42, "learned");
        Estimate cloud = Estimate.notAllowed("link down");
        CostTable table = new CostTable(NOW, List.of(task(taskId)), nodes, new Estimate[][] {{local, cloud}},
                new double[] {3000, 3000});
        return new Explanation(taskId, "joint-inference", table, 0,
                new Assignment(0, "anomaly-edge", 0.8, -1, "edge model first"), 7.25);
    }
}
