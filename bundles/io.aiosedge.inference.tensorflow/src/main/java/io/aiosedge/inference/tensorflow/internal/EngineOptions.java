package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The validated settings of one engine instance (see {@link TensorFlowInferenceEngine.Config}).
 *
 * @param instanceName the instance's {@code kura.service.pid} (or {@code service.pid}), for thread names and
 *        its data folder
 * @param models models to load at activation: name → SavedModel directory (relative paths resolve against
 *        {@code modelDirectory}), in configuration order
 * @param modelDirectory folder whose sub-folders holding a {@code saved_model.pb} are loaded at activation,
 *        each under its folder name; null when not set
 * @param intraOpThreads threads TensorFlow uses inside one operation; 0 lets TensorFlow choose
 * @param interOpThreads threads TensorFlow uses to run independent operations; 0 lets TensorFlow choose
 * @param maxBatchSize most requests coalesced into one session run; 1 disables batching
 * @param maxBatchDelayMicros how long a queued request waits for companions, µs
 * @param device where sessions run
 * @param modelBundles whether model bundles (AIOS-Model header) are loaded
 * @param asyncThreads threads running {@code inferAsync} calls that are not batched
 */
record EngineOptions(String instanceName, Map<String, String> models, Path modelDirectory, int intraOpThreads,
        int interOpThreads, int maxBatchSize, long maxBatchDelayMicros, Device device, boolean modelBundles,
        int asyncThreads) {

    /** Where sessions run. */
    enum Device {
        CPU, GPU
    }

    /** Upper bound of the thread settings: beyond this a typo is more likely than a wish. */
    static final int MAX_THREADS = 1024;
    /** Upper bound of the max batch size. */
    static final int MAX_BATCH_SIZE = 4096;
    /** Upper bound of the batch delay: 1 s. */
    static final long MAX_DELAY_MICROS = 1_000_000;

    EngineOptions {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    /** @return whether requests are coalesced */
    boolean batching() {
        return this.maxBatchSize > 1;
    }

    /**
     * Validates a configuration.
     *
     * @param config the typed configuration
     * @param properties all component properties (for the instance name)
     * @return the options
     * @throws IllegalArgumentException naming the property and its value when a value is not valid
     */
    static EngineOptions from(TensorFlowInferenceEngine.Config config, Map<String, Object> properties) {
        Object pid = properties.get("kura.service.pid");
        if (pid == null || pid.toString().isBlank()) {
            pid = properties.getOrDefault("service.pid", "engine");
        }
        Path modelDirectory = null;
        String directory = config.model_directory() == null ? "" : config.model_directory().trim();
        if (!directory.isEmpty()) {
            modelDirectory = path("model.directory", directory);
        }
        Map<String, String> models = parseModels(config.models());
        for (Map.Entry<String, String> model : models.entrySet()) {
            Path path = path("models", model.getValue());
            if (!path.isAbsolute() && modelDirectory == null) {
                throw new IllegalArgumentException("models: '" + model.getKey() + "=" + model.getValue()
                        + "' is a relative path but model.directory is not set");
            }
        }
        return new EngineOptions(pid.toString(), models, modelDirectory,
                range("intra.op.threads", config.intra_op_threads(), 0, MAX_THREADS),
                range("inter.op.threads", config.inter_op_threads(), 0, MAX_THREADS),
                range("batching.max.size", config.batching_max_size(), 1, MAX_BATCH_SIZE),
                rangeLong("batching.max.delay.us", config.batching_max_delay_us(), 0, MAX_DELAY_MICROS),
                device(config.device()), config.model_bundles(),
                range("async.threads", config.async_threads(), 0, MAX_THREADS));
    }

    /**
     * Parses {@code name=path} entries separated by commas, semicolons or new lines.
     *
     * @throws IllegalArgumentException naming {@code models} and the bad entry
     */
    static Map<String, String> parseModels(String value) {
        Map<String, String> models = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return models;
        }
        for (String entry : value.split("[,;\\n]")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String name = equals < 0 ? "" : trimmed.substring(0, equals).trim();
            String path = equals < 0 ? "" : trimmed.substring(equals + 1).trim();
            if (name.isEmpty() || path.isEmpty() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("models: '" + trimmed
                        + "' is not name=path (name: letters, digits, '.', '_', '-')");
            }
            if (models.put(name, path) != null) {
                throw new IllegalArgumentException("models: model '" + name + "' is listed twice");
            }
        }
        return models;
    }

    /** @return the directory of a configured model, resolved against the model directory */
    Path resolve(String path) {
        Path resolved = Paths.get(path);
        return resolved.isAbsolute() || this.modelDirectory == null ? resolved : this.modelDirectory.resolve(resolved);
    }

    private static Path path(String property, String value) {
        try {
            return Paths.get(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(property + ": '" + value + "' is not a valid path", e);
        }
    }

    private static Device device(String value) {
        String normalized = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        try {
            return Device.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device: '" + value + "' is not CPU or GPU", e);
        }
    }

    private static int range(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + ": " + value + " is not between " + min + " and " + max);
        }
        return value;
    }

    private static long rangeLong(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + ": " + value + " is not between " + min + " and " + max);
        }
        return value;
    }
}
