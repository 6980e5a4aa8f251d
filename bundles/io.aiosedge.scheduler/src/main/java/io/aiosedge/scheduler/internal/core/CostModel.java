package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Task;

/**
 * Estimates, for every candidate node, when a task would complete there: {@code wait + input transfer + compute +
 * result transfer}. Usable on its own: give it {@link NodeLoad}s.
 * <ul>
 * <li><b>compute</b> = prior × stretch × learned factor for the (kind, node) pair. The prior is {@code instructions
 * / speed} (or the default time); the stretch is processor sharing: a node running more tasks than it has cores
 * (its own, other gateways' advertised ones, other processes' load on the gateway) gives each a share;</li>
 * <li><b>a slot is held for the whole run</b>: on a remote node that is input transfer + compute + result
 * transfer, not compute alone. The wait for a slot is 0 while one is free, else the slot time ahead of the task
 * (this gateway's backlog there, the node's advertised queue and busy slots times this task's hold) over the
 * slots;</li>
 * <li><b>transfers</b> follow the {@link NodePath}: access hop, then per remote hop ½ RTT + bytes / bandwidth in
 * each direction, plus the time the shared uplink (downlink) is still busy with transfers already under way,
 * all times the learned network factor of the pair;</li>
 * <li><b>failures</b>: the learned failure rate × what a failure cost is added to the wait.</li>
 * </ul>
 * Capacity in slot-ms within the horizon: {@code slots × horizon − backlog − advertised queue × mean compute}.
 */
public final class CostModel {

    private volatile SchedulerOptions options;
    private final ExecutionHistory history;

    public CostModel(SchedulerOptions options, ExecutionHistory history) {
        this.options = options;
        this.history = history;
    }

    void setOptions(SchedulerOptions newOptions) {
        this.options = newOptions;
    }

    public SchedulerOptions options() {
        return options;
    }

    public ExecutionHistory history() {
        return history;
    }

    /** The key execution times are learned under: the kind, suffixed with the model when it is the edge model. */
    public static String learningKey(Task task, String model) {
        return model.equals(task.model()) ? task.kind() : task.kind() + "@" + model;
    }

    /** Compute time (ms) expected before learning on an idle node: instructions / speed, or the default time. */
    public double priorMillis(Task task, Node node, String model) {
        double base = task.instructions() > 0 ? task.instructions() / node.speed() * 1000.0
                : options.defaultComputeMillis();
        return model.equals(task.model()) ? base : base * options.edgeModelCostRatio();
    }

    /**
     * Processor-sharing factor for one more task on the node: 1 while the tasks running there (ours, others'
     * advertised, other processes' load on the gateway) fit its cores, else their number over the cores.
     */
    public static double stretch(NodeLoad load) {
        NodeState state = load.state();
        Node node = state.node();
        // The gateway's load is the OS load average per core; a remote node's is its busy share of slots.
        double others = node.kind() == NodeKind.LOCAL ? Math.max(0, state.load() * node.cores() - load.running())
                : Math.max(0, advertisedBusy(state) - load.running());
        double runners = others + Math.min(node.slots(), load.running() + 1);
        return Math.max(1, runners / node.cores());
    }

    /** Slots a remote node says are busy (its load × slots; the gateway's load is an OS load average instead). */
    static int advertisedBusy(NodeState state) {
        if (state.kind() == NodeKind.LOCAL) {
            return 0;
        }
        return (int) Math.min(state.node().slots(), Math.round(Math.min(1, state.load()) * state.node().slots()));
    }

