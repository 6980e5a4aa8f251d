package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Task;

/**
 * Estimates, for every candidate node, when a task would complete there:
 * {@code wait + input transfer + compute + result transfer}, where
 * <ul>
 * <li>compute = prior × learned ratio for the (kind, node) pair; the prior is {@code instructions / speed}
 * (or the default time when the task gives no instructions);</li>
 * <li>wait = 0 while the node has a free slot, else (this gateway's backlog there + the node's advertised queue
 * × this task's compute) / slots, plus the learned overhead of the node (remote queueing the link does not
 * explain);</li>
 * <li>transfer = the link's one-way time for the bytes ({@link LinkState#transferMillis}) per broker hop: one hop
 * to a cloud worker, two to a peer (gateway → broker → peer); nothing on the gateway.</li>
 * </ul>
 * Capacity in slot-ms within the horizon: {@code slots × horizon − backlog − advertised queue × mean compute}.
 */
public final class CostModel {

    private volatile SchedulerOptions options;
    private final ExecutionHistory history;
    private final double[] scratch = new double[3];

    public CostModel(SchedulerOptions options, ExecutionHistory history) {
        this.options = options;
        this.history = history;
    }

    void setOptions(SchedulerOptions newOptions) {
        this.options = newOptions;
    }

    public ExecutionHistory history() {
        return history;
    }

    /** The key execution times are learned under: the kind, suffixed with the model when it is the edge model. */
    public static String learningKey(Task task, String model) {
        return model.equals(task.model()) ? task.kind() : task.kind() + "@" + model;
    }

    /** Compute time (ms) expected before learning: instructions / speed, or the default time. */
    public double priorMillis(Task task, Node node, String model) {
        double base = task.instructions() > 0 ? task.instructions() / node.speed() * 1000.0
                : options.defaultComputeMillis();
        return model.equals(task.model()) ? base : base * options.edgeModelCostRatio();
    }

    /** One-way transfer time (ms) of {@code bytes} to a node of this kind over the link; +Infinity when down. */
    public double transferMillis(NodeKind kind, long bytes, LinkState link) {
        if (kind == NodeKind.LOCAL) {
            return 0;
        }
        if (!link.connected()) {
            return Double.POSITIVE_INFINITY;
        }
        double oneHop = link.measured() && link.bandwidthBytesPerSecond() > 0 ? link.transferMillis(bytes)
                : options.defaultRttMillis() / 2 + bytes * 1000.0 / options.defaultBandwidthBytesPerSecond();
        return kind == NodeKind.PEER ? 2 * oneHop : oneHop;
    }

    /** The estimate of one task on one node, given the node's book-keeping. */
    Estimate estimate(long nowMillis, Task task, String model, NodeRuntime runtime, LinkState link,
            boolean executorPresent) {
        NodeState state = runtime.state;
        Node node = state.node();
        if (!executorPresent) {
            return Estimate.notAllowed("no executor reaches " + node.kind() + " node " + node.id());
        }
        if (!state.available() || !runtime.present) {
            return Estimate.notAllowed("node " + node.id() + " is not available");
        }
        if (task.locality() == Locality.EDGE_ONLY && node.kind() != NodeKind.LOCAL) {
            return Estimate.notAllowed("edge-only task");
        }
        if (!node.serves(model)) {
            return Estimate.notAllowed("node does not serve model " + model);
        }
        double in = transferMillis(node.kind(), task.inputBytes(), link);
        if (Double.isInfinite(in)) {
            return Estimate.notAllowed("cloud link down");
        }
        double out = transferMillis(node.kind(), task.outputBytes(), link);
        double prior = priorMillis(task, node, model);
        history.computeEstimate(learningKey(task, model), node.id(), prior, scratch);
        double compute = scratch[0];
        double stddev = scratch[1];
        long samples = (long) scratch[2];
        int slots = node.slots();
        int foreign = state.queueLength();
        double wait = 0;
        if (runtime.occupied() + foreign >= slots) {
            wait = (runtime.backlogMillis(nowMillis) + foreign * compute) / slots;
        }
        if (node.kind() != NodeKind.LOCAL) {
            wait += history.overheadMillis(node.id());
        }
        return new Estimate(true, wait, in, compute, out, stddev, samples, samples == 0 ? "prior" : "learned");
    }

    /** Slot-ms a node can still take within {@code horizonMillis}. */
    double capacityMillis(long nowMillis, NodeRuntime runtime, double horizonMillis) {
        int slots = runtime.slots();
        double foreign = runtime.state.queueLength() * options.defaultComputeMillis();
        return Math.max(0, slots * horizonMillis - runtime.backlogMillis(nowMillis) - foreign);
    }

    /** The cost table of tasks over nodes; {@code hasExecutor} tells which nodes an executor reaches. */
    CostTable table(long nowMillis, List<Task> tasks, List<NodeRuntime> nodes, LinkState link,
            Predicate<Node> hasExecutor) {
        Estimate[][] estimates = new Estimate[tasks.size()][nodes.size()];
        boolean[] reachable = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            reachable[i] = hasExecutor.test(nodes.get(i).state.node());
        }
        double horizon = 0;
        for (int j = 0; j < tasks.size(); j++) {
            Task task = tasks.get(j);
            if (task.deadlineMillis() != Long.MAX_VALUE) {
                horizon = Math.max(horizon, task.deadlineMillis() - nowMillis);
            }
            for (int i = 0; i < nodes.size(); i++) {
                estimates[j][i] = estimate(nowMillis, task, task.model(), nodes.get(i), link, reachable[i]);
            }
        }
        if (horizon <= 0) {
            horizon = options.horizonMillis();
        }
        double[] capacity = new double[nodes.size()];
        List<NodeState> states = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            capacity[i] = capacityMillis(nowMillis, nodes.get(i), horizon);
            states.add(nodes.get(i).state);
        }
        return new CostTable(nowMillis, tasks, states, estimates, capacity);
    }
}
