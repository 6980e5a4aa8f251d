package io.aiosedge.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.launch.Framework;

/**
 * The standalone AIOS Edge gateway: starts Felix with the platform a Kura gateway has (the bundles under
 * {@code bundles/} in this jar: SCR, ConfigAdmin, Metatype, EventAdmin, DeploymentAdmin, Gogo, slf4j, the Kura API
 * stand-in) plus the Felix web console and the Gogo shell, applies the configurations of
 * {@code aiosedge-gateway.json} that ConfigAdmin does not hold yet, installs our capabilities as the Deployment
 * Packages under {@code dps/} through DeploymentAdmin (as Kura does at every boot; a package already installed at
 * that version is skipped), and reports the time from JVM start until every component of ours is up.
 *
 * <p>The framework's storage lives in the data folder and is kept between runs, so a restart does not install
 * anything again; a jar from another build (different embedded bundles or packages) starts from a clean storage.
 * Configurations live in {@code <data>/config} and survive that.
 *
 * <p>What the jar carries is read by {@link EmbeddedContent}, the platform bundles are installed and started by
 * {@link PlatformBundles}; all of it runs on the thread that called {@link #run()}.
 */
public final class GatewayLauncher {

    static final String DEFAULT_CONFIGURATION = "aiosedge-gateway.json";
    static final String DP_ORDER = "dps/install-order.txt";
    static final String OUR_BUNDLES = "io.aiosedge.";

    private final GatewayOptions options;
    private final PrintStream out;
    private static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private Framework framework;
    /** Platform bundles: installed and started before, and some only after, the Deployment Packages. */
    private final PlatformBundles platform;
    private WebConsoleCredentials consoleCredentials;
    private volatile TelnetConsole telnet;

    GatewayLauncher(GatewayOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.platform = new PlatformBundles(options.shell(), out);
    }

