package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;

/**
 * TensorFlow inference engine: Kura's {@link InferenceEngineService} and our {@link TensorInference} fast path
 * on SavedModels from directories, model bundles and checked cloud packages, with dynamic batching and hot
 * model swap. One instance per factory configuration. Each instance owns named threads (async calls, closing
 * retired models, one batch thread per batched model), a bundle tracker and a request handler registration;
 * deactivation releases all of them and closes every TensorFlow session and graph (requests still running
 * finish first, up to {@value #CLOSE_TIMEOUT_MS} ms).
 *
 * <p>The class is the component: it owns the activation's threads and registrations and delegates through final
 * fields, one call each: the {@link TensorInference} fast path to {@link FloatInference}, Kura's API to
 * {@link KuraInferenceAdapter}, folders, bundles and pushed packages to {@link ModelInstaller}; the session options
 * come from {@link SessionConfiguration}, the threads are {@link EngineThreads}, the cloud handler is a
 * {@link ModelHandlerRegistration}. Thread-safe: requests run on the callers' threads (or the async and batch
 * threads) against the {@link ModelRegistry}, which swaps versions without blocking them.
 */
@Designate(ocd = TensorFlowInferenceEngine.Config.class, factory = true)
@Component(name = TensorFlowInferenceEngine.PID, configurationPid = TensorFlowInferenceEngine.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { InferenceEngineService.class, ConfigurableComponent.class, TensorInference.class,
                ModelCatalog.class },
        property = { "service.pid=" + TensorFlowInferenceEngine.PID })
