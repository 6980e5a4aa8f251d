package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerRegistry;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;

/**
 * TensorFlow inference engine: Kura's {@link InferenceEngineService} and our {@link TensorInference} fast path
 * on SavedModels from directories, model bundles and checked cloud packages, with dynamic batching and hot
 * model swap. One instance per factory configuration. Each instance owns named threads (async calls, closing
 * retired models, one batch thread per batched model), a bundle tracker and a request handler registration;
 * deactivation releases all of them and closes every TensorFlow session and graph (requests still running
 * finish first, up to {@value #CLOSE_TIMEOUT_MS} ms).
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
    private final ModelPolicy modelPolicy;
    private final Path dataDirectory;
    private final ExecutorService closer;
    private final ExecutorService async;
    private final ModelRegistry registry;
    private final ModelBundleTracker bundleTracker;
    private final ServiceRegistration<RequestHandler> handlerRegistration;
    private final ServiceTracker<RequestHandlerRegistry, RequestHandlerRegistry> handlerRegistries;
    private final SampleWindows windows;
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
        this.windows = windows;
        this.modelPolicy = modelPolicy;
        ConfigProto sessionConfig = sessionConfig(options);
        String instance = options.instanceName().replaceAll("[^A-Za-z0-9._-]", "_");
        this.dataDirectory = dataDirectory(context, instance);
        this.closer = Executors.newSingleThreadExecutor(threads(THREAD_NAME_PREFIX + "-close-" + instance + "-"));
        int asyncThreads = options.asyncThreads() == 0 ? Runtime.getRuntime().availableProcessors()
                : options.asyncThreads();
        this.async = Executors.newFixedThreadPool(asyncThreads, threads(THREAD_NAME_PREFIX + "-async-" + instance + "-"));
        AtomicInteger batchThreads = new AtomicInteger();
        this.registry = new ModelRegistry(sessionConfig, this::closeLater, slot -> options.batching()
                ? new RequestBatcher(slot, options.maxBatchSize(), options.maxBatchDelayMicros(),
                        THREAD_NAME_PREFIX + "-batch-" + instance + "-" + slot.name() + "-" + batchThreads.incrementAndGet())
                : null);
        LOG.info("TensorFlow engine '{}' starting: device {}, intra-op {} / inter-op {} threads, batching {}",
                options.instanceName(), options.device(), options.intraOpThreads(), options.interOpThreads(),
                options.batching() ? "up to " + options.maxBatchSize() + " requests, " + options.maxBatchDelayMicros()
                        + " µs delay" : "off");
        loadConfiguredModels();
        if (context != null && options.modelBundles()) {
            this.bundleTracker = new ModelBundleTracker(context, this.dataDirectory.resolve("bundles"),
                    new ModelBundleTracker.Loader() {
                        @Override
                        public void load(String name, String version, Path directory) throws KuraException {
                            TensorFlowInferenceEngine.this.registry.load(name, version, LoadedModel.Source.BUNDLE,
                                    directory);
                        }

                        @Override
                        public void unload(String name, Path directory) {
                            TensorFlowInferenceEngine.this.registry.unloadIf(name,
                                    model -> model.source() == LoadedModel.Source.BUNDLE
                                            && model.directory().equals(directory));
                        }
                    });
            this.bundleTracker.open();
        } else {
            this.bundleTracker = null;
        }
        String handlerId = requestHandlerId == null ? "" : requestHandlerId.trim();
        if (context != null && !handlerId.isEmpty()) {
            ModelRequestHandler handler = new ModelRequestHandler(this, this.dataDirectory.resolve("downloads"),
                    modelPolicy);
            if (modelPolicy.allowUnsigned()) {
                LOG.warn("engine '{}': models.allow.unsigned=true: model archives without a signature will be"
                        + " installed by cloud command", options.instanceName());
            }
            Dictionary<String, Object> handlerProperties = new Hashtable<>();
            handlerProperties.put(ModelRequestHandler.ID_PROPERTY, handlerId);
            handlerProperties.put("aios.engine.pid", options.instanceName());
            this.handlerRegistration = context.registerService(RequestHandler.class, handler, handlerProperties);
            this.handlerRegistries = new ServiceTracker<>(context, RequestHandlerRegistry.class, null) {
                @Override
                public RequestHandlerRegistry addingService(ServiceReference<RequestHandlerRegistry> reference) {
                    RequestHandlerRegistry registry = super.addingService(reference);
                    try {
                        registry.registerRequestHandler(handlerId, handler);
                    } catch (KuraException | RuntimeException e) {
                        LOG.warn("engine '{}': cannot register request handler '{}': {}", options.instanceName(),
                                handlerId, e.getMessage());
                    }
                    return registry;
                }

                @Override
                public void removedService(ServiceReference<RequestHandlerRegistry> reference,
                        RequestHandlerRegistry registry) {
                    try {
                        registry.unregister(handlerId);
                    } catch (KuraException | RuntimeException e) {
                        LOG.debug("engine '{}': unregistering request handler '{}': {}", options.instanceName(),
                                handlerId, e.getMessage());
                    }
                    super.removedService(reference, registry);
                }
            };
            this.handlerRegistries.open();
        } else {
            this.handlerRegistration = null;
            this.handlerRegistries = null;
        }
    }

    /** Releases every thread, registration, session and graph of this activation. */
    @Deactivate
    void deactivate() {
        this.stopped = true;
        if (this.handlerRegistries != null) {
            this.handlerRegistries.close();
        }
        if (this.handlerRegistration != null) {
            try {
                this.handlerRegistration.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
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
        this.async.shutdown();
        this.closer.shutdown();
        try {
            this.async.awaitTermination(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            this.closer.awaitTermination(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("TensorFlow engine '{}' stopped", this.options.instanceName());
    }

    // ------------------------------------------------------------------ TensorInference (fast path)

    @Override
    public float[] infer(String model, float[] input, long... shape) throws KuraException {
        long start = System.nanoTime();
        checkRunning(model);
        ModelRegistry.Slot slot = this.registry.slot(model);
        RequestBatcher batcher = slot.batcher();
        if (batcher != null && shape != null && shape.length > 0 && shape[0] == 1 && slot.active().get() > 0) {
            // Another request is running: queue for the next batch instead of competing for the cores.
            LoadedModel current = slot.current();
            if (current == null) {
                throw ModelRegistry.notLoaded(model);
            }
            validateFloat(slot, current, input, shape);
            return await(model, batcher.submit(input, shape, start));
        }
        return runDirect(slot, input, shape, start);
    }

    private float[] runDirect(ModelRegistry.Slot slot, float[] input, long[] shape, long start) throws KuraException {
        slot.active().incrementAndGet();
        try {
            LoadedModel model = slot.acquire();
            try {
                validateFloat(slot, model, input, shape);
                float[] output = model.runFloats(input, shape);
                slot.stats().run();
                slot.stats().success(System.nanoTime() - start);
                return output;
            } catch (RuntimeException e) {
                slot.stats().error();
                throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + model.name() + "' version "
                        + model.version() + ": TensorFlow failed: " + e.getMessage());
            } finally {
                model.release();
            }
        } finally {
            slot.active().decrementAndGet();
        }
    }

    private static void validateFloat(ModelRegistry.Slot slot, LoadedModel model, float[] input, long[] shape)
            throws KuraException {
        try {
            String problem = model.signature().fastPathProblem();
            if (problem != null) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + model.name() + "': " + problem);
            }
            TensorValidation.floatInput(model.name(), model.signature().inputs().get(0), input, shape);
        } catch (KuraException e) {
            slot.stats().error();
            throw e;
        }
    }

    @Override
    public CompletionStage<float[]> inferAsync(String model, float[] input, long... shape) {
        long start = System.nanoTime();
        try {
            checkRunning(model);
            ModelRegistry.Slot slot = this.registry.slot(model);
            RequestBatcher batcher = slot.batcher();
            if (batcher != null && shape != null && shape.length > 0 && shape[0] == 1) {
                LoadedModel current = slot.current();
                if (current == null) {
                    throw ModelRegistry.notLoaded(model);
                }
                validateFloat(slot, current, input, shape);
                return batcher.submit(input, shape, start);
            }
            CompletableFuture<float[]> answer = new CompletableFuture<>();
            this.async.execute(() -> {
                try {
                    answer.complete(runDirect(slot, input, shape, start));
                } catch (KuraException | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer;
        } catch (KuraException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE,
                    "model '" + model + "': engine '" + this.options.instanceName() + "' is stopping"));
        }
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
        long start = System.nanoTime();
        if (modelInfo == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "modelInfo is required");
        }
        String name = modelInfo.getName();
        checkRunning(name);
        SampleWindows.Window window = this.windows.find(name);
        if (window != null) {
            return window.add(inputData);
        }
        ModelRegistry.Slot slot = this.registry.slot(name);
        slot.active().incrementAndGet();
        try {
            LoadedModel model = slot.acquire();
            try {
                List<Tensor> ordered = TensorValidation.kuraInputs(name, model.signature(), inputData);
                List<Tensor> outputs = model.runKura(ordered);
                slot.stats().run();
                slot.stats().success(System.nanoTime() - start);
                return outputs;
            } catch (KuraException e) {
                slot.stats().error();
                throw e;
            } catch (RuntimeException e) {
                slot.stats().error();
                throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + name + "' version "
                        + model.version() + ": TensorFlow failed: " + e.getMessage());
            } finally {
                model.release();
            }
        } finally {
            slot.active().decrementAndGet();
        }
    }

    @Override
    public void loadModel(String modelName, Optional<String> modelPath) throws KuraException {
        boolean noPath = modelPath == null || modelPath.isEmpty() || modelPath.get().isBlank();
        if (noPath && (this.windows.find(modelName) != null || this.registry.find(modelName) != null)) {
            // Kura's AI wire component calls loadModel(name, Optional.empty()) for every model that is loaded
            // already, at each configuration and before records: the model keeps serving as it is.
            return;
        }
        Path directory;
        if (!noPath) {
            directory = Paths.get(modelPath.get());
        } else if (this.options.modelDirectory() != null) {
            directory = this.options.modelDirectory().resolve(modelName == null ? "" : modelName);
        } else {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + modelName
                    + "': no path given and model.directory is not set");
        }
        load(modelName, directory, null);
    }

    @Override
    public void unloadModel(String modelName) throws KuraException {
        SampleWindows.Window window = this.windows.find(modelName);
        if (window != null) {
            window.clear(); // a configured window stays; unloading empties it
            return;
        }
        unload(modelName);
    }

    @Override
    public boolean isModelLoaded(String modelName) {
        return this.windows.find(modelName) != null || this.registry.find(modelName) != null;
    }

    @Override
    public List<String> getModelNames() {
        List<String> names = new ArrayList<>(this.registry.names());
        names.addAll(this.windows.names());
        return names;
    }

    @Override
    public Optional<ModelInfo> getModelInfo(String modelName) {
        SampleWindows.Window window = this.windows.find(modelName);
        if (window != null) {
            return Optional.of(window.info());
        }
        ModelRegistry.Slot slot = this.registry.find(modelName);
        LoadedModel current = slot == null ? null : slot.current();
        return current == null ? Optional.empty() : Optional.of(current.info());
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
            entries.add(entry(model, statistics));
        }
        return entries;
    }

    @Override
    public ModelEntry load(String name, Path directory, String version) throws KuraException {
        checkRunning(name);
        // Before the content digest: hashing a large folder that holds no model took seconds to say so.
        LoadedModel.requireSavedModel(name, directory);
        String resolvedVersion = version;
        if (resolvedVersion == null || resolvedVersion.isBlank()) {
            resolvedVersion = contentVersion(name, directory);
        }
        LoadedModel model = this.registry.load(name, resolvedVersion, LoadedModel.Source.DIRECTORY, directory);
        return entry(model, null);
    }

    @Override
    public void unload(String name) throws KuraException {
        this.registry.unload(name);
    }

    @Override
    public ModelEntry install(String name, String version, Path source, String expectedSha256) throws KuraException {
        checkRunning(name);
        // Before the name becomes a path under the data area: '..' or a '/' must not leave cloud/.
        ModelRegistry.checkName(name);
        String expected = expectedSha256 == null ? "" : expectedSha256.trim().toLowerCase(java.util.Locale.ROOT);
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + name
                    + "': expected SHA-256 must be 64 hex digits, received '" + expectedSha256 + "'");
        }
        String received;
        try {
            received = ModelArchive.sha256(source);
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + name + "': cannot read " + source);
        }
        if (!expected.equals(received)) {
            throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "model '" + name
                    + "': SHA-256 mismatch, expected " + expected + ", received " + received
                    + "; the package was rejected and the serving version is unchanged");
        }
        String resolvedVersion = version == null || version.isBlank() ? received.substring(0, 12) : version.trim();
        Path target = this.dataDirectory.resolve("cloud").resolve(name).resolve(received + "-" + System.nanoTime());
        try {
            if (Files.isDirectory(source)) {
                ModelArchive.copyTree(source, target);
            } else {
                ModelArchive.unzip(source, target, this.modelPolicy.limits());
            }
            Path savedModel = ModelArchive.findSavedModel(target);
            LoadedModel model = this.registry.load(name, resolvedVersion, LoadedModel.Source.CLOUD, savedModel);
            LOG.info("model '{}' version {} installed from a package with SHA-256 {}", name, resolvedVersion, received);
            return entry(model, null);
        } catch (IOException e) {
            deleteQuietly(target);
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e,
                    "model '" + name + "': package " + source + " is not a SavedModel package: " + e.getMessage());
        } catch (KuraException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    // ------------------------------------------------------------------ helpers

    private void loadConfiguredModels() {
        Path directory = this.options.modelDirectory();
        if (directory != null && Files.isDirectory(directory)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(directory,
                    child -> Files.isRegularFile(child.resolve("saved_model.pb")))) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (!this.options.models().containsKey(name)) {
                        loadAtStart(name, child);
                    }
                }
            } catch (IOException e) {
                LOG.error("engine '{}': cannot list model.directory {}: {}", this.options.instanceName(), directory,
                        e.getMessage());
            }
        } else if (directory != null) {
            LOG.warn("engine '{}': model.directory {} does not exist", this.options.instanceName(), directory);
        }
        this.options.models().forEach((name, path) -> loadAtStart(name, this.options.resolve(path)));
    }

    private void loadAtStart(String name, Path directory) {
        try {
            load(name, directory, null);
        } catch (KuraException e) {
            // A bad model must not keep the engine (and the other models) from starting.
            LOG.error("engine '{}': {}", this.options.instanceName(), e.getMessage());
        }
    }

    private static String contentVersion(String name, Path directory) throws KuraException {
        try {
            return Files.isDirectory(directory) ? ModelArchive.sha256(directory).substring(0, 12) : "missing";
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + name + "': cannot read " + directory);
        }
    }

    private static ModelEntry entry(LoadedModel model, ModelStatistics statistics) {
        return new ModelEntry(model.name(), model.version(), model.source(), model.directory(),
                model.signature().describe(), statistics);
    }

    private void checkRunning(String model) throws KuraException {
        if (this.stopped) {
            throw new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE,
                    "model '" + model + "': engine '" + this.options.instanceName() + "' is stopped");
        }
    }

    private static float[] await(String model, CompletableFuture<float[]> answer) throws KuraException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KuraException kura) {
                throw kura;
            }
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e.getCause(), "model '" + model + "': " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + model + "': interrupted");
        }
    }

    /** Closes retired models off the request path; inline once the engine's closer thread is gone. */
    private void closeLater(Runnable close) {
        try {
            this.closer.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            ModelArchive.deleteTree(directory);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", directory, e.getMessage());
        }
    }

    private static Path dataDirectory(BundleContext context, String instance) {
        if (context != null) {
            java.io.File file = context.getDataFile("engines/" + instance);
            if (file != null) {
                return file.toPath();
            }
        }
        try {
            return Files.createTempDirectory("aios-tf-" + instance + "-");
        } catch (IOException e) {
            throw new IllegalStateException("no data area and no temporary folder for engine " + instance, e);
        }
    }

    private static ConfigProto sessionConfig(EngineOptions options) {
        ConfigProto.Builder builder = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(options.intraOpThreads())
                .setInterOpParallelismThreads(options.interOpThreads());
        if (options.device() == EngineOptions.Device.CPU) {
            builder.putDeviceCount("GPU", 0);
        } else {
            List<String> fragments = nativesFragments();
            if (fragments.stream().noneMatch(name -> name.endsWith("-gpu"))) {
                throw new IllegalArgumentException("device: 'GPU' needs the GPU natives fragment"
                        + " io.aiosedge.tensorflow.runtime.natives.linux-x86_64-gpu attached to"
                        + " io.aiosedge.tensorflow.runtime; attached natives: " + fragments);
            }
            builder.setAllowSoftPlacement(false)
                    .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true).build());
        }
        return builder.build();
    }

    /** @return symbolic names of the fragments attached to the bundle that holds TensorFlow (empty outside OSGi) */
    private static List<String> nativesFragments() {
        List<String> names = new ArrayList<>();
        Bundle runtime = FrameworkUtil.getBundle(Session.class);
        BundleWiring wiring = runtime == null ? null : runtime.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getProvidedWires(BundleRevision.HOST_NAMESPACE)) {
                names.add(wire.getRequirer().getSymbolicName());
            }
        }
        return names;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
