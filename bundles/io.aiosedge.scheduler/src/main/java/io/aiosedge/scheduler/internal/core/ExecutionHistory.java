package io.aiosedge.scheduler.internal.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.LearnedEstimate;

/**
 * What the scheduler learned from finished tasks, per (task kind, node) pair and separately per component:
 * <ul>
 * <li><b>compute</b>: the ratio of the measured compute time to the prior (instructions / speed, or the default
 * time, times the processor-sharing stretch at start), so one kind can hold tasks of different sizes;</li>
 * <li><b>network</b>: the ratio of the measured transfer time (everything of a remote run that is not remote
 * compute: both directions, round trips, broker and worker queueing) to the link model's estimate;</li>
 * <li><b>failures</b>: the share of runs that failed or timed out and the time each one cost;</li>
 * <li><b>prediction errors</b> (actual − estimate) of wait, network and compute, for {@code aios:nodes} and
 * {@code aios:explain}.</li>
 * </ul>
 *
 * <p><b>Fading.</b> A learned factor of an option that is not observed any more fades back toward the prior: after
 * {@code halfLifeMillis} without an observation it keeps half its deviation from 1 (the failure rate fades toward
 * 0 the same way). Without it, a few slow draws could make an option look worse than another forever: it would
 * never be chosen again, so never measured again. With it, an option that looked bad is retried after a few
 * half-lives and re-measured; an option that really is slow is re-learned in a few samples. The observation
 * count does not fade, so {@link #snapshot} stays honest about how much was seen.
 *
 * <p>Thread-safe (completions arrive on executor threads); the state can be written to and read from a text file
 * ({@link #write}, {@link #read}) so learning survives restarts and bundle updates.
 */
public final class ExecutionHistory {

    private static final int FORMAT = 2;

    private final double alpha;
    private final double halfLifeMillis;
    private final Map<String, Map<String, Pair>> byKind = new ConcurrentHashMap<>();

    /** One pair's statistics; guarded by its own monitor. */
    private static final class Pair {
        final RunningStatistic computeRatio;
        final RunningStatistic networkRatio;
        final RunningStatistic failure;
        final RunningStatistic failureCost;
        final RunningStatistic waitError;
        final RunningStatistic waitAbsError;
        final RunningStatistic networkError;
        final RunningStatistic networkAbsError;
        final RunningStatistic computeError;
        final RunningStatistic computeAbsError;
        double lastPriorMillis;
        long computeAt;
        long networkAt;
        long failureAt;
        long observedAt;

        Pair(double alpha) {
            computeRatio = new RunningStatistic(alpha);
            networkRatio = new RunningStatistic(alpha);
            failure = new RunningStatistic(alpha);
            failureCost = new RunningStatistic(alpha);
            waitError = new RunningStatistic(alpha);
            waitAbsError = new RunningStatistic(alpha);
            networkError = new RunningStatistic(alpha);
            networkAbsError = new RunningStatistic(alpha);
            computeError = new RunningStatistic(alpha);
            computeAbsError = new RunningStatistic(alpha);
        }

        RunningStatistic[] all() {
            return new RunningStatistic[] {computeRatio, networkRatio, failure, failureCost, waitError, waitAbsError,
                networkError, networkAbsError, computeError, computeAbsError};
        }
    }

    /** Learning without fading (tests of the learning itself). */
    public ExecutionHistory(double alpha) {
        this(alpha, 0);
    }

