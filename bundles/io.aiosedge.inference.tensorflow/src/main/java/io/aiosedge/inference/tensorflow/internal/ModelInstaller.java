package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.inference.tensorflow.internal.ModelCatalog.ModelEntry;

/**
 * Puts models into an engine's {@link ModelRegistry} from outside: SavedModel folders (the configured ones at
 * start, {@code loadModel}, the shell), model bundles (as the {@link ModelBundleTracker}'s loader) and packages
 * pushed by the cloud, whose SHA-256 is checked before they are unpacked into the engine's data area
 * ({@code cloud/<name>/<sha256>-<nanos>}) and loaded. A version not given is derived from the content.
 *
 * <p>Thread-safe: its fields are final, and the registry swaps a model's serving version atomically, so it may be
 * called at once from the activating thread, the bundle tracker's thread, the shell and the cloud handler's
 * thread. It holds no lock and starts no thread.
 */
final class ModelInstaller {

    // Logs under the engine's name, as it did before the installer was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowInferenceEngine.class);

    private final EngineOptions options;
    private final ModelRegistry registry;
    private final Path dataDirectory;
    private final ModelPolicy modelPolicy;

    ModelInstaller(EngineOptions options, ModelRegistry registry, Path dataDirectory, ModelPolicy modelPolicy) {
        this.options = options;
        this.registry = registry;
        this.dataDirectory = dataDirectory;
        this.modelPolicy = modelPolicy;
    }

    /**
     * The engine instance's data area: {@code engines/<instance>} in the bundle's data area, or a new temporary
     * folder outside OSGi.
     */
    static Path dataDirectory(BundleContext context, String instance) {
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

    /** Loads the models of {@code model.directory} and {@code models}; one that fails is logged and skipped. */
    void loadConfigured() {
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

    /** The loader the model bundle tracker loads and unloads bundled models with. */
    ModelBundleTracker.Loader bundleLoader() {
        return new ModelBundleTracker.Loader() {
            @Override
            public void load(String name, String version, Path directory) throws KuraException {
                ModelInstaller.this.registry.load(name, version, LoadedModel.Source.BUNDLE, directory);
            }

            @Override
            public void unload(String name, Path directory) {
                ModelInstaller.this.registry.unloadIf(name,
                        model -> model.source() == LoadedModel.Source.BUNDLE && model.directory().equals(directory));
            }
        };
    }

    /** {@link ModelCatalog#load}, once the engine checked that it runs. */
    ModelEntry load(String name, Path directory, String version) throws KuraException {
        // Before the content digest: hashing a large folder that holds no model took seconds to say so.
        LoadedModel.requireSavedModel(name, directory);
        String resolvedVersion = version;
        if (resolvedVersion == null || resolvedVersion.isBlank()) {
            resolvedVersion = contentVersion(name, directory);
        }
        LoadedModel model = this.registry.load(name, resolvedVersion, LoadedModel.Source.DIRECTORY, directory);
        return entry(model, null);
    }

    /** {@link ModelCatalog#install}, once the engine checked that it runs. */
    ModelEntry install(String name, String version, Path source, String expectedSha256) throws KuraException {
        // Before the name becomes a path under the data area: '..' or a '/' must not leave cloud/.
        ModelRegistry.checkName(name);
        String expected = expectedSha256 == null ? "" : expectedSha256.trim().toLowerCase(Locale.ROOT);
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

    /** The shell's line of a loaded model. */
    static ModelEntry entry(LoadedModel model, ModelStatistics statistics) {
        return new ModelEntry(model.name(), model.version(), model.source(), model.directory(),
                model.signature().describe(), statistics);
    }

    private static String contentVersion(String name, Path directory) throws KuraException {
        try {
            return Files.isDirectory(directory) ? ModelArchive.sha256(directory).substring(0, 12) : "missing";
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + name + "': cannot read " + directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            ModelArchive.deleteTree(directory);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", directory, e.getMessage());
        }
    }
}
