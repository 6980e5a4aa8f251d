package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching of one model: single-row fast-path requests ({@code shape[0] == 1}) queue here, and one
 * named thread runs them as one TensorFlow session run with batch dimension N (up to the max batch size),
 * then splits the output rows back to the requests. The thread takes whatever queued while the previous batch
 * ran, and waits up to the max queue delay (measured from the oldest request's arrival) for more when the
 * batch is not full; with a delay of 0 it never waits, which suits callers that block on their answer.
 *
 * <p>Completion happens on the batch thread: dependent stages of {@code inferAsync} run there unless the
 * caller uses the {@code *Async} variants.
 */
final class RequestBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBatcher.class);
    private static final long IDLE_POLL_MS = 100;
    private static final long STOP_JOIN_MS = 5_000;

    /** A queued request. */
    record Pending(float[] input, long[] shape, CompletableFuture<float[]> answer, long arrivalNanos) {
    }

    private final ModelRegistry.Slot slot;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    /**
     * Lock-free: 32 callers adding under one lock (LinkedBlockingQueue) parked each other whenever the holder was
     * preempted on a busy core. The batch thread parks itself when it finds the queue empty ({@link #waiting});
     * a caller unparks it only then.
     */
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean waiting;

    /**
     * Starts the batch thread.
     *
     * @param slot the model
     * @param maxBatchSize the most requests per session run, at least 2
     * @param maxDelayMicros how long the oldest request may wait for companions, µs
     * @param threadName the batch thread's name
     */
    RequestBatcher(ModelRegistry.Slot slot, int maxBatchSize, long maxDelayMicros, String threadName) {
        this.slot = slot;
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = TimeUnit.MICROSECONDS.toNanos(maxDelayMicros);
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return the batch thread (for tests: it must end after {@link #stop()}) */
    Thread thread() {
        return this.thread;
    }

    /**
     * Queues a validated single-row request.
     *
     * @return the answer; fails with a KuraException when the model is unloaded or the engine stops first
     */
    CompletableFuture<float[]> submit(float[] input, long[] shape, long arrivalNanos) {
        CompletableFuture<float[]> answer = new CompletableFuture<>();
        Pending pending = new Pending(input, shape, answer, arrivalNanos);
        if (!this.running) {
            answer.completeExceptionally(stopped());
            return answer;
        }
        this.queue.add(pending);
        if (this.waiting) {
            LockSupport.unpark(this.thread);
        }
        if (!this.running && this.queue.remove(pending)) {
            answer.completeExceptionally(stopped());
        }
        return answer;
    }

    /** Stops the thread after the batch it is running; queued requests fail with SERVICE_UNAVAILABLE. */
    void stop() {
        this.running = false;
        this.thread.interrupt();
        if (Thread.currentThread() != this.thread) {
            try {
                this.thread.join(STOP_JOIN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failQueued();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(this.maxBatchSize);
        while (this.running) {
            try {
                Pending first = take(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MS));
                if (first == null) {
                    continue;
                }
                batch.add(first);
                drain(batch);
                if (batch.size() < this.maxBatchSize && this.maxDelayNanos > 0) {
                    long deadline = first.arrivalNanos() + this.maxDelayNanos;
                    while (batch.size() < this.maxBatchSize) {
                        Pending next = take(deadline);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                        drain(batch);
                    }
                }
                run(batch);
            } catch (RuntimeException e) {
                LOG.error("model '{}': batch failed unexpectedly", this.slot.name(), e);
                fail(batch, new KuraException(KuraErrorCode.INTERNAL_ERROR, e,
                        "model '" + this.slot.name() + "': " + e));
            } finally {
                batch.clear();
            }
        }
        failQueued();
    }

    /** Moves queued requests into the batch, up to the max batch size, without waiting. */
    private void drain(List<Pending> batch) {
        while (batch.size() < this.maxBatchSize) {
            Pending next = this.queue.poll();
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    /** @return the oldest queued request, waiting for one until the deadline (System.nanoTime); null if none */
    private Pending take(long deadline) {
        Pending next = this.queue.poll();
        while (next == null && this.running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            this.waiting = true;
            // checked again after announcing the wait, so a request added meanwhile is not missed
            next = this.queue.poll();
            if (next == null) {
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted() && this.running) {
                    LOG.warn("model '{}': batch thread interrupted while running", this.slot.name());
                }
                next = this.queue.poll();
            }
            this.waiting = false;
        }
        return next;
    }

    private void run(List<Pending> batch) {
        this.slot.active().incrementAndGet();
        LoadedModel model;
        try {
            model = this.slot.acquire();
        } catch (KuraException e) {
            this.slot.active().decrementAndGet();
            fail(batch, e);
            return;
        }
        try {
            // Requests were validated against the version serving when they arrived; a swap in between may
            // have changed the signature, so check again and run only what fits.
            // groups by shape; nearly always one, so a short list of (shape, requests) instead of a map
            List<long[]> shapes = new ArrayList<>(1);
            List<List<Pending>> groups = new ArrayList<>(1);
            ModelSignature.Entry input = model.signature().inputs().get(0);
            for (Pending pending : batch) {
                try {
                    if (model.signature().fastPathProblem() != null) {
                        throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + model.name() + "': "
                                + model.signature().fastPathProblem());
                    }
                    TensorValidation.floatInput(model.name(), input, pending.input(), pending.shape());
                    int group = 0;
                    while (group < shapes.size() && !Arrays.equals(shapes.get(group), pending.shape())) {
                        group++;
                    }
                    if (group == shapes.size()) {
                        shapes.add(pending.shape());
                        groups.add(new ArrayList<>(batch.size()));
                    }
                    groups.get(group).add(pending);
                } catch (KuraException e) {
                    this.slot.stats().error();
                    pending.answer().completeExceptionally(e);
                }
            }
            boolean batchable = model.signature().batchable();
            for (List<Pending> group : groups) {
                if (batchable) {
                    runGroup(model, group);
                } else {
                    for (Pending pending : group) {
                        runGroup(model, List.of(pending));
                    }
                }
            }
        } finally {
            model.release();
            this.slot.active().decrementAndGet();
        }
    }

    private void runGroup(LoadedModel model, List<Pending> group) {
        int n = group.size();
        Pending first = group.get(0);
        int rowLength = first.input().length;
        float[] input;
        long[] shape = first.shape().clone();
        if (n == 1) {
            input = first.input();
        } else {
            input = new float[n * rowLength];
            for (int i = 0; i < n; i++) {
                System.arraycopy(group.get(i).input(), 0, input, i * rowLength, rowLength);
            }
            shape[0] = n;
        }
        float[] output;
        try {
            output = model.runFloats(input, shape);
        } catch (RuntimeException e) {
            KuraException failure = new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + model.name()
                    + "' version " + model.version() + ": TensorFlow failed on a batch of " + n + ": " + e.getMessage());
            for (Pending pending : group) {
                this.slot.stats().error();
                pending.answer().completeExceptionally(failure);
            }
            return;
        }
        this.slot.stats().run();
        int outputRow = output.length / n;
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Pending pending = group.get(i);
            float[] row = n == 1 ? output : Arrays.copyOfRange(output, i * outputRow, (i + 1) * outputRow);
            this.slot.stats().success(now - pending.arrivalNanos());
            pending.answer().complete(row);
        }
    }

    private void failQueued() {
        List<Pending> left = new ArrayList<>();
        for (Pending next = this.queue.poll(); next != null; next = this.queue.poll()) {
            left.add(next);
        }
        fail(left, stopped());
    }

    private void fail(List<Pending> pendings, KuraException failure) {
        for (Pending pending : pendings) {
            if (pending.answer().completeExceptionally(failure)) {
                this.slot.stats().error();
            }
        }
    }

    private KuraException stopped() {
        return new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE,
                "model '" + this.slot.name() + "' was unloaded or the engine stopped");
    }
}
