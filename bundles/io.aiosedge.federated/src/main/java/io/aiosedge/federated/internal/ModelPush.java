package io.aiosedge.federated.internal;

import java.nio.file.Path;

/**
 * Where a validated global version goes after a round. The gateways' path for a new model is the engine's
 * {@code models} command fed by io.aiosedge.learning.cloud's model offers (signed zip, SHA-256); that class is
 * private to its bundle, so this bundle does not push on its own yet: each version is kept as a trainable SavedModel
 * and handed to this seam, which the tests and the benchmark record.
 */
@FunctionalInterface
public interface ModelPush {

    /**
     * @param model the engine model name
     * @param version the global version (1, 2, …)
     * @param savedModel the version as a trainable SavedModel folder
     * @throws Exception when the push failed (the round keeps its version; the failure is shown)
     */
    void push(String model, int version, Path savedModel) throws Exception;
}
