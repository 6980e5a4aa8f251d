package io.aiosedge.inference.tensorflow.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The named threads of one engine activation, all daemons starting with
 * {@value TensorFlowInferenceEngine#THREAD_NAME_PREFIX}: {@code -close-<instance>-<n>}, one thread that closes
 * retired model versions off the request path; {@code -async-<instance>-<n>}, the pool that runs unbatched
 * {@code inferAsync} calls (one per core when the option is 0); and the names of the batch threads the
 * {@link RequestBatcher}s start, {@code -batch-<instance>-<model>-<n>}. Created by the engine's constructor, shut
 * down by its deactivation.
 *
 * <p>Thread-safe: executors and an atomic counter; no lock of its own.
 */
final class EngineThreads {

    private final String instance;
    private final ExecutorService closer;
    private final ExecutorService async;
    private final AtomicInteger batchThreads = new AtomicInteger();

    /** @param asyncThreads threads of the async pool; 0: one per core */
    EngineThreads(String instance, int asyncThreads) {
        String prefix = TensorFlowInferenceEngine.THREAD_NAME_PREFIX;
        this.instance = instance;
        this.closer = Executors.newSingleThreadExecutor(threads(prefix + "-close-" + instance + "-"));
        int count = asyncThreads == 0 ? Runtime.getRuntime().availableProcessors() : asyncThreads;
        this.async = Executors.newFixedThreadPool(count, threads(prefix + "-async-" + instance + "-"));
    }

    /** The pool of unbatched {@code inferAsync} calls. */
    Executor async() {
        return this.async;
    }

    /** The name of the next batch thread, for the model. */
    String batchThreadName(String model) {
        return TensorFlowInferenceEngine.THREAD_NAME_PREFIX + "-batch-" + this.instance + "-" + model + "-"
                + this.batchThreads.incrementAndGet();
    }

    /** Closes retired models off the request path; inline once the closer thread is gone. */
    void closeLater(Runnable close) {
        try {
            this.closer.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    /** Shuts both executors down and waits for each at most {@code timeoutMillis} ms (keeps an interrupt). */
    void shutdown(long timeoutMillis) {
        this.async.shutdown();
        this.closer.shutdown();
        try {
            this.async.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
            this.closer.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
