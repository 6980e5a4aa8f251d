package io.aiosedge.gateway;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The launcher's command line, validated: every bad option is reported by name with the bad value. */
final class GatewayOptions {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar aiosedge-gateway.jar [options]",
            "  --data <dir>            data folder: framework storage, configurations, outbox"
                    + " (default ./aiosedge-gateway-data)",
            "  --config <file.json>    configurations applied at every start, after the built-in defaults"
                    + " (repeatable)",
            "  --http-port <port>      web console port (default 8080)",
            "  --http-host <host>      web console address (default localhost; 0.0.0.0 for every interface)",
            "  --shell                 Gogo shell on the terminal even when stdin is not one",
            "  --no-shell              no Gogo shell on the terminal (the default when stdin is not a terminal:"
                    + " a service, nohup, CI)",
            "  --telnet-port <port>    Gogo over telnet on 127.0.0.1 (default 5002 as on Kura; 0: none)",
            "  --log-dir <dir>         log folder (default <data>/log): aiosedge-gateway.log, rotated daily and at"
                    + " 10 MB",
            "  --log-config <file>     logback configuration, read again within 10 s of a change (default"
                    + " <data>/logback.xml, written at first start)",
            "  --clean                 start from an empty framework storage (configurations are kept)",
            "  --start-timeout <ms>    how long to wait for every component (default 60000)",
            "  --exit-after-start      start, report, stop (exit status 0 when every component came up)",
            "  -D<key>=<value>         (JVM option) framework and bundle properties, e.g."
                    + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "  --help");

    private Path dataDirectory = Paths.get("aiosedge-gateway-data");
    private final List<Path> configurationFiles = new ArrayList<>();
    private int httpPort = 8080;
    private String httpHost = "localhost";
    /** Null: decided by whether stdin is a terminal. */
    private Boolean shell;
    private boolean interactive;
    private int telnetPort = 5002;
    private Path logDirectory;
    private Path logConfiguration;
    private boolean clean;
    private long startTimeoutMillis = 60_000;
    private boolean exitAfterStart;
    private boolean help;

    private GatewayOptions() {
    }

    /**
     * Parses the command line of a JVM whose stdin is a terminal when {@link System#console()} exists (Java 17:
     * stdin and stdout are both a terminal).
     *
     * @throws IllegalArgumentException naming the option and the bad value
     */
    static GatewayOptions parse(String... args) {
        return parse(System.console() != null, args);
    }

    /**
     * @param interactive whether stdin is a terminal: then the Gogo shell runs on it and the log goes to the
     *        console too, unless an option says otherwise
     * @throws IllegalArgumentException naming the option and the bad value
     */
    static GatewayOptions parse(boolean interactive, String... args) {
        GatewayOptions options = new GatewayOptions();
        options.interactive = interactive;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
            case "--data":
                options.dataDirectory = Paths.get(value(args, ++i, arg));
                break;
            case "--config":
                options.configurationFiles.add(Paths.get(value(args, ++i, arg)));
                break;
            case "--http-port":
                options.httpPort = number(value(args, ++i, arg), arg, 1, 65535);
                break;
            case "--http-host":
                options.httpHost = value(args, ++i, arg);
                break;
            case "--no-shell":
                options.shell = false;
                break;
            case "--shell":
                options.shell = true;
                break;
            case "--telnet-port":
                options.telnetPort = number(value(args, ++i, arg), arg, 0, 65535);
                break;
            case "--log-dir":
                options.logDirectory = Paths.get(value(args, ++i, arg));
                break;
            case "--log-config":
                options.logConfiguration = Paths.get(value(args, ++i, arg));
                break;
            case "--clean":
                options.clean = true;
                break;
            case "--start-timeout":
                options.startTimeoutMillis = number(value(args, ++i, arg), arg, 1, Integer.MAX_VALUE);
                break;
            case "--exit-after-start":
                options.exitAfterStart = true;
                break;
            case "--help":
            case "-h":
                options.help = true;
                break;
            default:
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return options;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[index];
    }

    private static int number(String value, String option, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " has bad value '" + value
                    + "': must be a whole number from " + min + " to " + max);
        }
    }

    Path dataDirectory() {
        return this.dataDirectory;
    }

    List<Path> configurationFiles() {
        return Collections.unmodifiableList(this.configurationFiles);
    }

    int httpPort() {
        return this.httpPort;
    }

    String httpHost() {
        return this.httpHost;
    }

    /** Whether the Gogo shell runs on the terminal: --shell, --no-shell, else whether stdin is a terminal. */
    boolean shell() {
        return this.shell == null ? this.interactive : this.shell;
    }

    /** Whether stdin is a terminal (the log then goes to the console as well as to its file). */
    boolean interactive() {
        return this.interactive;
    }

    /** Port of Gogo over telnet on 127.0.0.1; 0 for none. */
    int telnetPort() {
        return this.telnetPort;
    }

    /** The log folder: --log-dir, else {@code <data>/log}. */
    Path logDirectory() {
        return this.logDirectory != null ? this.logDirectory : this.dataDirectory.resolve("log");
    }

    /** The logback configuration: --log-config, else {@code <data>/logback.xml}. */
    Path logConfiguration() {
        return this.logConfiguration != null ? this.logConfiguration : this.dataDirectory.resolve("logback.xml");
    }

    boolean clean() {
        return this.clean;
    }

    long startTimeoutMillis() {
        return this.startTimeoutMillis;
    }

    boolean exitAfterStart() {
        return this.exitAfterStart;
    }

    boolean help() {
        return this.help;
    }
}
