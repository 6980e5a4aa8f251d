package io.aiosedge.learning.internal;

import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of {@link ModelUpdater}, got only when first needed (see the updater's constructor) and given back at
 * deactivation when it was got. Thread-safe on its own (its own lock, the supplier): the updater's thread and
 * {@code status()} (under the updater's monitor) both use it.
 */
final class LazyEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

    private final Supplier<InferenceEngineService> engineService;
    private volatile InferenceEngineService engine;
    /** Gives the engine back at deactivation when it was got (the bundle context's use count). */
    private Runnable release = () -> { };

    LazyEngine(Supplier<InferenceEngineService> engineService) {
        this.engineService = engineService;
    }

    void release(Runnable release) {
        this.release = release;
    }

    InferenceEngineService get() {
        InferenceEngineService e = engine;
        if (e == null) {
            synchronized (engineService) {
                e = engine;
                if (e == null) {
                    e = engineService.get();
                    engine = e;
                }
            }
        }
        return e;
    }

    Optional<ModelInfo> servingInfo(String model) {
        try {
            return get().getModelInfo(model);
        } catch (KuraException | RuntimeException e) {
            LOG.debug("no model info of {}: {}", model, e.getMessage());
            return Optional.empty();
        }
    }

    /** At deactivation: gives the engine back when it was got. */
    void close() {
        synchronized (engineService) {
            if (engine != null) {
                engine = null;
                release.run();
            }
        }
    }
}
