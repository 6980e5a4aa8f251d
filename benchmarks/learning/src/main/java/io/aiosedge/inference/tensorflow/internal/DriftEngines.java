package io.aiosedge.inference.tensorflow.internal;

import java.util.Map;

/**
 * Builds and stops our TensorFlow engine outside OSGi for the drift benchmark (no bundle context: no model bundles,
 * a temporary data area for installed versions, no request handler), the way the engine's own tests do.
 */
public final class DriftEngines {

    private DriftEngines() {
    }

    /**
     * @param instance the engine's name (its data area's name too)
     * @param models model name → SavedModel folder, loaded at start
     * @param threads TensorFlow intra- and inter-op threads (0: TensorFlow's defaults)
     * @return a running engine, batching off (one caller per window, as a gateway's task runs)
     */
    public static TensorFlowInferenceEngine start(String instance, Map<String, String> models, int threads) {
        return new TensorFlowInferenceEngine(new EngineOptions(instance, models, null, threads, threads, 1, 0,
                EngineOptions.Device.CPU, false, 0), null, "");
    }

    /** Stops the engine: waits for running requests, closes every session. */
    public static void stop(TensorFlowInferenceEngine engine) {
        engine.deactivate();
    }
}
