package io.aiosedge.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway's one slf4j provider, set up before the framework starts: logback behind the platform's slf4j 1.7 (our
 * bundles and every platform bundle that logs), writing a rotating file in the log folder and, on an interactive
 * terminal only, warnings to the console (so that log lines do not land in the Gogo prompt, and a service's stdout
 * carries only the launcher's own lines). Jetty's slf4j 2 API (the web console's server) gets slf4j's own
 * no-operation provider by name, which needs no ServiceLoader mediator and prints no "no providers" warning.
 *
 * <p>Everything is passed as system properties that logback's configuration reads ({@code aios.log.dir},
 * {@code aios.log.console.level}); a {@code -D} given by the user wins over each default here.
 */
final class GatewayLogging {

    /** The built-in logback configuration, copied to --log-config when that file is missing. */
    static final String DEFAULT_CONFIGURATION = "aiosedge-gateway-logback.xml";
    /** The log file's name inside the log folder. */
    static final String LOG_FILE = "aiosedge-gateway.log";

    private GatewayLogging() {
    }

    static void configure(GatewayOptions options) throws IOException {
        Path directory = options.logDirectory().toAbsolutePath();
        Files.createDirectories(directory);
        Path configuration = options.logConfiguration().toAbsolutePath();
        if (!Files.exists(configuration)) {
            try (InputStream in = GatewayLogging.class.getResourceAsStream("/" + DEFAULT_CONFIGURATION)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULT_CONFIGURATION + " is missing from the gateway jar");
                }
                Files.createDirectories(configuration.getParent());
                Files.copy(in, configuration);
            }
        }
        defaultProperty("logback.configurationFile", configuration.toString());
        defaultProperty("aios.log.dir", directory.toString());
        defaultProperty("aios.log.console.level", options.interactive() ? "WARN" : "OFF");
        defaultProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        defaultProperty("slf4j.internal.verbosity", "WARN");
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
