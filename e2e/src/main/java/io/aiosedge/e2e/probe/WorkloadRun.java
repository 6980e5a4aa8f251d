package io.aiosedge.e2e.probe;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.api.scheduler.TaskStatus;

/**
 * One run of the probe: submits every window of a labelled set as a task (paced at a rate, or all at once) on a
 * thread of its own and keeps exactly one outcome line per task id.
 */
final class WorkloadRun {

    private final String id;
    private final TaskScheduler scheduler;
    private final LabelledSet set;
    private final String model;
    private final String edgeModel;
    private final long deadlineMillis;
    private final double ratePerSecond;
    private final Mix mix;
    private final Map<Integer, String> outcomes = new ConcurrentHashMap<>();
    private final boolean[] large;
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger duplicateOutcomes = new AtomicInteger();
    private volatile boolean stopped;
    private Thread thread;

    /**
     * A mixed workload: a share of the tasks are "large" (batch analysis: {@code rows} windows in one task, the full
     * model only, a looser deadline and a lower priority); the others are "small" (one window, urgent).
     */
    record Mix(double largeShare, int largeRows, long largeDeadlineMillis, int largePriority, int smallPriority,
            long seed) {
    }

    WorkloadRun(String id, TaskScheduler scheduler, LabelledSet set, String model, String edgeModel,
            long deadlineMillis, double ratePerSecond, Mix mix) {
        this.id = id;
        this.scheduler = scheduler;
        this.set = set;
        this.model = model;
        this.edgeModel = edgeModel;
        this.deadlineMillis = deadlineMillis;
        this.ratePerSecond = ratePerSecond;
        this.mix = mix;
        this.large = new boolean[set.labels.length];
    }

    /** {@code rows} consecutive windows (wrapping around the set) as one batch task of the full model. */
    private Task largeTask(String taskId, int first) {
        int rows = mix.largeRows();
        int width = set.windows[0].length;
        float[] input = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(set.windows[(first + r) % set.windows.length], 0, input, r * width, width);
        }
        return Task.builder(taskId, "anomaly-batch").model(model).input(input, rows, width)
                .priority(mix.largePriority()).deadline(System.currentTimeMillis() + mix.largeDeadlineMillis())
                .locality(Locality.ANY).outputBytes(4L * rows + 24).build();
    }

    /** Columns of {@link #report()}. */
    static String header() {
        return "index\ttask\tlabel\tstatus\tnode\tkind\tmodel\tscore\tescalated\tworker\ttotal.ms\tdeadline.met"
                + "\tfailure\tdetail\tclass";
    }

    void start() {
        thread = new Thread(this::submitAll, "aios-probe-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void submitAll() {
        long start = System.nanoTime();
        java.util.Random draw = new java.util.Random(mix.seed());
        for (int i = 0; i < set.labels.length && !stopped; i++) {
            if (ratePerSecond > 0) {
                // pacing of a load generator, not a wait for a condition
                long due = start + (long) (i * 1e9 / ratePerSecond);
                long now = System.nanoTime();
                if (due > now) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(due - now);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            int index = i;
            String taskId = id + "-" + i;
            boolean isLarge = draw.nextDouble() < mix.largeShare();
            large[index] = isLarge;
            Task task = isLarge ? largeTask(taskId, i) : Task.builder(taskId, "anomaly").model(model)
                    .edgeModel(edgeModel).input(set.windows[i], 1, set.windows[i].length).priority(mix.smallPriority())
                    .deadline(System.currentTimeMillis() + deadlineMillis).locality(Locality.ANY).outputBytes(16)
                    .build();
            submitted.incrementAndGet();
            scheduler.submit(task).whenComplete((result, error) -> record(index, taskId, result, error));
        }
    }

    private void record(int index, String taskId, TaskResult result, Throwable error) {
        String detail = scheduler.status(taskId).map(TaskStatus::detail)
                .orElse("");
        String line;
        int label = set.labels[index];
        if (result != null) {
            line = String.join("\t", Integer.toString(index), taskId, Integer.toString(label), "COMPLETED",
                    result.nodeId(), result.nodeKind().name(), result.model(),
                    String.format(Locale.ROOT, "%.6f", result.score()), Boolean.toString(result.escalated()),
                    result.attributes().getOrDefault("worker", ""),
                    String.format(Locale.ROOT, "%.3f", result.totalMillis()), Boolean.toString(result.deadlineMet()),
                    "", clean(detail), large[index] ? "large" : "small");
        } else {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            String reason = cause instanceof TaskFailedException ? ((TaskFailedException) cause).reason().name()
                    : cause.getClass().getSimpleName();
            line = String.join("\t", Integer.toString(index), taskId, Integer.toString(label), "FAILED", "", "", "",
                    "NaN", "false", "", "", "false", reason, clean(cause.getMessage() + " " + detail),
                    large[index] ? "large" : "small");
        }
        if (outcomes.putIfAbsent(index, line) != null) {
            duplicateOutcomes.incrementAndGet();
        }
    }

    private static String clean(String text) {
        return String.valueOf(text).replace('\t', ' ').replace('\n', ' ');
    }

    int submitted() {
        return submitted.get();
    }

    int finished() {
        return outcomes.size();
    }

    boolean done() {
        return outcomes.size() == set.labels.length;
    }

    /** A header line, then one line per task in index order, then a trailer with the duplicate outcomes seen. */
    String report() {
        StringBuilder out = new StringBuilder(header()).append('\n');
        for (int i = 0; i < set.labels.length; i++) {
            String line = outcomes.get(i);
            if (line != null) {
                out.append(line).append('\n');
            }
        }
        out.append("#duplicate.outcomes\t").append(duplicateOutcomes.get()).append('\n');
        return out.toString();
    }
}
