package io.aiosedge.cloud.worker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.eclipse.kura.KuraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.api.cloud.TensorPayloads;
import io.aiosedge.api.cloud.TensorPayloads.FloatTensor;
import io.aiosedge.api.inference.TensorInference;

/**
 * Runs offloaded inference requests: input and output in {@link TensorPayloads} format, the model named by the
 * request's {@code model} metadata (one of the served models) or the first served one.
 *
 * <p>At most {@code slots} requests compute at once; the others wait for a slot (FIFO) at most until their
 * deadline and are answered EXPIRED without running when it passes. A task id runs at most once within the
 * dedup window ({@link TaskLedger}); a duplicate gets the reply of the one execution. Requests that reach the
 * handler while it drains still run (they were already handed to this worker); after {@link #close} every
 * request is answered REJECTED at once.
 */
final class InferenceHandler implements OffloadHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceHandler.class);
    /** A duplicate waits this much past the deadline for the execution it duplicates. */
    private static final long DUPLICATE_GRACE_MILLIS = 1000;
    private static final int LEDGER_MAX_ENTRIES = 100_000;

    /** Counters since activation, for the state message and the Gogo command. */
    record Counters(long executed, long duplicates, long expired, long rejected, long failed) {
    }

    private final WorkerOptions options;
    private final TensorInference inference;
    private final LongSupplier clock;
    private final Runnable changed;
    private final TaskLedger ledger;
    private final Semaphore slots;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object idle = new Object();
    private volatile boolean closed;

    /**
     * @param clock wall clock in ms since the epoch (deadlines are wall-clock instants)
     * @param changed told when the number of running or waiting requests changed (cheap, never blocks)
     */
    InferenceHandler(WorkerOptions options, TensorInference inference, LongSupplier clock, Runnable changed) {
        this.options = options;
        this.inference = inference;
        this.clock = clock;
        this.changed = changed;
        this.ledger = new TaskLedger(options.dedupWindowMillis(), LEDGER_MAX_ENTRIES);
        this.slots = new Semaphore(options.slots(), true);
    }

    @Override
    public OffloadReply handle(OffloadRequest request) {
        active.incrementAndGet();
        try {
            return handleActive(request);
        } finally {
            active.decrementAndGet();
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private OffloadReply handleActive(OffloadRequest request) {
        if (closed) {
            rejected.incrementAndGet();
            return reply(request, OffloadReply.Status.REJECTED, "worker " + options.workerId() + " is stopped");
        }
        TaskLedger.Claim claim = ledger.claim(request.taskId(), clock.getAsLong());
        if (!claim.first()) {
            duplicates.incrementAndGet();
            return duplicateOf(request, claim);
        }
        OffloadReply reply;
        try {
            reply = execute(request);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("worker {}: task {} failed: {}", options.workerId(), request.taskId(), e.toString());
            reply = reply(request, OffloadReply.Status.ERROR, String.valueOf(e.getMessage()));
        }
        ledger.complete(request.taskId(), reply, reply.status() != OffloadReply.Status.REJECTED);
        if (options.logTasks()) {
            LOG.info("worker {}: task {} {} model {} in {} ms", options.workerId(), request.taskId(), reply.status(),
                    reply.metadata().getOrDefault("model", "-"), rounded(reply.computeMillis()));
        }
        return reply;
    }

    private OffloadReply execute(OffloadRequest request) {
        String model = request.metadata().getOrDefault("model", "");
        if (model.isEmpty()) {
            model = options.defaultModel();
        }
        if (!options.models().contains(model)) {
            rejected.incrementAndGet();
            return reply(request, OffloadReply.Status.REJECTED, "model " + model + " is not served by worker "
                    + options.workerId() + " (serves " + String.join(", ", options.models()) + ")");
        }
        if (!inference.models().contains(model)) {
            rejected.incrementAndGet();
            return reply(request, OffloadReply.Status.REJECTED, "model " + model + " is not loaded on worker "
                    + options.workerId());
        }
        FloatTensor input;
        try {
            input = TensorPayloads.decode(request.payload());
        } catch (IllegalArgumentException e) {
            failed.incrementAndGet();
            return reply(request, OffloadReply.Status.ERROR, "malformed input: " + e.getMessage());
        }
        long arrived = System.nanoTime();
        waiting.incrementAndGet();
        changed.run();
        boolean acquired = false;
        try {
            long budget = request.deadlineMillis() - clock.getAsLong();
            acquired = budget > 0 && slots.tryAcquire(budget, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        double queueMillis = (System.nanoTime() - arrived) / 1e6;
        if (!acquired) {
            expired.incrementAndGet();
            changed.run();
            return reply(request, OffloadReply.Status.EXPIRED, "deadline passed after waiting " + Math.round(queueMillis)
                    + " ms for one of " + options.slots() + " slots");
        }
        running.incrementAndGet();
        changed.run();
        try {
            if (clock.getAsLong() > request.deadlineMillis()) {
                expired.incrementAndGet();
                return reply(request, OffloadReply.Status.EXPIRED, "deadline passed before the computation started");
            }
            long start = System.nanoTime();
            float[] output = inference.infer(model, input.values(), input.shape());
            double computeMillis = (System.nanoTime() - start) / 1e6;
            executed.incrementAndGet();
            long batch = input.shape().length == 0 ? 1 : Math.max(1, input.shape()[0]);
            long[] shape = output.length % batch == 0 ? new long[] {batch, output.length / batch}
                    : new long[] {output.length};
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("model", model);
            metadata.put("worker", options.workerId());
            metadata.put("queue.ms", Double.toString(rounded(queueMillis)));
            return new OffloadReply(request.taskId(), OffloadReply.Status.OK, options.workerId(), computeMillis,
                    metadata, TensorPayloads.encode(shape, output));
        } catch (KuraException e) {
            failed.incrementAndGet();
            return reply(request, OffloadReply.Status.ERROR, e.getMessage());
        } finally {
            slots.release();
            running.decrementAndGet();
            changed.run();
        }
    }

    /** A duration in ms rounded to µs. */
    private static double rounded(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }

    /** A duplicate of a claimed task: the reply of its one execution, waited for until its deadline (+1 s). */
    private OffloadReply duplicateOf(OffloadRequest request, TaskLedger.Claim claim) {
        long wait = Math.max(0, request.deadlineMillis() - clock.getAsLong()) + DUPLICATE_GRACE_MILLIS;
        try {
            OffloadReply first = claim.outcome().get(wait, TimeUnit.MILLISECONDS);
            Map<String, String> metadata = new LinkedHashMap<>(first.metadata());
            metadata.put("duplicate", "true");
            LOG.debug("worker {}: duplicate of task {} answered with its first reply", options.workerId(),
                    request.taskId());
            return new OffloadReply(first.taskId(), first.status(), first.nodeId(), first.computeMillis(), metadata,
                    first.payload());
        } catch (TimeoutException e) {
            return reply(request, OffloadReply.Status.REJECTED, "duplicate of task " + request.taskId()
                    + " that is still running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reply(request, OffloadReply.Status.REJECTED, "interrupted");
        } catch (ExecutionException e) {
            return reply(request, OffloadReply.Status.ERROR, String.valueOf(e.getCause()));
        }
    }

    private OffloadReply reply(OffloadRequest request, OffloadReply.Status status, String error) {
        return new OffloadReply(request.taskId(), status, options.workerId(), 0, Map.of("error", error,
                "worker", options.workerId()), new byte[0]);
    }

    /** Requests computing now. */
    int running() {
        return running.get();
    }

    /** Requests waiting for a slot now. */
    int waiting() {
        return waiting.get();
    }

    Counters counters() {
        return new Counters(executed.get(), duplicates.get(), expired.get(), rejected.get(), failed.get());
    }

    /** Requests inside {@link #handle} now (running, waiting for a slot, or waiting for a duplicate's outcome). */
    int active() {
        return active.get();
    }

    /**
     * Waits until no request is inside {@link #handle}, at most {@code timeoutMillis}; whether it is idle.
     * Requests that arrive meanwhile still run (the caller stopped new ones from arriving first).
     */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (idle) {
            while (active.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** From now on every request is answered REJECTED without running. */
    void close() {
        closed = true;
    }
}
