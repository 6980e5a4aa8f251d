package io.aiosedge.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.CompositeOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base class of every integration test: a Felix framework with the platform feature (what a Kura
 * gateway provides), the Kura API stand-in (or, in the real-kura profile, Kura's own API jar) and the bundles under test, plus configuration by PID and
 * waiting helpers. Waiting is always polling a condition with a deadline, never a fixed sleep.
 */
public abstract class OsgiTestSupport {

    /** How long a test waits for something asynchronous (components, services) before failing. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Directory the build copied the provisioned bundles into (see itests/pom.xml). */
    protected static final Path BUNDLES_DIR = Paths.get(System.getProperty("aios.bundles.dir", "target/bundles"));

    /**
     * Directory the build copied only the platform feature and the Kura API stand-in into (see itests/pom.xml):
     * what a Kura gateway has before any of our Deployment Packages is installed.
     */
    protected static final Path PLATFORM_BUNDLES_DIR = Paths
            .get(System.getProperty("aios.platform.bundles.dir", "target/platform-bundles"));

    /**
     * Set by the real-kura profile (itests/pom.xml): Kura's own org.eclipse.kura.api jar and the bundles it needs at
     * runtime, installed in place of the API stand-in (which the build then does not copy). Empty by default.
     */
    protected static final String KURA_BUNDLES_DIR = System.getProperty("aios.kura.bundles.dir", "");

    @Inject
    protected BundleContext context;

    /**
     * Every test starts from a framework in which all installed bundles are active (fragments resolved):
     * a bundle that does not resolve fails every test, naming the bundle and its state.
     */
    @Before
    public void allBundlesStarted() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!bundlesNotStarted().isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
        List<String> problems = bundlesNotStarted();
        if (!problems.isEmpty()) {
            fail("bundles not started: " + problems);
        }
    }

    /** The framework, the platform and every bundle copied from the feature lists, all started. */
    protected static Option platform() {
        return composite(
                cleanCaches(true),
                frameworkProperty("org.osgi.framework.storage.clean").value("onFirstInit"),
                frameworkProperty("felix.log.level").value("1"),
                systemProperty("org.ops4j.pax.url.mvn.localRepository")
                        .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                System.getProperty("user.home") + "/.m2/repository")),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
                junitBundles(),
                kuraApi(),
                bundlesIn(BUNDLES_DIR));
    }

    /**
     * The framework with the platform and the Kura API stand-in only, all started: for tests that install our
     * bundles themselves, e.g. as Deployment Packages through DeploymentAdmin.
     */
    protected static Option platformOnly() {
        return composite(
                cleanCaches(true),
                frameworkProperty("org.osgi.framework.storage.clean").value("onFirstInit"),
                frameworkProperty("felix.log.level").value("1"),
                systemProperty("org.ops4j.pax.url.mvn.localRepository")
                        .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                System.getProperty("user.home") + "/.m2/repository")),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
                junitBundles(),
                kuraApi(),
                bundlesIn(PLATFORM_BUNDLES_DIR));
    }

    /** True when the framework runs Kura's real API jar (real-kura profile) rather than the stand-in. */
    protected static boolean onRealKuraApi() {
        return !KURA_BUNDLES_DIR.isBlank();
    }

    /**
     * Kura's real API and its runtime (real-kura profile), or nothing: by default the API stand-in comes with the
     * copied bundles.
     */
    private static Option kuraApi() {
        return onRealKuraApi() ? bundlesIn(Paths.get(KURA_BUNDLES_DIR)) : composite();
    }

    /** Installs every jar of a directory; fragments are installed but not started. */
    protected static CompositeOption bundlesIn(Path dir) {
        List<Option> options = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                options.add(bundle(jar.toUri().toString()).start(!isFragment(jar.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list bundles in " + dir.toAbsolutePath()
                    + " (run the itests through Maven so that the features are copied there)", e);
        }
        if (options.isEmpty()) {
            throw new IllegalStateException("no bundles in " + dir.toAbsolutePath());
        }
        return composite(options.toArray(new Option[0]));
    }

    private static boolean isFragment(File jar) {
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue(Constants.FRAGMENT_HOST) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- waiting

    /** Polls {@code condition} every 20 ms until it holds, failing with {@code what} after {@link #TIMEOUT}. */
    protected static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
            }
            pause();
        }
    }

    /** One polling step of the waiting helpers. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    /** Like {@link #await(String, BooleanSupplier)} but returns the first non-null value supplied. */
    protected static <T> T awaitValue(String what, Supplier<T> supplier) {
        Object[] holder = new Object[1];
        await(what, () -> (holder[0] = supplier.get()) != null);
        @SuppressWarnings("unchecked")
        T value = (T) holder[0];
        return value;
    }

    /** Waits for a service matching an LDAP filter (null: any) and returns it. */
    protected <S> S awaitService(Class<S> type, String filter) {
        String fullFilter = "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")"
                + (filter == null ? "" : filter) + ")";
        ServiceTracker<S, S> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(fullFilter), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + fullFilter, e);
        }
        tracker.open();
        try {
            if (tracker.waitForService(TIMEOUT.toMillis()) == null) {
                fail("no service " + fullFilter + " within " + TIMEOUT.toSeconds() + " s");
            }
            // Get the service through the test's own context, not the tracker: closing the tracker would
            // release it, and bundle-scoped services (ConfigurationAdmin) become unusable once released.
            S service = context.getService(tracker.getServiceReference());
            if (service == null) {
                fail("service " + fullFilter + " went away before it could be obtained");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            tracker.close();
        }
    }

    // ---------------------------------------------------------------- configuration by PID

    /** Creates or replaces the configuration of a singleton PID. */
    protected Configuration configure(String pid, Map<String, ?> properties) throws IOException {
        Configuration configuration = configurationAdmin().getConfiguration(pid, "?");
        configuration.update(toDictionary(properties));
        return configuration;
    }

    /** Creates a factory configuration, as Kura does when a user adds an instance in its UI. */
    protected Configuration createFactoryConfiguration(String factoryPid, Map<String, ?> properties)
            throws IOException {
        Configuration configuration = configurationAdmin().createFactoryConfiguration(factoryPid, "?");
        configuration.update(toDictionary(properties));
        return configuration;
    }

    protected ConfigurationAdmin configurationAdmin() {
        return awaitService(ConfigurationAdmin.class, null);
    }

    private static Dictionary<String, Object> toDictionary(Map<String, ?> properties) {
        return new Hashtable<>(properties);
    }

    // ---------------------------------------------------------------- bundles and components

    /** Bundles of the framework that are neither active nor (for fragments) resolved, with their state. */
    protected List<String> bundlesNotStarted() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " is " + stateName(bundle.getState()));
            }
        }
        return problems;
    }

    /** Every DS component of our bundles that is enabled but not satisfied, with its unsatisfied references. */
    protected List<String> unsatisfiedComponents() {
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!scr.isComponentEnabled(description)) {
                problems.add(description.name + " is disabled");
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add(description.name + " state " + configuration.state + " unsatisfied references "
                            + java.util.Arrays.stream(configuration.unsatisfiedReferences)
                                    .map(r -> r.name + r.target)
                                    .collect(Collectors.toList())
                            + (configuration.failure == null ? "" : " failure " + configuration.failure));
                }
            }
        }
        return problems;
    }

    protected Bundle installedBundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    protected static String stateName(int state) {
        switch (state) {
        case Bundle.INSTALLED:
            return "INSTALLED (unresolved)";
        case Bundle.RESOLVED:
            return "RESOLVED";
        case Bundle.STARTING:
            return "STARTING";
        case Bundle.STOPPING:
            return "STOPPING";
        case Bundle.ACTIVE:
            return "ACTIVE";
        default:
            return "UNINSTALLED";
        }
    }

    /** The bundle that holds the running test (the Pax Exam probe). */
    protected Bundle probe() {
        return FrameworkUtil.getBundle(getClass());
    }
}
