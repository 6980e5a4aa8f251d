package io.aiosedge.api.scheduler;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link PlacementPolicy} decides from, immutable: the tasks to place (one for online policies, a
 * window for batching ones), the candidate nodes, the cost model's {@link Estimate} for every (task, node)
 * pair and each node's capacity. Tasks and nodes are addressed by index ({@code j} for tasks, {@code i} for
 * nodes), so a policy is plain arithmetic and can be unit-tested with a hand-made table.
 *
 * <p>Capacity follows the generalized assignment model: placing task {@code j} on node {@code i} uses
 * {@link #requirementMillis(int, int)} slot-milliseconds of the node (its compute time) out of
 * {@link #capacityMillis(int)} (slots × the planning horizon, minus the work already queued there).
 */
@ProviderType
public final class CostTable {

    private final long nowMillis;
    private final List<Task> tasks;
    private final List<NodeState> nodes;
    private final Estimate[][] estimates;
    private final double[] capacityMillis;
    private final double[][] completion;

    /**
     * @param nowMillis wall-clock time of the estimates, ms since the epoch
     * @param tasks the tasks, index j
     * @param nodes the candidate nodes, index i
     * @param estimates {@code estimates[j][i]} for task j on node i
     * @param capacityMillis {@code capacityMillis[i]}: slot-ms node i can still take within the horizon
     */
    public CostTable(long nowMillis, List<Task> tasks, List<NodeState> nodes, Estimate[][] estimates,
            double[] capacityMillis) {
        this.nowMillis = nowMillis;
        this.tasks = List.copyOf(tasks);
        this.nodes = List.copyOf(nodes);
        Objects.requireNonNull(estimates, "estimates");
        Objects.requireNonNull(capacityMillis, "capacityMillis");
        if (estimates.length != this.tasks.size() || capacityMillis.length != this.nodes.size()) {
            throw new IllegalArgumentException("estimates must be tasks x nodes (" + this.tasks.size() + " x "
                    + this.nodes.size() + ") and capacity one per node");
        }
        this.estimates = new Estimate[estimates.length][];
        this.completion = new double[estimates.length][];
        for (int j = 0; j < estimates.length; j++) {
            if (estimates[j].length != this.nodes.size()) {
                throw new IllegalArgumentException("estimates row " + j + " has " + estimates[j].length
                        + " entries for " + this.nodes.size() + " nodes");
            }
            this.estimates[j] = estimates[j].clone();
            this.completion[j] = new double[estimates[j].length];
            for (int i = 0; i < estimates[j].length; i++) {
                this.completion[j][i] = Objects.requireNonNull(estimates[j][i], "estimate").completionMillis();
            }
        }
        this.capacityMillis = capacityMillis.clone();
    }

    /** Wall-clock time of the estimates, ms since the epoch. */
    public long nowMillis() {
        return nowMillis;
    }

    public int taskCount() {
        return tasks.size();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public Task task(int j) {
        return tasks.get(j);
    }

    public NodeState node(int i) {
        return nodes.get(i);
    }

    public List<Task> tasks() {
        return tasks;
    }

    public List<NodeState> nodes() {
        return nodes;
    }

    public Estimate estimate(int j, int i) {
        return estimates[j][i];
    }

    /** Whether task j may run on node i. */
    public boolean allowed(int j, int i) {
        return estimates[j][i].allowed();
    }

    /** Estimated completion of task j on node i, in ms from {@link #nowMillis()}; +Infinity when not allowed. */
    public double completionMillis(int j, int i) {
        return completion[j][i];
    }

    /** Whether task j on node i is expected to finish by its deadline. */
    public boolean meetsDeadline(int j, int i) {
        Task task = tasks.get(j);
        return allowed(j, i) && (task.deadlineMillis() == Long.MAX_VALUE
                || nowMillis + completion[j][i] <= task.deadlineMillis());
    }

    /** Slot-ms node i can still take within the planning horizon. */
    public double capacityMillis(int i) {
        return capacityMillis[i];
    }

    /** Slot-ms task j uses on node i (its estimated compute time). */
    public double requirementMillis(int j, int i) {
        return estimates[j][i].computeMillis();
    }

    /** Index of the first node of the given kind, or -1. */
    public int indexOfKind(NodeKind kind) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the node with this id, or -1. */
    public int indexOf(String nodeId) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id().equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the allowed node with the smallest estimated completion for task j, or -1 when none is allowed. */
    public int fastestNode(int j) {
        int best = -1;
        double bestTime = Double.POSITIVE_INFINITY;
        for (int i = 0; i < completion[j].length; i++) {
            if (completion[j][i] < bestTime) {
                bestTime = completion[j][i];
                best = i;
            }
        }
        return best;
    }
}
