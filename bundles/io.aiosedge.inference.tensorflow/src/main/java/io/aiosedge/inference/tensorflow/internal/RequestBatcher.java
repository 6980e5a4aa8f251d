package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

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
                Pending first = this.queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                this.queue.drainTo(batch, this.maxBatchSize - 1);
                if (batch.size() < this.maxBatchSize && this.maxDelayNanos > 0) {
                    long deadline = first.arrivalNanos() + this.maxDelayNanos;
                    while (batch.size() < this.maxBatchSize) {
                        long left = deadline - System.nanoTime();
                        Pending next = left > 0 ? this.queue.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                        this.queue.drainTo(batch, this.maxBatchSize - batch.size());
                    }
                }
                run(batch);
            } catch (InterruptedException e) {
                if (this.running) {
                    LOG.warn("model '{}': batch thread interrupted while running", this.slot.name());
                }
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
            Map<List<Long>, List<Pending>> byShape = new LinkedHashMap<>();
            ModelSignature.Entry input = model.signature().inputs().get(0);
            for (Pending pending : batch) {
                try {
                    if (model.signature().fastPathProblem() != null) {
                        throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + model.name() + "': "
                                + model.signature().fastPathProblem());
                    }
                    TensorValidation.floatInput(model.name(), input, pending.input(), pending.shape());
                    List<Long> key = new ArrayList<>();
                    for (long dimension : pending.shape()) {
                        key.add(dimension);
                    }
                    byShape.computeIfAbsent(key, k -> new ArrayList<>()).add(pending);
                } catch (KuraException e) {
                    this.slot.stats().error();
                    pending.answer().completeExceptionally(e);
                }
            }
            boolean batchable = model.signature().batchable();
            for (List<Pending> group : byShape.values()) {
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
        this.queue.drainTo(left);
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
