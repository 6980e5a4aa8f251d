package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/**
 * The models of one engine by name. Each name is a {@link Slot} whose serving version can be replaced at any
 * time: loading a new version happens outside any lock, then the slot points to it and the old version is
 * retired, which closes it once the requests that hold it have finished ({@link LoadedModel} reference
 * counting). A version that fails to load leaves the previous one serving.
 */
final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** One model name: the version serving now, statistics, and the batcher when batching applies. */
    static final class Slot {
        private final String name;
        private final ModelStats stats = new ModelStats();
        /** Requests running directly (not through the batcher) or batches running now. */
        private final AtomicInteger active = new AtomicInteger();
        private volatile LoadedModel current;
        private volatile RequestBatcher batcher;

        Slot(String name) {
            this.name = name;
        }

        String name() {
            return this.name;
        }

        ModelStats stats() {
            return this.stats;
        }

        AtomicInteger active() {
            return this.active;
        }

        /** @return the version serving now, null once unloaded */
        LoadedModel current() {
            return this.current;
        }

        /** @return the batcher, null when batching is off or the model cannot be batched */
        RequestBatcher batcher() {
            return this.batcher;
        }

        /**
         * Takes a reference to the version serving now; the caller must {@link LoadedModel#release()} it.
         *
         * @throws KuraException INVALID_PARAMETER when the model was unloaded
         */
        LoadedModel acquire() throws KuraException {
            while (true) {
                LoadedModel model = this.current;
                if (model == null) {
                    throw notLoaded(this.name);
                }
                if (model.acquire()) {
                    return model;
                }
                // Retired and drained between the read and the acquire: the slot points to its successor.
                Thread.onSpinWait();
            }
        }
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final ConfigProto sessionConfig;
    private final Consumer<Runnable> closer;
    private final BatcherFactory batcherFactory;
    private volatile boolean closedForLoads;

    /** Creates the batcher of a slot (or returns null when batching is off). */
    interface BatcherFactory {
        RequestBatcher create(Slot slot);
    }

    /**
     * @param sessionConfig options of every session
     * @param closer runs the closing of retired versions (an executor of the engine)
     * @param batcherFactory creates a slot's batcher
     */
    ModelRegistry(ConfigProto sessionConfig, Consumer<Runnable> closer, BatcherFactory batcherFactory) {
        this.sessionConfig = sessionConfig;
        this.closer = closer;
        this.batcherFactory = batcherFactory;
    }

    /**
     * Loads a version and makes it serve under {@code name}, retiring the previous version.
     *
     * @return the loaded version
     * @throws KuraException naming the model when the SavedModel cannot be loaded; the previous version
     *         keeps serving
     */
    LoadedModel load(String name, String version, LoadedModel.Source source, Path directory) throws KuraException {
        checkName(name);
        if (this.closedForLoads) {
            throw new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE, "model '" + name + "': engine is stopping");
        }
        LoadedModel fresh = LoadedModel.load(name, version, source, directory, this.sessionConfig, this.closer);
        LoadedModel previous;
        Slot slot = this.slots.computeIfAbsent(name, Slot::new);
        synchronized (slot) {
            if (this.closedForLoads || this.slots.get(name) != slot) {
                fresh.release();
                throw new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE, "model '" + name
                        + "' was unloaded or the engine stopped while loading");
            }
            previous = slot.current;
            slot.current = fresh;
            if (slot.batcher == null && fresh.signature().batchable()) {
                slot.batcher = this.batcherFactory.create(slot);
            }
        }
        if (previous != null) {
            LOG.info("model '{}': version {} ({}) replaces {} ({}); the old version closes when its requests finish",
                    name, version, source, previous.version(), previous.source());
            previous.release();
        } else {
            LOG.info("model '{}' version {} loaded from {} ({}): {}", name, version, directory, source,
                    fresh.signature().describe());
        }
        return fresh;
    }

    /**
     * Unloads a model when {@code condition} holds for its serving version.
     *
     * @return true when it was unloaded
     */
    boolean unloadIf(String name, Predicate<LoadedModel> condition) {
        return retireIf(name, condition) != null;
    }

    /** Removes the slot when {@code condition} holds for its serving version; returns that version or null. */
    private LoadedModel retireIf(String name, Predicate<LoadedModel> condition) {
        Slot slot = this.slots.get(name);
        if (slot == null) {
            return null;
        }
        LoadedModel retired;
        RequestBatcher batcher;
        synchronized (slot) {
            LoadedModel current = slot.current;
            if (current == null || !condition.test(current) || !this.slots.remove(name, slot)) {
                return null;
            }
            retired = current;
            slot.current = null;
            batcher = slot.batcher;
            slot.batcher = null;
        }
        if (batcher != null) {
            batcher.stop();
        }
        retired.release();
        LOG.info("model '{}' version {} unloaded", name, retired.version());
        return retired;
    }

    /**
     * @throws KuraException INVALID_PARAMETER when no model of that name is loaded
     */
    void unload(String name) throws KuraException {
        if (!unloadIf(name, model -> true)) {
            throw notLoaded(name);
        }
    }

    /** @throws KuraException INVALID_PARAMETER naming the model and the loaded ones */
    Slot slot(String name) throws KuraException {
        Slot slot = name == null ? null : this.slots.get(name);
        if (slot == null) {
            throw notLoaded(name);
        }
        return slot;
    }

    /** @return the slot, or null */
    Slot find(String name) {
        return name == null ? null : this.slots.get(name);
    }

    /** @return names of the loaded models, sorted */
    Set<String> names() {
        return new TreeSet<>(this.slots.keySet());
    }

    /** @return the serving versions, by name */
    List<LoadedModel> serving() {
        List<LoadedModel> models = new ArrayList<>();
        for (String name : names()) {
            Slot slot = this.slots.get(name);
            LoadedModel model = slot == null ? null : slot.current;
            if (model != null) {
                models.add(model);
            }
        }
        return models;
    }

    /**
     * Unloads every model and waits up to {@code timeoutMs} for their sessions to close (requests still running
     * finish first).
     *
     * @return the models whose sessions were not closed in time
     */
    List<String> close(long timeoutMs) throws InterruptedException {
        this.closedForLoads = true;
        List<LoadedModel> retired = new ArrayList<>();
        for (String name : names()) {
            LoadedModel model = retireIf(name, any -> true);
            if (model != null) {
                retired.add(model);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<String> open = new ArrayList<>();
        for (LoadedModel model : retired) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!model.awaitClosed(left, TimeUnit.NANOSECONDS)) {
                open.add(model.toString());
            }
        }
        return open;
    }

    static void checkName(String name) throws KuraException {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model name '" + name
                    + "' is not valid: letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    /**
     * INVALID_PARAMETER, not NOT_FOUND: Kura's KuraException formats NOT_FOUND as the fixed text "Not found." and
     * drops the arguments, while INVALID_PARAMETER's pattern keeps them ("Invalid parameter. model 'x' is not
     * loaded").
     */
    static KuraException notLoaded(String name) {
        return new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + name + "' is not loaded");
    }
}
