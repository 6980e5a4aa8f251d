package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * What the JMH benchmarks of this module share: where the edge anomaly model is (trained once by
 * {@link InferenceJmhRunner} and handed to the forked benchmark JVMs as a system property), the input window and
 * how an engine is built outside OSGi (the same way {@link InferenceBenchmark} builds it).
 */
final class EdgeModelFixture {

    /** System property holding the edge model's SavedModel folder. */
    static final String MODEL_PROPERTY = "aios.bench.edge.model";
    /** The edge model's name in the engine and its window width (samples). */
    static final String MODEL = "edge";
    static final int WIDTH = 64;

    private EdgeModelFixture() {
    }

    /** The SavedModel folder named by {@link #MODEL_PROPERTY}; a missing or wrong value says how to run. */
    static Path modelFolder() {
        String value = System.getProperty(MODEL_PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + MODEL_PROPERTY + " is not set: run the benchmarks"
                    + " through InferenceJmhRunner, which trains the model and sets it");
        }
        Path folder = Paths.get(value);
        if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) {
            throw new IllegalStateException(MODEL_PROPERTY + "=" + value + " holds no saved_model.pb");
        }
        return folder;
    }

    /** The input row every benchmark feeds: a sine of period ≈ 31 samples, as the scenario harness feeds. */
    static float[] window() {
        float[] window = new float[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            window[i] = (float) Math.sin(i / 5.0);
        }
        return window;
    }

    /**
     * An engine with the edge model loaded, TensorFlow's own thread defaults and no model bundles.
     *
     * @param maxBatch most requests per session run; 1 turns batching off
     */
    static TensorFlowInferenceEngine engine(int maxBatch) {
        return new TensorFlowInferenceEngine(new EngineOptions("jmh", Map.of(MODEL, modelFolder().toString()), null,
                0, 0, maxBatch, 0, EngineOptions.Device.CPU, false, 0), null, "");
    }
}
