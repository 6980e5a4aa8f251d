package io.aiosedge.itests.inference;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskScheduler;

/**
 * A gateway's steady load while its models change: a thread submits one scheduler task per window (the windows in
 * turn, edge and full model named, at most {@value #IN_FLIGHT} tasks unfinished) and, beside each, calls the edge
 * model on the engine's fast path directly. Counts what completed, what was escalated, and every failure of either
 * kind, and notes each version of the edge model the engine reported while it ran.
 */
final class LiveTraffic implements AutoCloseable {

    private static final int IN_FLIGHT = 4;

    private final TaskScheduler scheduler;
    private final TensorInference engine;
    private final String edgeModel;
    private final String fullModel;
    private final float[][] windows;
    private final Semaphore permits = new Semaphore(IN_FLIGHT);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong escalated = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong fastPathCalls = new AtomicLong();
    private final AtomicLong fastPathFailures = new AtomicLong();
    private final Set<String> versions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> byNode = new ConcurrentHashMap<>();
    private final List<String> firstFailures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    LiveTraffic(TaskScheduler scheduler, TensorInference engine, String edgeModel, String fullModel,
            float[][] windows) {
        if (windows.length == 0) {
            throw new IllegalArgumentException("no windows to send");
        }
        this.scheduler = scheduler;
        this.engine = engine;
        this.edgeModel = edgeModel;
        this.fullModel = fullModel;
        this.windows = windows;
        this.thread = new Thread(this::run, "it-live-traffic");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        for (long n = 0; running; n++) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                return;
            }
            float[] window = windows[(int) (n % windows.length)];
            Task task = Task.builder("live-" + n, "it-anomaly").model(fullModel).edgeModel(edgeModel)
                    .input(window, 1, window.length).deadline(System.currentTimeMillis() + 60_000).build();
            try {
                scheduler.submit(task).whenComplete((result, error) -> {
                    if (error != null) {
                        fail(failed, task.id() + ": " + error);
                    } else {
                        completed.incrementAndGet();
                        String kind = result.escalated() ? result.nodeId()
                                : result.confidence() >= 1 ? result.nodeId() + " certain"
                                : result.nodeId() + " unsure, not escalated";
                        byNode.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                        if (result.escalated()) {
                            escalated.incrementAndGet();
                        }
                    }
                    permits.release();
                });
            } catch (RuntimeException e) {
                fail(failed, task.id() + " not submitted: " + e);
                permits.release();
            }
            try {
                fastPathCalls.incrementAndGet();
                engine.infer(edgeModel, window, 1, window.length);
            } catch (Exception e) {
                fail(fastPathFailures, "direct call " + n + ": " + e);
            }
            ModelStatistics statistics = engine.statistics(edgeModel);
            if (statistics != null) {
                versions.add(statistics.version());
            }
        }
    }

    private void fail(AtomicLong counter, String what) {
        counter.incrementAndGet();
        if (firstFailures.size() < 5) {
            firstFailures.add(what);
        }
    }

    long completed() {
        return completed.get();
    }

    long escalated() {
        return escalated.get();
    }

    long failed() {
        return failed.get();
    }

    long fastPathFailures() {
        return fastPathFailures.get();
    }

    /** The versions of the edge model the engine reported while the traffic ran. */
    Set<String> versionsSeen() {
        return Set.copyOf(versions);
    }

    /** Stops submitting and waits up to 20 s for the unfinished tasks. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(20_000);
        if (!permits.tryAcquire(IN_FLIGHT, 20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tasks still unfinished 20 s after the traffic stopped: " + this);
        }
        permits.release(IN_FLIGHT);
    }

    @Override
    public String toString() {
        return completed.get() + " tasks completed (" + escalated.get() + " escalated; answered by " + byNode + "), " + failed.get() + " failed, "
                + fastPathCalls.get() + " direct calls (" + fastPathFailures.get() + " failed)"
                + (firstFailures.isEmpty() ? "" : "; first failures: " + firstFailures);
    }
}
