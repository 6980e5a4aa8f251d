package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.kura.KuraException;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;

/**
 * What the shell and the cloud request handler need from an engine beyond Kura's and our public API: model
 * sources and signatures, loading from a path, and installing a checked package. Registered by each engine
 * instance as a bundle-private service.
 */
interface ModelCatalog extends TensorInference {

    /**
     * A loaded model as the shell lists it.
     *
     * @param name the model name
     * @param version the serving version
     * @param source where it came from
     * @param directory its SavedModel directory
     * @param signature e.g. {@code window FP32 [-1, 64] -> anomaly FP32 [-1, 1]}
     * @param statistics its counters and latency percentiles
     */
    record ModelEntry(String name, String version, LoadedModel.Source source, Path directory, String signature,
            ModelStatistics statistics) {
    }

    /** @return the engine instance's kura.service.pid */
    String instanceName();

    /** @return the loaded models, by name */
    List<ModelEntry> entries();

    /**
     * Loads (or hot-swaps) a SavedModel directory under a name.
     *
     * @param version the version to report; null derives one from the SavedModel's content
     * @throws KuraException naming the model when it cannot be loaded (the previous version keeps serving)
     */
    ModelEntry load(String name, Path directory, String version) throws KuraException;

    /** @throws KuraException INVALID_PARAMETER when no such model is loaded */
    void unload(String name) throws KuraException;

    /**
     * Installs a model package (a zip of a SavedModel directory, or a directory) after checking its SHA-256,
     * then loads it, replacing the serving version.
     *
     * @param name the model name
     * @param version the version to report; null uses the first 12 hex digits of the digest
     * @param source a zip file or a SavedModel directory
     * @param expectedSha256 the digest the sender computed, 64 hex digits ({@link ModelArchive#sha256(Path)})
     * @throws KuraException SECURITY_EXCEPTION naming the model, expected and received digest when they
     *         differ; the previous version keeps serving
     */
    ModelEntry install(String name, String version, Path source, String expectedSha256) throws KuraException;
}
