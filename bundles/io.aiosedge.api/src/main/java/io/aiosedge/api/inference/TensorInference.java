package io.aiosedge.api.inference;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Fast inference on float32 tensors for models with one input and one output, registered by an inference
 * engine next to Kura's {@code InferenceEngineService}. Shapes include the batch dimension, e.g.
 * {@code [1, 64]} for one window of 64 samples.
 */
@ProviderType
public interface TensorInference {

    /**
     * Runs the model synchronously on one input tensor (row-major values) and returns the output values.
     *
     * @throws KuraException naming the model and what was expected vs received when the model is unknown or
     *         the shape does not match its signature
     */
    float[] infer(String model, float[] input, long... shape) throws KuraException;

    /**
     * Runs the model asynchronously; concurrent calls for the same model may be coalesced into one batch
     * (up to the engine's max batch size / max queue delay). Errors complete the stage exceptionally with
     * a {@link KuraException}.
     */
    CompletionStage<float[]> inferAsync(String model, float[] input, long... shape);

    /** Names of the models loaded now. */
    Set<String> models();

    /** Statistics of a loaded model since it was loaded; {@code null} when it is not loaded. */
    ModelStatistics statistics(String model);
}
