package io.aiosedge.scheduler.internal.core;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Offline lower bounds on the total flow time (Σ completion − release) of a set of tasks, for judging a placement
 * policy against what no policy can beat.
 *
 * <p>The queueing bound: any schedule of the tasks on machines whose speeds add up to at most {@code rate} can be
 * imitated, finishing every task no later, by one machine of speed {@code rate} that shares itself among the tasks
 * the machines run at each instant. On one machine with preemption, shortest remaining processing time (SRPT) is
 * optimal for total flow time (1|r<sub>j</sub>, pmtn|ΣC<sub>j</sub>). So SRPT on the pooled machine, each task with
 * the least work it could need anywhere, bounds every real schedule from below — it accounts for queueing behind
 * other tasks, which a per-task contention-free bound does not.
 */
public final class OfflineBound {

    private OfflineBound() {
    }

    /**
     * Σ (completion − release) of preemptive SRPT on one machine.
     *
     * @param release release times, in ms
     * @param work work of each task, in units
     * @param rate the machine's speed, in units per ms (> 0)
     * @return the total flow time, in ms
     */
    public static double srptFlowSum(double[] release, double[] work, double rate) {
        if (release.length != work.length) {
            throw new IllegalArgumentException("release and work differ in length: " + release.length + " vs "
                    + work.length);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be > 0 and finite: " + rate);
        }
        int n = release.length;
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            if (!(work[j] >= 0) || !Double.isFinite(release[j])) {
                throw new IllegalArgumentException("task " + j + ": work " + work[j] + ", release " + release[j]);
            }
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(release[a], release[b]));
        // Remaining time (ms) and index of the tasks released and unfinished, least remaining first.
        PriorityQueue<double[]> ready = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        double now = 0;
        double flow = 0;
        int next = 0;
        while (next < n || !ready.isEmpty()) {
            if (ready.isEmpty()) {
                now = Math.max(now, release[order[next]]);
            }
            while (next < n && release[order[next]] <= now) {
                int j = order[next++];
                ready.add(new double[] {work[j] / rate, j});
            }
            double[] head = ready.poll();
            double nextRelease = next < n ? release[order[next]] : Double.POSITIVE_INFINITY;
            if (now + head[0] <= nextRelease) {
                now += head[0];
                flow += now - release[(int) head[1]];
            } else {
                head[0] -= nextRelease - now;
                now = nextRelease;
                ready.add(head);
            }
        }
        return flow;
    }
}
