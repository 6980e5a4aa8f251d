package io.aiosedge.cloud.worker.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.inference.TensorInference;

/**
 * Runs each model a few times on zeros of its input shape before the worker joins the group: a model's first runs
 * (graph optimisation, JIT) take tens of milliseconds, and a worker that has just joined under load would otherwise
 * refuse its first requests as overloaded. The shape comes from Kura's {@link InferenceEngineService} when the
 * engine provides it (ours registers both interfaces as one service); otherwise there is no warm-up. A model that
 * cannot be warmed up is logged and skipped.
 *
 * <p>Stateless; called by the {@link CloudWorker} on its state thread while it holds the worker's lock (as before
 * this was split out of it). Starts no thread.
 */
final class ModelWarmUp {

    // Logs under the worker's name, as it did before the warm-up was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(CloudWorker.class);
    private static final int WARM_UP_RUNS = 3;

    private ModelWarmUp() {
    }

    /** Warms up the worker's models on the inference service; caller holds the worker's lock. */
    static void run(WorkerOptions options, TensorInference inference) {
        if (!(inference instanceof InferenceEngineService)) {
            return;
        }
        InferenceEngineService engine = (InferenceEngineService) inference;
        for (String model : options.models()) {
            try {
                Optional<ModelInfo> info = engine.getModelInfo(model);
                if (info.isEmpty() || info.get().getInputs().size() != 1) {
                    continue;
                }
                List<Long> declared = info.get().getInputs().get(0).getShape();
                if (declared.isEmpty()) {
                    continue;
                }
                long[] shape = new long[declared.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = declared.get(i) == null || declared.get(i) < 1 ? 1 : declared.get(i);
                    count *= shape[i];
                }
                float[] zeros = new float[(int) count];
                long start = System.nanoTime();
                for (int i = 0; i < WARM_UP_RUNS; i++) {
                    inference.infer(model, zeros, shape);
                }
                LOG.info("Cloud worker {}: model {} warmed up ({} runs on {} in {} ms)", options.workerId(), model,
                        WARM_UP_RUNS, Arrays.toString(shape), (System.nanoTime() - start) / 1_000_000);
            } catch (KuraException | RuntimeException e) {
                LOG.info("Cloud worker {}: no warm-up of model {}: {}", options.workerId(), model, e.getMessage());
            }
        }
    }
}
