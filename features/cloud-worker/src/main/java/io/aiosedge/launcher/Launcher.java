package io.aiosedge.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.osgi.framework.AllServiceListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts a distribution: a Felix framework with every bundle of {@code <home>/bundles} (setting {@code bundles.dir}),
 * then the configurations of {@code <home>/conf/configs} (setting {@code configs.dir}) given to ConfigurationAdmin,
 * with the settings of {@code <home>/conf/settings.properties}, {@code AIOS_*} environment variables and
 * {@code key=value} arguments filled in (see {@link Settings} and {@link ConfigSeed}).
 *
 * <pre>
 * java -jar aiosedge-launcher.jar [--home DIR] [--settings FILE]... [--print-config] [key=value]...
 * </pre>
 *
 * The framework's storage is {@code ${data.dir}/felix-cache}, cleaned at each start: the bundles and configurations
 * come from the distribution every time (a container starts the same way twice). Settings named
 * {@code system.<name>} become system properties and {@code framework.<name>} framework properties. While a service
 * matches {@code ready.filter}, the file {@code ready.file} exists (a readiness probe). SIGTERM stops the framework,
 * which lets every component deactivate (the cloud worker drains), for at most {@code shutdown.timeout.ms}.
 */
public final class Launcher {

    private static final String CM = "org.osgi.service.cm.ConfigurationAdmin";
    private static final long CM_WAIT_MILLIS = 60_000;

    private final Settings settings;
    private final PrintStream log;
    private Framework framework;

