package org.eclipse.kura.ai.inference;

import java.util.List;
import java.util.Optional;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code InferenceEngineService}: runs models on an inference engine. */
@ProviderType
public interface InferenceEngineService {

    List<Tensor> infer(ModelInfo modelInfo, List<Tensor> inputData) throws KuraException;

    void loadModel(String modelName, Optional<String> modelPath) throws KuraException;

    void unloadModel(String modelName) throws KuraException;

    boolean isModelLoaded(String modelName) throws KuraException;

    List<String> getModelNames() throws KuraException;

    Optional<ModelInfo> getModelInfo(String modelName) throws KuraException;

    boolean isEngineReady() throws KuraException;
}
