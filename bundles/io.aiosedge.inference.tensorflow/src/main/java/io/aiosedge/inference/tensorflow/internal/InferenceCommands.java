package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.KuraException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.aiosedge.api.inference.ModelStatistics;

/**
 * Gogo commands (scope {@code aios}) for the TensorFlow engines: {@code models}, {@code loadmodel},
 * {@code unloadmodel}, {@code infer}. With several engine instances, a command that names a model acts on the
 * engine that has it; {@code loadmodel} takes an engine pid when there is more than one.
 */
@Component(service = Object.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=models",
        "osgi.command.function=loadmodel",
        "osgi.command.function=unloadmodel",
        "osgi.command.function=infer" })
public class InferenceCommands {

    /** Engines by instance name; a whiteboard, so the map changes while commands run. */
    private final Map<String, ModelCatalog> engines = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEngine(ModelCatalog engine) {
        this.engines.put(engine.instanceName(), engine);
    }

    void removeEngine(ModelCatalog engine) {
        // Only if the entry still holds this very engine (a new activation may have registered first).
        this.engines.remove(engine.instanceName(), engine);
    }

    /** Lists every loaded model: engine, name, version, source, signature and statistics (latencies in µs). */
    public String models() {
        if (this.engines.isEmpty()) {
            return "no TensorFlow engine (create a configuration of " + TensorFlowInferenceEngine.PID + ")";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %-16s %-14s %-9s %8s %6s %8s %8s %8s  %s%n",
                "ENGINE", "MODEL", "VERSION", "SOURCE", "CALLS", "ERRORS", "BATCHES", "P50(us)", "P99(us)",
                "SIGNATURE"));
        new TreeMap<>(this.engines).forEach((pid, engine) -> {
            for (ModelCatalog.ModelEntry entry : engine.entries()) {
                ModelStatistics stats = entry.statistics();
                out.append(String.format(Locale.ROOT, "%-20s %-16s %-14s %-9s %8d %6d %8d %8.0f %8.0f  %s%n", pid,
                        entry.name(), entry.version(), entry.source(), stats == null ? 0 : stats.calls(),
                        stats == null ? 0 : stats.errors(), stats == null ? 0 : stats.batches(),
                        stats == null ? 0 : stats.p50Micros(), stats == null ? 0 : stats.p99Micros(),
                        entry.signature()));
            }
        });
        return out.toString();
    }

    /** {@code aios:loadmodel <name> <SavedModel folder>}: loads or hot-swaps a model. */
    public String loadmodel(String name, String path) throws KuraException {
        return loadmodel(name, path, null);
    }

    /** {@code aios:loadmodel <name> <SavedModel folder> <engine pid>}. */
    public String loadmodel(String name, String path, String enginePid) throws KuraException {
        ModelCatalog engine = enginePid == null ? onlyEngine() : this.engines.get(enginePid);
        if (engine == null) {
            return "no engine '" + enginePid + "'; engines: " + new TreeMap<>(this.engines).keySet();
        }
        ModelCatalog.ModelEntry entry = engine.load(name, Paths.get(path), null);
        return "loaded " + entry.name() + " version " + entry.version() + " on " + engine.instanceName() + ": "
                + entry.signature();
    }

    /** {@code aios:unloadmodel <name>}. */
    public String unloadmodel(String name) throws KuraException {
        ModelCatalog engine = engineWith(name);
        engine.unload(name);
        return "unloaded " + name + " from " + engine.instanceName();
    }

    /**
     * {@code aios:infer <model> <v1> <v2> ...}: runs a one-input FP32 model on one row of values (commas or
     * spaces) and prints the output values.
     */
    public String infer(String model, String... values) throws KuraException {
        ModelCatalog engine = engineWith(model);
        float[] input = parseRow(values);
        long started = System.nanoTime();
        float[] output = engine.infer(model, input, 1, input.length);
        long micros = (System.nanoTime() - started) / 1000;
        return Arrays.toString(output) + "  (" + micros + " us)";
    }

    /**
     * One row of finite numbers from words that hold them separated by commas or spaces.
     *
     * @throws IllegalArgumentException naming the first value that is not a number, and its position
     */
    static float[] parseRow(String... values) {
        List<Float> parsed = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split("[,\\s]+")) {
                if (part.isBlank()) {
                    continue;
                }
                float number;
                try {
                    number = Float.parseFloat(part.trim());
                } catch (NumberFormatException e) {
                    number = Float.NaN;
                }
                if (!Float.isFinite(number)) {
                    throw new IllegalArgumentException("value " + (parsed.size() + 1) + " '" + part.trim()
                            + "' is not a number; give the input row as numbers, e.g. aios:infer <model> 0.1 0.5 -2");
                }
                parsed.add(number);
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no input values; give the input row as numbers, e.g."
                    + " aios:infer <model> 0.1 0.5 -2");
        }
        float[] row = new float[parsed.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = parsed.get(i);
        }
        return row;
    }

    private ModelCatalog engineWith(String model) throws KuraException {
        for (ModelCatalog engine : new TreeMap<>(this.engines).values()) {
            if (engine.models().contains(model)) {
                return engine;
            }
        }
        throw ModelRegistry.notLoaded(model);
    }

    private ModelCatalog onlyEngine() {
        if (this.engines.size() == 1) {
            return this.engines.values().iterator().next();
        }
        return null;
    }
}