    /** The estimate of one task on one node under the given load. */
    public Estimate estimate(long nowMillis, Task task, String model, NodeLoad load) {
        NodeState state = load.state();
        Node node = state.node();
        if (!load.executorPresent()) {
            return Estimate.notAllowed("no executor reaches " + node.kind() + " node " + node.id());
        }
        if (!state.available()) {
            return Estimate.notAllowed("node " + node.id() + " is not available");
        }
        if (task.locality() == Locality.EDGE_ONLY && node.kind() != NodeKind.LOCAL) {
            return Estimate.notAllowed("edge-only task");
        }
        if (!node.serves(model)) {
            return Estimate.notAllowed("node does not serve model " + model);
        }
        NodePath path = load.path();
        if (!path.up()) {
            return Estimate.notAllowed("cloud link down");
        }
        SchedulerOptions o = options;
        if (node.kind() == NodeKind.LOCAL && o.localMinFreeMemoryBytes() > 0 && model.equals(task.model())
                && state.freeMemoryBytes() < o.localMinFreeMemoryBytes()) {
            return Estimate.notAllowed("free memory " + state.freeMemoryBytes() / 1_048_576 + " MiB below "
                    + o.localMinFreeMemoryBytes() / 1_048_576 + " MiB");
        }
        String key = learningKey(task, model);
        double[] learned = new double[3];
        double prior = priorMillis(task, node, model) * stretch(load);
        history.computeEstimate(key, node.id(), prior, nowMillis, learned);
        double compute = learned[0];
        double networkFactor = node.kind() == NodeKind.LOCAL ? 1 : history.networkFactor(key, node.id(), nowMillis);
        double in = path.inputMillis(task.inputBytes()) * networkFactor;
        double out = path.outputMillis(task.outputBytes()) * networkFactor;
        double hold = in + compute + out;
        int slots = node.slots();
        int foreignQueue = state.queueLength();
        int foreignBusy = Math.max(0, advertisedBusy(state) - load.running());
        double wait = 0;
        if (Math.max(load.running(), advertisedBusy(state)) + load.queued() + foreignQueue >= slots) {
            // Foreign running tasks are, on average, half done.
            wait = (load.backlogMillis() + foreignQueue * hold + foreignBusy * hold / 2) / slots;
        }
        // Transfers already on the shared links delay ours unless they are done by the time we get a slot.
        in += Math.max(0, load.uplinkBacklogMillis() - wait);
        out += Math.max(0, load.downlinkBacklogMillis() - (wait + in + compute));
        wait += history.failurePenaltyMillis(key, node.id(), nowMillis);
        long samples = (long) learned[2];
        return new Estimate(true, wait, in, compute, out, learned[1], samples, samples == 0 ? "prior" : "learned");
    }

    /** Slot-ms a node can still take within {@code horizonMillis}. */
    double capacityMillis(NodeLoad load, double horizonMillis) {
        int slots = load.state().node().slots();
        double foreign = load.state().queueLength() * options.defaultComputeMillis();
        return Math.max(0, slots * horizonMillis - load.backlogMillis() - foreign);
    }

    /** The cost table of tasks over nodes, from each node's load. */
    public CostTable table(long nowMillis, List<Task> tasks, List<NodeLoad> loads) {
        return table(nowMillis, tasks, loads, Function.identity());
    }

    <N> CostTable table(long nowMillis, List<Task> tasks, List<N> nodes, Function<N, NodeLoad> loadOf) {
        List<NodeLoad> loads = new ArrayList<>(nodes.size());
        for (N node : nodes) {
            loads.add(loadOf.apply(node));
        }
        Estimate[][] estimates = new Estimate[tasks.size()][loads.size()];
        double horizon = 0;
        for (int j = 0; j < tasks.size(); j++) {
            Task task = tasks.get(j);
            if (task.deadlineMillis() != Long.MAX_VALUE) {
                horizon = Math.max(horizon, task.deadlineMillis() - nowMillis);
            }
            for (int i = 0; i < loads.size(); i++) {
                estimates[j][i] = estimate(nowMillis, task, task.model(), loads.get(i));
            }
        }
        if (horizon <= 0) {
            horizon = options.horizonMillis();
        }
        double[] capacity = new double[loads.size()];
        List<NodeState> states = new ArrayList<>(loads.size());
        for (int i = 0; i < loads.size(); i++) {
            capacity[i] = capacityMillis(loads.get(i), horizon);
            states.add(loads.get(i).state());
        }
        return new CostTable(nowMillis, tasks, states, estimates, capacity);
    }
}
