package io.aiosedge.inference.tensorflow.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;

import io.aiosedge.api.inference.TensorInference;

/**
 * The engine's {@link TensorInference} fast path: float arrays in and out, checked against the model's one input,
 * run directly on the caller's thread, or queued for the model's next batch when the model batches, the request is
 * one row and another request is running ({@link RequestBatcher}); {@code inferAsync} runs unbatched requests on the
 * engine's async threads. Every request counts in its model's statistics, errors included.
 *
 * <p>The engine checks that it runs and takes the start time, then calls here through one final field. Thread-safe:
 * its fields are final and the registry swaps model versions without blocking requests (a request holds its version
 * by reference count until it ends). No lock or thread of its own.
 */
final class FloatInference {

    private final ModelRegistry registry;
    private final Executor async;
    private final String instanceName;

    FloatInference(ModelRegistry registry, Executor async, String instanceName) {
        this.registry = registry;
        this.async = async;
        this.instanceName = instanceName;
    }

    /** {@link TensorInference#infer}, from {@code start} ({@link System#nanoTime()}, ns) on. */
    float[] infer(String model, float[] input, long[] shape, long start) throws KuraException {
        ModelRegistry.Slot slot = this.registry.slot(model);
        RequestBatcher batcher = slot.batcher();
        if (batcher != null && shape != null && shape.length > 0 && shape[0] == 1 && slot.active().get() > 0) {
            // Another request is running: queue for the next batch instead of competing for the cores.
            LoadedModel current = slot.current();
            if (current == null) {
                throw ModelRegistry.notLoaded(model);
            }
            validateFloat(slot, current, input, shape);
            return await(model, batcher.submit(input, shape, start));
        }
        return runDirect(slot, input, shape, start);
    }

    /** {@link TensorInference#inferAsync}, from {@code start} ({@link System#nanoTime()}, ns) on. */
    CompletionStage<float[]> inferAsync(String model, float[] input, long[] shape, long start) {
        try {
            ModelRegistry.Slot slot = this.registry.slot(model);
            RequestBatcher batcher = slot.batcher();
            if (batcher != null && shape != null && shape.length > 0 && shape[0] == 1) {
                LoadedModel current = slot.current();
                if (current == null) {
                    throw ModelRegistry.notLoaded(model);
                }
                validateFloat(slot, current, input, shape);
                return batcher.submit(input, shape, start);
            }
            CompletableFuture<float[]> answer = new CompletableFuture<>();
            this.async.execute(() -> {
                try {
                    answer.complete(runDirect(slot, input, shape, start));
                } catch (KuraException | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer;
        } catch (KuraException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE,
                    "model '" + model + "': engine '" + this.instanceName + "' is stopping"));
        }
    }

    private static float[] runDirect(ModelRegistry.Slot slot, float[] input, long[] shape, long start)
            throws KuraException {
        slot.active().incrementAndGet();
        try {
            LoadedModel model = slot.acquire();
            try {
                validateFloat(slot, model, input, shape);
                float[] output = model.runFloats(input, shape);
                slot.stats().run();
                slot.stats().success(System.nanoTime() - start);
                return output;
            } catch (RuntimeException e) {
                slot.stats().error();
                throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + model.name() + "' version "
                        + model.version() + ": TensorFlow failed: " + e.getMessage());
            } finally {
                model.release();
            }
        } finally {
            slot.active().decrementAndGet();
        }
    }

    private static void validateFloat(ModelRegistry.Slot slot, LoadedModel model, float[] input, long[] shape)
            throws KuraException {
        try {
            String problem = model.signature().fastPathProblem();
            if (problem != null) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + model.name() + "': " + problem);
            }
            TensorValidation.floatInput(model.name(), model.signature().inputs().get(0), input, shape);
        } catch (KuraException e) {
            slot.stats().error();
            throw e;
        }
    }

    private static float[] await(String model, CompletableFuture<float[]> answer) throws KuraException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KuraException kura) {
                throw kura;
            }
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e.getCause(), "model '" + model + "': " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + model + "': interrupted");
        }
    }
}
