package io.aiosedge.itests.inference;

import static org.ops4j.pax.exam.CoreOptions.composite;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.ops4j.pax.exam.Option;

import io.aiosedge.itests.OsgiTestSupport;

/**
 * Base of the inference ITs: the platform plus the TensorFlow runtime (x86_64 natives) and the inference
 * engine, which live in their own copy directory because TensorFlow's natives load once per JVM. Failsafe
 * runs each of these classes in a JVM of its own (execution "inference" in itests/pom.xml).
 */
public abstract class InferenceTestSupport extends OsgiTestSupport {

    /** Directory the build copied the TensorFlow runtime and inference bundles into. */
    protected static final Path INFERENCE_BUNDLES_DIR = Paths
            .get(System.getProperty("aios.inference.bundles.dir", "target/inference-bundles"));

    /** Symbolic name of the TensorFlow library bundle. */
    protected static final String RUNTIME_BSN = "io.aiosedge.tensorflow.runtime";

    /** The platform, every feature, the TensorFlow runtime and the inference engine, all started. */
    protected static Option inferencePlatform() {
        return composite(platform(), bundlesIn(INFERENCE_BUNDLES_DIR));
    }
}
