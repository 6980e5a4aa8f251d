package io.aiosedge.cloud.worker.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;

/**
 * A TensorInference stand-in: each row's output is the sum of its values; model "broken" fails; a gate can hold
 * every computation until the test opens it.
 */
class FakeInference implements TensorInference {

    final Set<String> loaded = ConcurrentHashMap.newKeySet();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger computing = new AtomicInteger();
    /** Shapes of every call, in order. */
    final java.util.List<String> shapes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    FakeInference(String... models) {
        loaded.addAll(Set.of(models));
    }

    /** Computations wait until {@link #open()}. */
    void close() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    @Override
    public float[] infer(String model, float[] input, long... shape) throws KuraException {
        calls.incrementAndGet();
        shapes.add(model + java.util.Arrays.toString(shape));
        computing.incrementAndGet();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("gate never opened");
            }
            if (model.equals("broken")) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model broken: expected [1, 3], got "
                        + java.util.Arrays.toString(shape));
            }
            int rows = (int) shape[0];
            int width = input.length / rows;
            float[] out = new float[rows];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < width; i++) {
                    out[r] += input[r * width + i];
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "interrupted");
        } finally {
            computing.decrementAndGet();
        }
    }

    @Override
    public CompletionStage<float[]> inferAsync(String model, float[] input, long... shape) {
        try {
            return CompletableFuture.completedFuture(infer(model, input, shape));
        } catch (KuraException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Set<String> models() {
        return Set.copyOf(loaded);
    }

    @Override
    public ModelStatistics statistics(String model) {
        return loaded.contains(model) ? new ModelStatistics(model, "1.0.0", 0, 0, 0, 0, 0, 0) : null;
    }
}