    Launcher(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.err));
    }

    /** The whole command; returns the exit status (0 stopped normally, 1 failed to start, 2 usage). */
    static int run(String[] args, Map<String, String> env, PrintStream log) {
        Path home = null;
        List<Path> files = new ArrayList<>();
        List<String> assignments = new ArrayList<>();
        boolean printOnly = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home") && i + 1 < args.length) {
                home = Path.of(args[++i]);
            } else if (a.equals("--settings") && i + 1 < args.length) {
                files.add(Path.of(args[++i]));
            } else if (a.equals("--print-config")) {
                printOnly = true;
            } else if (a.contains("=") && !a.startsWith("-")) {
                assignments.add(a);
            } else {
                log.println("usage: java -jar <launcher>.jar [--home DIR] [--settings FILE]... [--print-config]"
                        + " [key=value]...   (unknown argument: " + a + ")");
                return 2;
            }
        }
        try {
            if (home == null) {
                home = env.containsKey("AIOS_HOME") ? Path.of(env.get("AIOS_HOME")) : jarFolder();
            }
            home = home.toAbsolutePath().normalize();
            List<Path> all = new ArrayList<>();
            Path defaults = home.resolve("conf/settings.properties");
            if (Files.isRegularFile(defaults)) {
                all.add(defaults);
            }
            if (env.get("AIOS_SETTINGS") != null && !env.get("AIOS_SETTINGS").isBlank()) {
                all.add(Path.of(env.get("AIOS_SETTINGS")));
            }
            all.addAll(files);
            Map<String, String> envSettings = new HashMap<>(env);
            envSettings.remove("AIOS_SETTINGS");
            envSettings.remove("AIOS_HOME");
            envSettings.remove("AIOS_JAVA_OPTS");
            Settings settings = Settings.load(builtins(home), all, envSettings, assignments);
            List<ConfigSeed> seeds = ConfigSeed.readAll(Path.of(settings.get("configs.dir")), settings);
            if (printOnly) {
                print(settings, seeds, log);
                return 0;
            }
            Launcher launcher = new Launcher(settings, log);
            launcher.start(seeds);
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "aios-launcher-shutdown"));
            launcher.awaitStop();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.println("aios-launcher: " + e.getMessage());
            return 1;
        } catch (IOException | BundleException e) {
            log.println("aios-launcher: cannot start: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static Map<String, String> builtins(Path home) {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("home", home.toString());
        b.put("host.name", hostName());
        b.put("cpu.count", Integer.toString(Runtime.getRuntime().availableProcessors()));
        b.put("data.dir", "${home}/data");
        b.put("bundles.dir", "${home}/bundles");
        b.put("configs.dir", "${home}/conf/configs");
        b.put("shutdown.timeout.ms", "30000");
        b.put("ready.filter", "");
        b.put("ready.file", "${data.dir}/ready");
        return b;
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static Path jarFolder() {
        try {
            Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(jar) ? jar : jar.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the launcher is; give --home", e);
        }
    }

    static void print(Settings settings, List<ConfigSeed> seeds, PrintStream out) {
        out.println("# settings");
        settings.shown().forEach((k, v) -> out.println(k + " = " + v));
        for (ConfigSeed seed : seeds) {
            out.println("# configuration " + seed.label());
            seed.properties().forEach((k, v) -> out.println(k + " = " + (Settings.isSecret(k)
                    && !String.valueOf(v).isEmpty() ? "***" : v) + " (" + v.getClass().getSimpleName() + ")"));
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts the framework and every bundle, then gives the configurations to ConfigurationAdmin. */
    void start(List<ConfigSeed> seeds) throws IOException, BundleException, InterruptedException {
        for (String key : settings.keys()) {
            if (key.startsWith("system.")) {
                System.setProperty(key.substring("system.".length()), settings.get(key));
            }
        }
        Path data = Path.of(settings.get("data.dir"));
        Files.createDirectories(data);
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("felix.log.level", "1");
        for (String key : settings.keys()) {
            if (key.startsWith("framework.")) {
                properties.put(key.substring("framework.".length()), settings.get(key));
            }
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        framework = factory.newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        List<Bundle> toStart = new ArrayList<>();
        Path bundles = Path.of(settings.get("bundles.dir"));
        for (Path jar : bundleJars(bundles)) {
            Bundle bundle = context.installBundle(jar.toUri().toString());
            if (!isFragment(jar)) {
                toStart.add(bundle);
            }
        }
        framework.start();
        List<String> failures = new ArrayList<>();
        for (Bundle bundle : toStart) {
            try {
                bundle.start();
            } catch (BundleException e) {
                failures.add(bundle.getSymbolicName() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            stop();
            throw new IllegalStateException("bundles did not start: " + failures);
        }
        trackReadiness(context);
        applyConfigurations(context, seeds);
        log.println("aios-launcher: started " + toStart.size() + " bundles from " + bundles + ", "
                + seeds.size() + " configurations");
    }

    private static List<Path> bundleJars(Path folder) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
                stream.forEach(jars::add);
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no bundles in " + folder);
        }
        jars.sort(null);
        return jars;
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue(Constants.FRAGMENT_HOST) != null;
        }
    }

    /**
     * Creates or updates every configuration through ConfigurationAdmin. Reflection keeps the launcher free of the
     * ConfigurationAdmin API: the interfaces are loaded from the bundle that registered the service.
     */
    private void applyConfigurations(BundleContext context, List<ConfigSeed> seeds) throws InterruptedException {
        if (seeds.isEmpty()) {
            return;
        }
        ServiceReference<?> ref = null;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CM_WAIT_MILLIS);
        while (ref == null) {
            // not getServiceReference: the system bundle has no wiring to the CM package, so skip that check
            ServiceReference<?>[] refs;
            try {
                refs = context.getAllServiceReferences(CM, null);
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            ref = refs == null ? null : refs[0];
            if (ref == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no ConfigurationAdmin service within " + CM_WAIT_MILLIS + " ms");
                }
                Thread.sleep(20);
            }
        }
        Object admin = context.getService(ref);
        try {
            Class<?> adminType = ref.getBundle().loadClass(CM);
            Class<?> configurationType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
            Method singleton = adminType.getMethod("getConfiguration", String.class, String.class);
            Method factory = adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
            Method update = configurationType.getMethod("update", java.util.Dictionary.class);
            for (ConfigSeed seed : seeds) {
                Object configuration = seed.isFactory() ? factory.invoke(admin, seed.factoryPid(), seed.name(), "?")
                        : singleton.invoke(admin, seed.pid(), "?");
                update.invoke(configuration, seed.dictionary());
            }
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("ConfigurationAdmin 1.6 is needed: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("a configuration was refused: " + e.getCause(), e.getCause());
        } finally {
            context.ungetService(ref);
        }
    }

    /** Keeps {@code ready.file} in existence while a service matches {@code ready.filter}. */
    private void trackReadiness(BundleContext context) throws IOException {
        String filter = settings.get("ready.filter").trim();
        Path file = Path.of(settings.get("ready.file"));
        Files.deleteIfExists(file);
        if (filter.isEmpty()) {
            return;
        }
        // An AllServiceListener: the system bundle is not wired to the services' packages, and a plain listener
        // would only hear of services whose classes it can see.
        AllServiceListener listener = event -> {
            try {
                // UNREGISTERING is delivered while the service is still registered: do not count it
                refreshReady(context, filter, file,
                        event.getType() == ServiceEvent.UNREGISTERING ? event.getServiceReference() : null);
            } catch (IOException e) {
                log.println("aios-launcher: cannot update " + file + ": " + e);
            }
        };
        try {
            context.addServiceListener(listener, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("ready.filter '" + filter + "' is not an LDAP filter: " + e.getMessage(),
                    e);
        }
        refreshReady(context, filter, file, null);
    }

    private static synchronized void refreshReady(BundleContext context, String filter, Path file,
            ServiceReference<?> leaving) throws IOException {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, filter);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            refs = null;
        }
        int matching = 0;
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            if (!ref.equals(leaving)) {
                matching++;
            }
        }
        if (matching > 0) {
            Files.writeString(file, "ready\n");
        } else {
            Files.deleteIfExists(file);
        }
    }

    /** Stops the framework and waits for it (components deactivate, the worker drains). Idempotent. */
    void stop() {
        Framework f = framework;
        if (f == null || (f.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) == 0) {
            return;
        }
        try {
            f.stop();
            FrameworkEvent event = f.waitForStop(Long.parseLong(settings.get("shutdown.timeout.ms")));
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.println("aios-launcher: the framework did not stop within " + settings.get("shutdown.timeout.ms")
                        + " ms");
            }
        } catch (BundleException e) {
            log.println("aios-launcher: stop failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(Path.of(settings.get("ready.file")));
        } catch (IOException e) {
            // best effort
        }
    }

    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    Framework framework() {
        return framework;
    }
}
