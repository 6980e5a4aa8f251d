package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.KuraException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extender for model bundles: a bundle whose manifest has {@value #HEADER} makes its models available while
 * it is active. Each model's SavedModel is copied out of the bundle into the engine's data area (TensorFlow
 * reads files, not bundle entries) and loaded; stopping or uninstalling the bundle unloads the models it
 * provided (unless another source replaced them meanwhile) and deletes the copies.
 *
 * <p>Header format: {@code AIOS-Model: <name>;version=<version>;path=<folder in the bundle>}, several
 * models separated by commas. {@code version} defaults to the bundle version, {@code path} to {@code model/}.
 */
final class ModelBundleTracker implements BundleTrackerCustomizer<List<ModelBundleTracker.Declared>> {

    /** The manifest header that makes a bundle a model bundle. */
    static final String HEADER = "AIOS-Model";

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundleTracker.class);

    /**
     * One model a bundle declares.
     *
     * @param name the model name
     * @param version its version
     * @param path the SavedModel folder inside the bundle, ending with '/'
     */
    record Declared(String name, String version, String path) {
    }

    /** Loads and unloads what the tracker finds. */
    interface Loader {
        void load(String name, String version, Path directory) throws KuraException;

        void unload(String name, Path directory);
    }

    private final BundleTracker<List<Declared>> tracker;
    private final Path dataDirectory;
    private final Loader loader;

    /**
     * @param context the engine bundle's context
     * @param dataDirectory where SavedModels are copied to (one sub-folder per bundle)
     * @param loader the engine
     */
    ModelBundleTracker(BundleContext context, Path dataDirectory, Loader loader) {
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
        this.dataDirectory = dataDirectory;
        this.loader = loader;
    }

    void open() {
        this.tracker.open();
    }

    void close() {
        this.tracker.close();
    }

    @Override
    public List<Declared> addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(HEADER);
        if (header == null) {
            return null;
        }
        List<Declared> declared;
        try {
            declared = parse(header, bundle.getVersion().toString());
        } catch (IllegalArgumentException e) {
            LOG.error("model bundle {} {}: bad {} header '{}': {}", bundle.getSymbolicName(), bundle.getVersion(),
                    HEADER, header, e.getMessage());
            return null;
        }
        for (Declared model : declared) {
            Path target = directory(bundle, model);
            try {
                extract(bundle, model.path(), target);
                this.loader.load(model.name(), model.version(), target);
            } catch (IOException | KuraException e) {
                LOG.error("model bundle {} {}: model '{}' not loaded: {}", bundle.getSymbolicName(),
                        bundle.getVersion(), model.name(), e.getMessage());
            }
        }
        return declared;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, List<Declared> declared) {
        // Models depend only on the bundle being active; other state changes do not matter.
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<Declared> declared) {
        for (Declared model : declared) {
            Path target = directory(bundle, model);
            this.loader.unload(model.name(), target);
            try {
                ModelArchive.deleteTree(target);
            } catch (IOException e) {
                LOG.warn("model bundle {}: could not delete {}: {}", bundle.getSymbolicName(), target, e.getMessage());
            }
        }
    }

    /** Each bundle revision gets its own folder, so an update never overwrites files a session still reads. */
    private Path directory(Bundle bundle, Declared model) {
        return this.dataDirectory.resolve(bundle.getBundleId() + "-" + bundle.getLastModified()).resolve(model.name());
    }

    /**
     * Parses the header.
     *
     * @throws IllegalArgumentException when an entry has no valid name or an unknown attribute
     */
    static List<Declared> parse(String header, String bundleVersion) {
        Map<String, Declared> models = new LinkedHashMap<>();
        for (String clause : header.split(",")) {
            String[] parts = clause.trim().split(";");
            String name = parts[0].trim();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("'" + name + "' is not a model name");
            }
            String version = bundleVersion;
            String path = "model/";
            for (int i = 1; i < parts.length; i++) {
                String[] attribute = parts[i].split("=", 2);
                String key = attribute[0].trim();
                String value = attribute.length < 2 ? "" : attribute[1].trim().replace("\"", "");
                if (key.equals("version") && !value.isEmpty()) {
                    version = value;
                } else if (key.equals("path") && !value.isEmpty()) {
                    path = value.endsWith("/") ? value : value + "/";
                    if (path.startsWith("/")) {
                        path = path.substring(1);
                    }
                } else {
                    throw new IllegalArgumentException("model '" + name + "': unknown or empty attribute '"
                            + parts[i].trim() + "' (allowed: version, path)");
                }
            }
            if (models.put(name, new Declared(name, version, path)) != null) {
                throw new IllegalArgumentException("model '" + name + "' declared twice");
            }
        }
        return new ArrayList<>(models.values());
    }

    private static void extract(Bundle bundle, String path, Path target) throws IOException {
        ModelArchive.deleteTree(target);
        Enumeration<URL> entries = bundle.findEntries(path, "*", true);
        int files = 0;
        if (entries != null) {
            while (entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                String entryPath = entry.getPath().startsWith("/") ? entry.getPath().substring(1) : entry.getPath();
                if (entryPath.endsWith("/") || !entryPath.startsWith(path)) {
                    continue;
                }
                Path destination = target.resolve(entryPath.substring(path.length())).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("entry " + entryPath + " points outside " + target);
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = entry.openStream()) {
                    Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
                files++;
            }
        }
        if (files == 0) {
            throw new IOException("no files under '" + path + "' in the bundle");
        }
    }
}
