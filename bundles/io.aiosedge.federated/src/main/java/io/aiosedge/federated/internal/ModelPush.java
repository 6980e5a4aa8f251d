package io.aiosedge.federated.internal;

import java.nio.file.Path;
import java.util.Map;

import io.aiosedge.models.learning.TrainableModel;

/**
 * Where a validated global version goes after a round. The component pushes with {@link OfferPush} (a model offer
 * the gateways' model updates install); tests and the benchmark pass their own to record the versions.
 */
@FunctionalInterface
public interface ModelPush {

    /**
     * @param model the engine model name
     * @param version the global version (1, 2, …)
     * @param trained the coordinator's model, holding the version's weights (for other forms, e.g. int8)
     * @param savedModel the version as a trainable SavedModel folder
     * @param scores what describes the version (held-out F1 and loss, round, updates averaged)
     * @throws Exception when the push failed (the round keeps its version; the failure is shown)
     */
    void push(String model, int version, TrainableModel trained, Path savedModel, Map<String, Object> scores)
            throws Exception;

    /** @return what {@code aios:fedrounds} says about where the pushes go; empty when nothing to say */
    default String describe() {
        return "";
    }
}
