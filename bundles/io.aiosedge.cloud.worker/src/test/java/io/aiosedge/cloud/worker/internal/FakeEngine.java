package io.aiosedge.cloud.worker.internal;

import java.util.List;
import java.util.Optional;

import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;

/** A {@link FakeInference} that is also Kura's InferenceEngineService, as the TensorFlow engine is: every model
 * takes one FP32 input {@code [-1, 4]}. */
final class FakeEngine extends FakeInference implements InferenceEngineService {

    FakeEngine(String... models) {
        super(models);
    }

    @Override
    public List<Tensor> infer(ModelInfo modelInfo, List<Tensor> inputData) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void loadModel(String modelName, Optional<String> modelPath) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unloadModel(String modelName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isModelLoaded(String modelName) {
        return loaded.contains(modelName);
    }

    @Override
    public List<String> getModelNames() {
        return List.copyOf(loaded);
    }

    @Override
    public Optional<ModelInfo> getModelInfo(String modelName) {
        if (!loaded.contains(modelName)) {
            return Optional.empty();
        }
        return Optional.of(ModelInfo.builder(modelName)
                .addInputDescriptor(TensorDescriptor.builder("window", "FP32", List.of(-1L, 4L)).build())
                .addOutputDescriptor(TensorDescriptor.builder("anomaly", "FP32", List.of(-1L, 1L)).build()).build());
    }

    @Override
    public boolean isEngineReady() {
        return true;
    }
}