    /** {@code java -jar aiosedge-gateway.jar [options]}; {@code --help} lists them. */
    public static void main(String[] args) throws Exception {
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("aiosedge-gateway: " + e.getMessage());
            System.err.println(GatewayOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(GatewayOptions.USAGE);
            return;
        }
        GatewayLauncher launcher = new GatewayLauncher(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "aios-gateway-shutdown"));
        int status;
        try {
            status = launcher.run();
        } catch (IllegalArgumentException e) {
            System.err.println("aiosedge-gateway: " + e.getMessage());
            launcher.stop();
            status = 2;
        } catch (Exception | Error e) {
            System.err.println("aiosedge-gateway: cannot start: " + e);
            e.printStackTrace();
            launcher.stop();
            status = 1;
        }
        System.exit(status);
    }

    /** Starts the gateway and returns when the framework has stopped (the exit status). */
    int run() throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        EmbeddedContent content = EmbeddedContent.open();
        List<ConfigurationFile> configurations = readConfigurations();
        Path data = this.options.dataDirectory();
        Files.createDirectories(data);
        GatewayLogging.configure(this.options);
        this.consoleCredentials = WebConsoleCredentials.prepare(data, System.getenv(), this.out);
        this.consoleCredentials.screen(configurations, this.out);
        boolean cleaned = prepareStorage(data, content.buildId());

        this.framework = new Felix(frameworkProperties(data));
        this.framework.init();
        BundleContext context = this.framework.getBundleContext();
        context.registerService(ResolverHookFactory.class, new Slf4jWiring(), null);
        this.platform.install(context, content);
        this.framework.start();

        FrameworkServices services = new FrameworkServices(context);
        startTelnet(services);
        Object configurationAdmin = required(services, FrameworkServices.CONFIGURATION_ADMIN);
        for (ConfigurationFile file : configurations) {
            applyConfigurations(services, configurationAdmin, file, file == configurations.get(0));
        }
        this.consoleCredentials.ensure(configurationAdmin, this.out);
        Object deploymentAdmin = required(services, FrameworkServices.DEPLOYMENT_ADMIN);
        int installed = installPackages(services, deploymentAdmin, content);
        this.platform.startDeferred();

        Object scr = required(services, FrameworkServices.SERVICE_COMPONENT_RUNTIME);
        ComponentReport report = ComponentReport.await(services, scr, configurations, this.options.startTimeoutMillis());
        long upMillis = System.currentTimeMillis() - jvmStart;
        printSummary(report, upMillis, installed, cleaned);
        if (this.options.exitAfterStart()) {
            stop();
            return report.allUp() ? 0 : 1;
        }
        this.framework.waitForStop(0);
        return 0;
    }

    /** Gogo over telnet on 127.0.0.1 (--telnet-port); a port in use is reported and the gateway runs on. */
    private void startTelnet(FrameworkServices services) throws InterruptedException {
        int port = this.options.telnetPort();
        if (port == 0) {
            return;
        }
        Object processor = services.await(COMMAND_PROCESSOR, 30_000);
        if (processor == null) {
            this.out.println("aiosedge-gateway: no Gogo CommandProcessor within 30 s: no telnet console");
            return;
        }
        try {
            this.telnet = TelnetConsole.start(processor, port);
        } catch (IOException e) {
            this.out.println("aiosedge-gateway: telnet console on 127.0.0.1:" + port + " not started: "
                    + e.getMessage() + " (--telnet-port <port> for another, 0 for none)");
        }
    }

    private List<ConfigurationFile> readConfigurations() throws IOException {
        List<ConfigurationFile> files = new ArrayList<>();
        try (InputStream in = GatewayLauncher.class.getResourceAsStream("/" + DEFAULT_CONFIGURATION)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_CONFIGURATION + " is missing from the gateway jar");
            }
            files.add(ConfigurationFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    DEFAULT_CONFIGURATION + " (built in)", this.options.dataDirectory()));
        }
        for (Path file : this.options.configurationFiles()) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--config " + file + ": no such file");
            }
            files.add(ConfigurationFile.parse(Files.readString(file), file.toString(), this.options.dataDirectory()));
        }
        return files;
    }

    /** Keeps the framework storage when it was made by this build, else wipes it. Returns whether it was wiped. */
    private boolean prepareStorage(Path data, String buildId) throws IOException {
        Path storage = data.resolve("felix-cache");
        Path stamp = data.resolve("build-id");
        boolean same = !this.options.clean() && Files.isDirectory(storage) && Files.isRegularFile(stamp)
                && Files.readString(stamp).trim().equals(buildId);
        if (!same) {
            deleteTree(storage);
            Files.writeString(stamp, buildId + System.lineSeparator());
        }
        return !same;
    }

    private Map<String, String> frameworkProperties(Path data) {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toAbsolutePath().toString());
        properties.put("felix.cm.dir", data.resolve("config").toAbsolutePath().toString());
        properties.put("felix.log.level", "1");
        properties.put("org.osgi.service.http.port", Integer.toString(this.options.httpPort()));
        properties.put("org.apache.felix.http.host", this.options.httpHost());
        properties.putAll(this.consoleCredentials.frameworkProperties());
        // Jetty 12 logs through the slf4j 2 API, whose bundle requires a ServiceLoader mediator (SPI Fly). Without
        // a provider slf4j 2 falls back to no-op logging, which is all Jetty needs here; the capability below only
        // lets its bundle resolve (GatewayLogging names that provider, so slf4j 2 prints no warning). Our bundles log
        // through slf4j 1.7 (what Kura provides) to logback.
        properties.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA,
                "osgi.extender;osgi.extender=osgi.serviceloader.processor;version:Version=1.0,"
                        + "osgi.serviceloader;osgi.serviceloader=org.slf4j.spi.SLF4JServiceProvider");
        return properties;
    }

    private static Object required(FrameworkServices services, String type) throws InterruptedException {
        Object service = services.await(type, 30_000);
        if (service == null) {
            throw new IllegalStateException("no " + type + " within 30 s: the platform did not start");
        }
        return service;
    }

    /**
     * Applies a configuration file. The built-in defaults only fill what ConfigAdmin does not hold (what a user
     * changed in the web console survives a restart); a file given with --config is applied every start.
     */
    private void applyConfigurations(FrameworkServices services, Object configurationAdmin, ConfigurationFile file,
            boolean onlyMissing) throws Exception {
        int applied = 0;
        for (ConfigurationFile.Entry entry : file.entries().values()) {
            boolean exists = entry.isFactory()
                    ? services.hasFactoryConfiguration(configurationAdmin, entry.factoryPid, entry.instance)
                    : services.hasConfiguration(configurationAdmin, entry.pid);
            if (onlyMissing && exists) {
                continue;
            }
            if (entry.isFactory()) {
                services.updateFactoryConfiguration(configurationAdmin, entry.factoryPid, entry.instance,
                        entry.properties);
            } else {
                services.updateConfiguration(configurationAdmin, entry.pid, entry.properties);
            }
            applied++;
        }
        if (applied > 0) {
            this.out.println("aiosedge-gateway: " + applied + " configuration(s) applied from " + file.source());
        }
    }

    /** Installs the embedded DPs in order, skipping those installed at the same version. Returns how many. */
    private int installPackages(FrameworkServices services, Object deploymentAdmin, EmbeddedContent content)
            throws Exception {
        int installed = 0;
        for (EmbeddedContent.Package dp : content.packages()) {
            Version current = services.installedVersion(deploymentAdmin, dp.symbolicName);
            if (dp.version.equals(current)) {
                continue;
            }
            long start = System.nanoTime();
            try (InputStream in = new BufferedInputStream(content.open(dp.entry), 1 << 16)) {
                services.install(deploymentAdmin, in);
                this.out.println("aiosedge-gateway: Deployment Package " + dp.symbolicName + " " + dp.version
                        + (current == null ? " installed" : " upgraded from " + current) + " in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (Exception e) {
                this.out.println("aiosedge-gateway: Deployment Package " + dp.symbolicName + " " + dp.version
                        + " refused: " + e.getMessage());
                continue;
            }
            installed++;
        }
        return installed;
    }

    private void printSummary(ComponentReport report, long upMillis, int installed, boolean cleaned) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        this.out.println("aiosedge-gateway: " + (report.allUp() ? "up" : "started with problems") + " in " + upMillis
                + " ms from JVM start: " + report.summary() + "; " + installed + " Deployment Package(s) installed"
                + (cleaned ? " (fresh storage)" : "") + "; heap used " + (heap.getUsed() >> 20) + " MiB");
        for (String problem : report.problems()) {
            this.out.println("aiosedge-gateway:   " + problem);
        }
        TelnetConsole console = this.telnet;
        this.out.println("aiosedge-gateway: web console http://" + displayHost() + ":" + this.options.httpPort()
                + "/system/console (" + this.consoleCredentials.summary() + ")" + (this.options.shell() ? "; Gogo shell on this terminal ('help')"
                        : "") + (console == null ? "" : "; Gogo over telnet: telnet 127.0.0.1 " + console.port()));
    }

    private String displayHost() {
        String host = this.options.httpHost();
        return host.equals("0.0.0.0") ? "localhost" : host;
    }

    /** Stops the framework (the shutdown hook, or --exit-after-start); waits up to 30 s. */
    void stop() {
        TelnetConsole console = this.telnet;
        if (console != null) {
            console.close();
        }
        Framework running = this.framework;
        if (running == null || (running.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
            return;
        }
        try {
            running.stop();
            running.waitForStop(30_000);
        } catch (BundleException e) {
            System.err.println("aiosedge-gateway: stopping the framework: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