    /**
     * @param alpha weight of each new observation, in (0, 1]
     * @param halfLifeMillis fading half-life of a factor that is not observed, in ms; 0 for none
     */
    public ExecutionHistory(double alpha, double halfLifeMillis) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
        }
        if (!(halfLifeMillis >= 0) || Double.isInfinite(halfLifeMillis)) {
            throw new IllegalArgumentException("halfLifeMillis must be >= 0 and finite: " + halfLifeMillis);
        }
        this.alpha = alpha;
        this.halfLifeMillis = halfLifeMillis;
    }

    private Pair pair(String kind, String nodeId) {
        return byKind.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(nodeId, n -> new Pair(alpha));
    }

    private Pair existing(String kind, String nodeId) {
        Map<String, Pair> nodes = byKind.get(kind);
        return nodes == null ? null : nodes.get(nodeId);
    }

    /** Keeps {@code 2^(-age / half-life)} of a deviation. */
    private double kept(long observedAt, long nowMillis) {
        if (halfLifeMillis == 0 || nowMillis <= observedAt) {
            return 1;
        }
        return Math.pow(0.5, (nowMillis - observedAt) / halfLifeMillis);
    }

    private double faded(RunningStatistic ratio, long observedAt, long nowMillis) {
        double mean = ratio.mean(1);
        return 1 + (mean - 1) * kept(observedAt, nowMillis);
    }

    /**
     * Records a completed run's compute: measured against the prior it was estimated from (both ms), and the
     * error of the estimate that placed it.
     */
    public void recordCompute(String kind, String nodeId, double priorMillis, double estimatedMillis,
            double measuredMillis, long nowMillis) {
        if (!(priorMillis > 0) || !(measuredMillis >= 0) || Double.isInfinite(measuredMillis)) {
            return;
        }
        Pair p = pair(kind, nodeId);
        synchronized (p) {
            p.computeRatio.add(measuredMillis / priorMillis);
            p.lastPriorMillis = priorMillis;
            p.computeAt = nowMillis;
            p.observedAt = nowMillis;
            if (Double.isFinite(estimatedMillis)) {
                p.computeError.add(measuredMillis - estimatedMillis);
                p.computeAbsError.add(Math.abs(measuredMillis - estimatedMillis));
            }
        }
    }

    /**
     * Records a remote run's network time: what the run took beyond remote compute, against the link model's
     * estimate for it (both ms). A timeout is recorded too, with the time waited as a lower bound of the truth.
     */
    public void recordNetwork(String kind, String nodeId, double estimatedMillis, double measuredMillis,
            long nowMillis) {
        if (!(estimatedMillis > 0) || !(measuredMillis >= 0) || Double.isInfinite(measuredMillis)) {
            return;
        }
        Pair p = pair(kind, nodeId);
        synchronized (p) {
            // Bounded: one odd reply (a broker hiccup) must not make a node look 1000x away.
            p.networkRatio.add(Math.min(50, Math.max(0.02, measuredMillis / estimatedMillis)));
            p.networkAt = nowMillis;
            p.observedAt = nowMillis;
            p.networkError.add(measuredMillis - estimatedMillis);
            p.networkAbsError.add(Math.abs(measuredMillis - estimatedMillis));
        }
    }

    /** Records how long a task really waited for a slot against the wait predicted when it was placed (ms). */
    public void recordWait(String kind, String nodeId, double estimatedMillis, double measuredMillis) {
        if (!Double.isFinite(estimatedMillis) || !(measuredMillis >= 0)) {
            return;
        }
        Pair p = pair(kind, nodeId);
        synchronized (p) {
            p.waitError.add(measuredMillis - estimatedMillis);
            p.waitAbsError.add(Math.abs(measuredMillis - estimatedMillis));
        }
    }

    /** Records whether a run failed (network, timeout, execution) and, if so, the time it cost (ms). */
    public void recordOutcome(String kind, String nodeId, boolean failed, double lostMillis, long nowMillis) {
        Pair p = pair(kind, nodeId);
        synchronized (p) {
            p.failure.add(failed ? 1 : 0);
            if (failed && lostMillis >= 0) {
                p.failureCost.add(lostMillis);
            }
            p.failureAt = nowMillis;
            p.observedAt = nowMillis;
        }
    }

    /**
     * Writes the compute estimate for a prior into {@code out}: {@code out[0]} mean ms, {@code out[1]} stddev ms,
     * {@code out[2]} samples. Allocation-free for the decision path.
     */
    public void computeEstimate(String kind, String nodeId, double priorMillis, long nowMillis, double[] out) {
        Pair p = existing(kind, nodeId);
        if (p == null) {
            out[0] = priorMillis;
            out[1] = 0;
            out[2] = 0;
            return;
        }
        synchronized (p) {
            out[0] = priorMillis * faded(p.computeRatio, p.computeAt, nowMillis);
            out[1] = priorMillis * p.computeRatio.stddev();
            out[2] = p.computeRatio.count();
        }
    }

    /** The factor on the link model's network estimate for the pair now (1 before any remote run). */
    public double networkFactor(String kind, String nodeId, long nowMillis) {
        Pair p = existing(kind, nodeId);
        if (p == null) {
            return 1;
        }
        synchronized (p) {
            return p.networkRatio.count() == 0 ? 1 : faded(p.networkRatio, p.networkAt, nowMillis);
        }
    }

    /** Expected time lost to failures per run of the pair now (rate × cost of one failure), in ms. */
    public double failurePenaltyMillis(String kind, String nodeId, long nowMillis) {
        Pair p = existing(kind, nodeId);
        if (p == null) {
            return 0;
        }
        synchronized (p) {
            if (p.failureCost.count() == 0) {
                return 0;
            }
            double rate = p.failure.mean(0) * kept(p.failureAt, nowMillis);
            return rate * p.failureCost.mean(0);
        }
    }

    /** Snapshot for the shell and the API: compute times relative to the last prior seen per pair. */
    public List<LearnedEstimate> snapshot() {
        List<LearnedEstimate> out = new ArrayList<>();
        byKind.forEach((kind, nodes) -> nodes.forEach((nodeId, p) -> {
            synchronized (p) {
                out.add(new LearnedEstimate(kind, nodeId, p.computeRatio.count(),
                        p.lastPriorMillis * p.computeRatio.mean(1), p.lastPriorMillis * p.computeRatio.stddev(),
                        p.networkError.mean(0)));
            }
        }));
        out.sort((a, b) -> a.kind().equals(b.kind()) ? a.nodeId().compareTo(b.nodeId()) : a.kind().compareTo(b.kind()));
        return out;
    }

    /** Prediction errors per pair and component, with the factors as used at {@code nowMillis}. */
    public List<Calibration> calibration(long nowMillis) {
        List<Calibration> out = new ArrayList<>();
        byKind.forEach((kind, nodes) -> nodes.forEach((nodeId, p) -> {
            synchronized (p) {
                out.add(new Calibration(kind, nodeId, Math.max(p.computeRatio.count(), p.failure.count()),
                        faded(p.computeRatio, p.computeAt, nowMillis),
                        p.networkRatio.count() == 0 ? 1 : faded(p.networkRatio, p.networkAt, nowMillis),
                        p.waitError.mean(0), p.waitAbsError.mean(0), p.networkError.mean(0),
                        p.networkAbsError.mean(0), p.computeError.mean(0), p.computeAbsError.mean(0),
                        p.failure.mean(0) * kept(p.failureAt, nowMillis), p.observedAt));
            }
        }));
        out.sort((a, b) -> a.kind().equals(b.kind()) ? a.nodeId().compareTo(b.nodeId()) : a.kind().compareTo(b.kind()));
        return out;
    }

    // ------------------------------------------------------------------ persistence

    /**
     * Writes everything learned as text: a header line, then one tab-separated line per pair (kind, node,
     * last prior, four timestamps, then count/mean/variance of each statistic).
     */
    public void write(Writer out) throws IOException {
        out.write("aios-scheduler-history\t" + FORMAT + "\n");
        for (Map.Entry<String, Map<String, Pair>> kind : byKind.entrySet()) {
            for (Map.Entry<String, Pair> node : kind.getValue().entrySet()) {
                Pair p = node.getValue();
                StringBuilder line = new StringBuilder();
                synchronized (p) {
                    line.append(escape(kind.getKey())).append('\t').append(escape(node.getKey())).append('\t')
                            .append(p.lastPriorMillis).append('\t').append(p.computeAt).append('\t').append(p.networkAt)
                            .append('\t').append(p.failureAt).append('\t').append(p.observedAt);
                    for (RunningStatistic s : p.all()) {
                        double[] state = s.state();
                        line.append('\t').append((long) state[0]).append('\t').append(state[1]).append('\t')
                                .append(state[2]);
                    }
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /**
     * Adds what {@link #write} wrote. A file of another format or with a bad line is refused as a whole (nothing
     * of it is used), with an exception naming the line.
     */
    public void read(Reader in) throws IOException {
        BufferedReader reader = new BufferedReader(in);
        String header = reader.readLine();
        if (header == null || !header.equals("aios-scheduler-history\t" + FORMAT)) {
            throw new IOException("not a scheduler history of format " + FORMAT + ": first line '" + header + "'");
        }
        Map<String, Map<String, Pair>> read = new ConcurrentHashMap<>();
        String line;
        int number = 1;
        int statistics = new Pair(alpha).all().length;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7 + 3 * statistics) {
                throw new IOException("line " + number + ": " + f.length + " fields, expected " + (7 + 3 * statistics));
            }
            try {
                Pair p = new Pair(alpha);
                p.lastPriorMillis = Double.parseDouble(f[2]);
                p.computeAt = Long.parseLong(f[3]);
                p.networkAt = Long.parseLong(f[4]);
                p.failureAt = Long.parseLong(f[5]);
                p.observedAt = Long.parseLong(f[6]);
                RunningStatistic[] all = p.all();
                for (int i = 0; i < all.length; i++) {
                    all[i].restore(new double[] {Long.parseLong(f[7 + 3 * i]), Double.parseDouble(f[8 + 3 * i]),
                        Double.parseDouble(f[9 + 3 * i])});
                }
                read.computeIfAbsent(unescape(f[0]), k -> new ConcurrentHashMap<>()).put(unescape(f[1]), p);
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + number + ": " + e.getMessage(), e);
            }
        }
        read.forEach((kind, nodes) -> byKind.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).putAll(nodes));
    }

    /** Number of (kind, node) pairs known. */
    public int size() {
        return byKind.values().stream().mapToInt(Map::size).sum();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ExecutionHistory[%d pairs, alpha %.3f, half-life %.0f ms]", size(), alpha,
                halfLifeMillis);
    }
}
