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
            "  --no-shell              no Gogo shell on the terminal",
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
    private boolean shell = true;
    private boolean clean;
    private long startTimeoutMillis = 60_000;
    private boolean exitAfterStart;
    private boolean help;

    private GatewayOptions() {
    }

    /** @throws IllegalArgumentException naming the option and the bad value */
    static GatewayOptions parse(String... args) {
        GatewayOptions options = new GatewayOptions();
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

    boolean shell() {
        return this.shell;
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
