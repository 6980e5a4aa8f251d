package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;

/**
 * The engine's side of Kura's {@link InferenceEngineService} (all of it but {@code isEngineReady}): Kura tensors
 * checked against the model's signature and run by name, the configured sample windows served as models for Kura's
 * AI wire component, and Kura's load/unload calls mapped onto the engine's {@link ModelCatalog}. The float fast
 * path ({@code TensorInference}) does not go through here.
 *
 * <p>Thread-safe: its fields are final, requests hold their model version by reference count in the registry, and
 * each sample window guards itself. No lock or thread of its own.
 */
final class KuraInferenceAdapter {

    private final TensorFlowInferenceEngine engine;
    private final ModelRegistry registry;
    private final SampleWindows windows;
    private final EngineOptions options;

    KuraInferenceAdapter(TensorFlowInferenceEngine engine, ModelRegistry registry, SampleWindows windows,
            EngineOptions options) {
        this.engine = engine;
        this.registry = registry;
        this.windows = windows;
        this.options = options;
    }

    /** {@link InferenceEngineService#infer}. */
    List<Tensor> infer(ModelInfo modelInfo, List<Tensor> inputData) throws KuraException {
        long start = System.nanoTime();
        if (modelInfo == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "modelInfo is required");
        }
        String name = modelInfo.getName();
        this.engine.checkRunning(name);
        SampleWindows.Window window = this.windows.find(name);
        if (window != null) {
            return window.add(inputData);
        }
        ModelRegistry.Slot slot = this.registry.slot(name);
        slot.active().incrementAndGet();
        try {
            LoadedModel model = slot.acquire();
            try {
                List<Tensor> ordered = TensorValidation.kuraInputs(name, model.signature(), inputData);
                List<Tensor> outputs = model.runKura(ordered);
                slot.stats().run();
                slot.stats().success(System.nanoTime() - start);
                return outputs;
            } catch (KuraException e) {
                slot.stats().error();
                throw e;
            } catch (RuntimeException e) {
                slot.stats().error();
                throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + name + "' version "
                        + model.version() + ": TensorFlow failed: " + e.getMessage());
            } finally {
                model.release();
            }
        } finally {
            slot.active().decrementAndGet();
        }
    }

    /** {@link InferenceEngineService#loadModel}. */
    void loadModel(String modelName, Optional<String> modelPath) throws KuraException {
        boolean noPath = modelPath == null || modelPath.isEmpty() || modelPath.get().isBlank();
        if (noPath && (this.windows.find(modelName) != null || this.registry.find(modelName) != null)) {
            // Kura's AI wire component calls loadModel(name, Optional.empty()) for every model that is loaded
            // already, at each configuration and before records: the model keeps serving as it is.
            return;
        }
        Path directory;
        if (!noPath) {
            directory = Paths.get(modelPath.get());
        } else if (this.options.modelDirectory() != null) {
            directory = this.options.modelDirectory().resolve(modelName == null ? "" : modelName);
        } else {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + modelName
                    + "': no path given and model.directory is not set");
        }
        this.engine.load(modelName, directory, null);
    }

    /** {@link InferenceEngineService#unloadModel}. */
    void unloadModel(String modelName) throws KuraException {
        SampleWindows.Window window = this.windows.find(modelName);
        if (window != null) {
            window.clear(); // a configured window stays; unloading empties it
            return;
        }
        this.engine.unload(modelName);
    }

    /** {@link InferenceEngineService#isModelLoaded}. */
    boolean isModelLoaded(String modelName) {
        return this.windows.find(modelName) != null || this.registry.find(modelName) != null;
    }

    /** {@link InferenceEngineService#getModelNames}. */
    List<String> getModelNames() {
        List<String> names = new ArrayList<>(this.registry.names());
        names.addAll(this.windows.names());
        return names;
    }

    /** {@link InferenceEngineService#getModelInfo}. */
    Optional<ModelInfo> getModelInfo(String modelName) {
        SampleWindows.Window window = this.windows.find(modelName);
        if (window != null) {
            return Optional.of(window.info());
        }
        ModelRegistry.Slot slot = this.registry.find(modelName);
        LoadedModel current = slot == null ? null : slot.current();
        return current == null ? Optional.empty() : Optional.of(current.info());
    }
}
