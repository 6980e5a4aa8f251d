package io.aiosedge.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.aiosedge.api.scheduler.LearnedEstimate;

/**
 * What the scheduler learned from completed tasks: per (task kind, node) the ratio of the measured compute time
 * to the prior estimate (instructions / speed, or the default time), and per node the network overhead that the
 * link model did not explain. Learning the ratio rather than the time lets one kind hold tasks of different
 * sizes. Thread-safe (completions arrive on executor threads).
 */
public final class ExecutionHistory {

    private final double alpha;
    private final Map<String, Map<String, Entry>> byKind = new ConcurrentHashMap<>();
    private final Map<String, RunningStatistic> overheadByNode = new ConcurrentHashMap<>();

    /** A (kind, node) pair's learned ratio and the last prior it was measured against. */
    static final class Entry {
        final RunningStatistic ratio;
        volatile double lastPriorMillis;

        Entry(double alpha) {
            this.ratio = new RunningStatistic(alpha);
        }
    }

    public ExecutionHistory(double alpha) {
        this.alpha = alpha;
    }

    /** Records a completed run: measured compute against the prior estimate (both ms). */
    public void recordCompute(String kind, String nodeId, double priorMillis, double measuredMillis) {
        if (!(priorMillis > 0) || !(measuredMillis >= 0)) {
            return;
        }
        Entry entry = byKind.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(nodeId, n -> new Entry(alpha));
        synchronized (entry) {
            entry.ratio.add(measuredMillis / priorMillis);
            entry.lastPriorMillis = priorMillis;
        }
    }

    /** Records what a remote run took beyond compute and the link model's transfer estimate (ms, may be < 0). */
    public void recordOverhead(String nodeId, double overheadMillis) {
        RunningStatistic statistic = overheadByNode.computeIfAbsent(nodeId, n -> new RunningStatistic(alpha));
        synchronized (statistic) {
            statistic.add(overheadMillis);
        }
    }

    /**
     * Writes the compute estimate for a prior into {@code out}: {@code out[0]} mean ms, {@code out[1]} stddev ms,
     * {@code out[2]} samples. Allocation-free for the decision path.
     */
    public void computeEstimate(String kind, String nodeId, double priorMillis, double[] out) {
        Map<String, Entry> nodes = byKind.get(kind);
        Entry entry = nodes == null ? null : nodes.get(nodeId);
        if (entry == null) {
            out[0] = priorMillis;
            out[1] = 0;
            out[2] = 0;
            return;
        }
        synchronized (entry) {
            out[0] = priorMillis * entry.ratio.mean(1);
            out[1] = priorMillis * entry.ratio.stddev();
            out[2] = entry.ratio.count();
        }
    }

    /** Learned overhead of a node in ms (0 before any remote run; never below 0). */
    public double overheadMillis(String nodeId) {
        RunningStatistic statistic = overheadByNode.get(nodeId);
        if (statistic == null) {
            return 0;
        }
        synchronized (statistic) {
            return Math.max(0, statistic.mean(0));
        }
    }

    /** Snapshot for the shell and the API: compute times relative to the last prior seen per pair. */
    public List<LearnedEstimate> snapshot() {
        List<LearnedEstimate> out = new ArrayList<>();
        byKind.forEach((kind, nodes) -> nodes.forEach((nodeId, entry) -> {
            synchronized (entry) {
                out.add(new LearnedEstimate(kind, nodeId, entry.ratio.count(),
                        entry.lastPriorMillis * entry.ratio.mean(1), entry.lastPriorMillis * entry.ratio.stddev(),
                        overheadMillis(nodeId)));
            }
        }));
        out.sort((a, b) -> a.kind().equals(b.kind()) ? a.nodeId().compareTo(b.nodeId()) : a.kind().compareTo(b.kind()));
        return out;
    }
}