public final class TensorFlowInferenceEngine
        implements InferenceEngineService, ConfigurableComponent, TensorInference, ModelCatalog {

    /** Factory PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine";

    /** Every thread of an engine has a name starting with this. */
    public static final String THREAD_NAME_PREFIX = "aios-tf";

    /** How long deactivation waits for running requests before closing sessions anyway, ms. */
    static final long CLOSE_TIMEOUT_MS = 10_000;

    /** The engine's configuration, as Kura's UI shows it. */
    @ObjectClassDefinition(id = PID, name = "AIOS TensorFlow inference engine",
            description = "Runs TensorFlow SavedModels (TensorFlow Java 1.1): Kura InferenceEngineService plus a"
                    + " float fast path with dynamic batching; models from folders, model bundles and the cloud.")
    @interface Config {

        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name, shown by aios:models and used in thread names; empty: its generated service.pid. Kura sets it when the"
                        + " instance is created.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Models", required = false,
                description = "Models to load at start: name=path entries separated by commas; a relative path"
                        + " is resolved against the model directory.")
        String models() default "";

        @AttributeDefinition(name = "Model directory", required = false,
                description = "Folder whose sub-folders holding a saved_model.pb are loaded at start, each under"
                        + " its folder name; also where loadModel(name) without path looks.")
        String model_directory() default "";

        @AttributeDefinition(name = "Intra-op threads", min = "0", max = "1024",
                description = "Threads TensorFlow uses inside one operation; 0 lets TensorFlow choose (one per core).")
        int intra_op_threads() default 0;

        @AttributeDefinition(name = "Inter-op threads", min = "0", max = "1024",
                description = "Threads TensorFlow uses to run independent operations; 0 lets TensorFlow choose.")
        int inter_op_threads() default 0;

        @AttributeDefinition(name = "Max batch size", min = "1", max = "4096",
                description = "Most concurrent single-row requests of one model coalesced into one session run;"
                        + " 1 disables dynamic batching.")
        int batching_max_size() default 32;

        @AttributeDefinition(name = "Max batch delay (µs)", min = "0", max = "1000000",
                description = "How long a queued request waits for companions before its batch runs, in"
                        + " microseconds; 0 runs whatever queued while the previous batch ran.")
        long batching_max_delay_us() default 0L;

        @AttributeDefinition(name = "Device", options = { @Option(label = "CPU", value = "CPU"),
                @Option(label = "GPU (needs the GPU natives fragment)", value = "GPU") },
                description = "Where sessions run. GPU needs io.aiosedge.tensorflow.runtime.natives.linux-x86_64-gpu;"
                        + " without it activation fails.")
        String device() default "CPU";

        @AttributeDefinition(name = "Model bundles",
                description = "Load the models of active model bundles (manifest header AIOS-Model).")
        boolean model_bundles() default true;

        @AttributeDefinition(name = "Async threads", min = "0", max = "1024",
                description = "Threads running inferAsync calls that are not batched; 0 means one per core.")
        int async_threads() default 0;

        @AttributeDefinition(name = "Request handler id", required = false,
                description = "Id of the cloud request handler for model pushes (aios/v1/<tenant>/<gw>/commands/<id>);"
                        + " empty disables it.")
        String request_handler_id() default "models";

        @AttributeDefinition(name = "Trusted model keys", required = false, cardinality = 64,
                description = "Keys that may sign model archives pushed by cloud command: one entry per key,"
                        + " <key-id>=<base64 Ed25519 public key (X.509 SubjectPublicKeyInfo)>, as printed by"
                        + " 'aios-sign keygen'. An archive is installed only when the command's 'signature' metric"
                        + " (aios-sign sign-file) verifies with one of them over the archive's SHA-256, before"
                        + " anything is fetched or unpacked. Model bundles and local loads are not affected.")
        String[] artifacts_trusted_keys() default {};

        @AttributeDefinition(name = "Allow unsigned model archives",
                description = "Install model archives pushed by cloud command without a signature (logged as a"
                        + " warning at activation and at every install). For development only.")
        boolean models_allow_unsigned() default false;

        @AttributeDefinition(name = "Max unpacked bytes of a model archive", min = "1",
                description = "Most bytes a pushed model archive may unpack to (counted while unpacking); a larger"
                        + " one is refused and nothing is installed.")
        long models_max_unpacked_bytes() default ModelArchive.MAX_UNPACKED_BYTES;

        @AttributeDefinition(name = "Max entries of a model archive", min = "1",
                description = "Most files and folders in a pushed model archive; more are refused.")
        int models_max_entries() default ModelArchive.MAX_ENTRIES;

        @AttributeDefinition(name = "Sample windows (for Kura's AI component)", required = false,
                description = "Sliding windows served as models, for Kura's AI wire component, which makes one"
                        + " element of each record property: <name>=<input>:<size>:<output> entries separated by"
                        + " commas, e.g. edge-window=vibration:64:window. Set <name> as the AI component's"
                        + " preprocessor: it keeps the last <size> values of the record property <input> and, from"
                        + " the <size>-th record on, gives the inference model <output> FP32 [1, <size>].")
        String wire_windows() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowInferenceEngine.class);

    private final EngineOptions options;
    private final EngineThreads threads;
    private final ModelRegistry registry;
    private final FloatInference fast;
    private final ModelInstaller installer;
    private final KuraInferenceAdapter kura;
    private final ModelBundleTracker bundleTracker;
    private final ModelHandlerRegistration handler;
    private volatile boolean stopped;

    /**
     * Activation by DS: validates the configuration, checks the device, loads the configured models and opens
     * the model bundle tracker and the request handler.
     *
     * @throws IllegalArgumentException naming the bad property and value, which fails activation
     */
    @Activate
    public TensorFlowInferenceEngine(Config config, Map<String, Object> properties, BundleContext context) {
        this(EngineOptions.from(config, properties), ModelPolicy.from(config), context, config.request_handler_id(),
                SampleWindows.parse(config.wire_windows()));
    }

    /**
     * For tests and the benchmark: an engine outside OSGi when {@code context} is null (no model bundles, no
     * request handler service).
     */
    TensorFlowInferenceEngine(EngineOptions options, BundleContext context, String requestHandlerId) {
        this(options, ModelPolicy.STRICT, context, requestHandlerId);
    }

    /** With the policy for model archives pushed by cloud command. */
    TensorFlowInferenceEngine(EngineOptions options, ModelPolicy modelPolicy, BundleContext context,
            String requestHandlerId) {
        this(options, modelPolicy, context, requestHandlerId, SampleWindows.none());
    }

    /** With sample windows for Kura's AI wire component. */
    TensorFlowInferenceEngine(EngineOptions options, ModelPolicy modelPolicy, BundleContext context,
            String requestHandlerId, SampleWindows windows) {
        this.options = options;
        ConfigProto sessionConfig = SessionConfiguration.of(options);
        String instance = options.instanceName().replaceAll("[^A-Za-z0-9._-]", "_");
        Path dataDirectory = ModelInstaller.dataDirectory(context, instance);
        this.threads = new EngineThreads(instance, options.asyncThreads());
        this.registry = new ModelRegistry(sessionConfig, this.threads::closeLater, slot -> options.batching()
                ? new RequestBatcher(slot, options.maxBatchSize(), options.maxBatchDelayMicros(),
                        this.threads.batchThreadName(slot.name()))
                : null);
        this.fast = new FloatInference(this.registry, this.threads.async(), options.instanceName());
        this.installer = new ModelInstaller(options, this.registry, dataDirectory, modelPolicy);
        this.kura = new KuraInferenceAdapter(this, this.registry, windows, options);
        LOG.info("TensorFlow engine '{}' starting: device {}, intra-op {} / inter-op {} threads, batching {}",
                options.instanceName(), options.device(), options.intraOpThreads(), options.interOpThreads(),
                options.batching() ? "up to " + options.maxBatchSize() + " requests, " + options.maxBatchDelayMicros()
                        + " µs delay" : "off");
        this.installer.loadConfigured();
        if (context != null && options.modelBundles()) {
            this.bundleTracker = new ModelBundleTracker(context, dataDirectory.resolve("bundles"),
                    this.installer.bundleLoader());
            this.bundleTracker.open();
        } else {
            this.bundleTracker = null;
        }
        this.handler = ModelHandlerRegistration.open(context, requestHandlerId, this, dataDirectory.resolve("downloads"),
                modelPolicy, options.instanceName());
    }

    /** Releases every thread, registration, session and graph of this activation. */
    @Deactivate
    void deactivate() {
        this.stopped = true;
        if (this.handler != null) {
            this.handler.close();
        }
        if (this.bundleTracker != null) {
            this.bundleTracker.close();
        }
        try {
            List<String> open = this.registry.close(CLOSE_TIMEOUT_MS);
            if (!open.isEmpty()) {
                LOG.warn("engine '{}': requests still running after {} ms on {}; their sessions close when they end",
                        this.options.instanceName(), CLOSE_TIMEOUT_MS, open);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        this.threads.shutdown(CLOSE_TIMEOUT_MS);
        LOG.info("TensorFlow engine '{}' stopped", this.options.instanceName());
    }

    // ------------------------------------------------------------------ TensorInference (fast path)

    @Override
    public float[] infer(String model, float[] input, long... shape) throws KuraException {
        long start = System.nanoTime();
        checkRunning(model);
        return this.fast.infer(model, input, shape, start);
    }

    @Override
    public CompletionStage<float[]> inferAsync(String model, float[] input, long... shape) {
        long start = System.nanoTime();
        try {
            checkRunning(model);
        } catch (KuraException e) {
            return CompletableFuture.failedFuture(e);
        }
        return this.fast.inferAsync(model, input, shape, start);
    }

    @Override
    public Set<String> models() {
        return this.registry.names();
    }

    @Override
    public ModelStatistics statistics(String model) {
        ModelRegistry.Slot slot = this.registry.find(model);
        LoadedModel current = slot == null ? null : slot.current();
        return current == null ? null : slot.stats().snapshot(model, current.version());
    }

    // ------------------------------------------------------------------ Kura InferenceEngineService

    @Override
    public List<Tensor> infer(ModelInfo modelInfo, List<Tensor> inputData) throws KuraException {
        return this.kura.infer(modelInfo, inputData);
    }

    @Override
    public void loadModel(String modelName, Optional<String> modelPath) throws KuraException {
        this.kura.loadModel(modelName, modelPath);
    }

    @Override
    public void unloadModel(String modelName) throws KuraException {
        this.kura.unloadModel(modelName);
    }

    @Override
    public boolean isModelLoaded(String modelName) {
        return this.kura.isModelLoaded(modelName);
    }

    @Override
    public List<String> getModelNames() {
        return this.kura.getModelNames();
    }

    @Override
    public Optional<ModelInfo> getModelInfo(String modelName) {
        return this.kura.getModelInfo(modelName);
    }

    @Override
    public boolean isEngineReady() {
        return !this.stopped;
    }

    // ------------------------------------------------------------------ ModelCatalog (shell, cloud handler)

    @Override
    public String instanceName() {
        return this.options.instanceName();
    }

    @Override
    public List<ModelEntry> entries() {
        List<ModelEntry> entries = new ArrayList<>();
        for (LoadedModel model : this.registry.serving()) {
            ModelRegistry.Slot slot = this.registry.find(model.name());
            ModelStatistics statistics = slot == null ? null : slot.stats().snapshot(model.name(), model.version());
            entries.add(ModelInstaller.entry(model, statistics));
        }
        return entries;
    }

    @Override
    public ModelEntry load(String name, Path directory, String version) throws KuraException {
        checkRunning(name);
        return this.installer.load(name, directory, version);
    }

    @Override
    public void unload(String name) throws KuraException {
        this.registry.unload(name);
    }

    @Override
    public ModelEntry install(String name, String version, Path source, String expectedSha256) throws KuraException {
        checkRunning(name);
        return this.installer.install(name, version, source, expectedSha256);
    }

    // ------------------------------------------------------------------ helpers

    /** @throws KuraException SERVICE_UNAVAILABLE naming the model and the engine once it is deactivated */
    void checkRunning(String model) throws KuraException {
        if (this.stopped) {
            throw new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE,
                    "model '" + model + "': engine '" + this.options.instanceName() + "' is stopped");
        }
    }
}
