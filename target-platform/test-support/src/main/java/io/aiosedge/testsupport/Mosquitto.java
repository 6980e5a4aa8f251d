package io.aiosedge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one Mosquitto launcher of every test module and benchmark: a broker in a process of its own, on a local
 * port, configured by a file generated in its directory. It fails (never skips) when Mosquitto is missing, with the
 * install command. {@link #stop()} then {@link #start()} is an outage on the same port (a persistent broker keeps
 * its sessions and queued messages: it saves them at SIGTERM); {@link #kill()} is a crash (SIGKILL).
 *
 * <pre>
 * try (Mosquitto broker = Mosquitto.in(dir).build().start()) { ... broker.url() ... }
 * Mosquitto.in(dir).port(1884).persistent(false).listenAlso("10.0.0.5").build();
 * Mosquitto.in(dir).tls(ca, cert, key).requireClientCertificates().acl(aclFile).build();
 * </pre>
 */
public final class Mosquitto implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/opt/homebrew/sbin/mosquitto", "/usr/local/bin/mosquitto");
    private static final long START_TIMEOUT_SECONDS = 10;

    private final Path dir;
    private final int port;
    private final boolean tls;
    private Process process;

    private Mosquitto(Path dir, int port, boolean tls, List<String> config) {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("mosquitto.conf"), config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Mosquitto configuration in " + dir, e);
        }
    }

    /** A broker whose configuration, log and persistence file live in {@code dir} (created when missing). */
    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /** A broker in a new temporary directory whose name starts with {@code prefix}. */
    public static Builder inTempDirectory(String prefix) {
        try {
            return new Builder(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mosquitto executable ({@code $MOSQUITTO} first), or an AssertionError with the install command. */
    public static String executable() {
        String configured = System.getenv("MOSQUITTO");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("Mosquitto is not installed (looked for " + CANDIDATES
                + " and $MOSQUITTO): install it with 'apt-get install -y mosquitto'");
    }

    /** Whether Mosquitto is installed here. */
    public static boolean installed() {
        try {
            executable();
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** A local TCP port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the process and returns once it accepts connections (at most 10 s).
     *
     * @throws IllegalStateException when it is already running
     * @throws AssertionError when it exits or does not listen in time, with its log
     */
    public Mosquitto start() {
        if (isRunning()) {
            throw new IllegalStateException("mosquitto on port " + port + " is already running");
        }
        try {
            process = new ProcessBuilder(executable(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                process = null;
                throw new AssertionError("mosquitto exited with " + exit + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        end(true);
        throw new AssertionError("mosquitto did not listen on " + port + " within " + START_TIMEOUT_SECONDS + " s: "
                + log());
    }

    /** {@code tcp://127.0.0.1:<port>}, or {@code ssl://localhost:<port>} with TLS (the certificate's name). */
    public String url() {
        return (tls ? "ssl://localhost:" : "tcp://127.0.0.1:") + port;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return dir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** What the broker logged (its log file, then what it wrote on stdout/stderr). */
    public String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("mosquitto.log", "stdout.log")) {
            Path file = dir.resolve(name);
            try {
                if (Files.exists(file)) {
                    text.append(Files.readString(file));
                }
            } catch (IOException e) {
                text.append(e);
            }
        }
        return text.length() == 0 ? "(no log)" : text.toString();
    }

    /** SIGTERM: Mosquitto drops every connection and, when persistent, saves its state before exiting. */
    public void stop() {
        end(false);
    }

    /** SIGKILL: gone at once; what it had not saved is lost. */
    public void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** Stops it (SIGTERM). */
    @Override
    public void close() {
        stop();
    }

    /** The broker's settings; {@link #build()} writes the configuration file. */
    public static final class Builder {
        private final Path dir;
        private int port;
        private boolean persistent = true;
        private boolean saveOnlyAtExit;
        private int maxQueuedMessages;
        private final List<String> addresses = new ArrayList<>();
        private final List<String> extra = new ArrayList<>();
        private boolean tls;
        private boolean anonymous = true;

        private Builder(Path dir) {
            this.dir = dir.toAbsolutePath();
        }

        /** A fixed port (default: a free one). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Whether sessions and queued messages survive a stop (SIGTERM); default true. */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** A persistent broker that writes its state only when it stops (no periodic autosave). */
        public Builder saveOnlyAtExit() {
            this.persistent = true;
            this.saveOnlyAtExit = true;
            return this;
        }

        /** Messages queued per offline session at most (default 0: no limit). */
        public Builder maxQueuedMessages(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("max queued messages must be >= 0, not " + limit);
            }
            this.maxQueuedMessages = limit;
            return this;
        }

        /** Also listen on this address, on the same port (e.g. a second loopback address for a "remote" node). */
        public Builder listenAlso(String address) {
            addresses.add(address);
            return this;
        }

        /** Serve TLS 1.2 with these PEM files (CA, server certificate, server key). */
        public Builder tls(Path caFile, Path certFile, Path keyFile) {
            tls = true;
            extra.add("cafile " + caFile.toAbsolutePath());
            extra.add("certfile " + certFile.toAbsolutePath());
            extra.add("keyfile " + keyFile.toAbsolutePath());
            extra.add("tls_version tlsv1.2");
            return this;
        }

        /**
         * Mutual TLS: every client presents a certificate signed by the CA given to {@link #tls}; its common name is
         * its user name (for an ACL's {@code %u}). Logs everything (refusals are logged at debug level).
         */
        public Builder requireClientCertificates() {
            extra.add("require_certificate true");
            extra.add("use_identity_as_username true");
            extra.add("log_type all");
            anonymous = false;
            return this;
        }

        /** Authorise publishes and subscriptions by this ACL file. */
        public Builder acl(Path aclFile) {
            extra.add("acl_file " + aclFile.toAbsolutePath());
            return this;
        }

        /** Require this user name and password (a password file made with mosquitto_passwd). */
        public Builder password(String user, String password) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path file = dir.resolve("passwd");
            Path beside = Path.of(executable()).toAbsolutePath().getParent().getParent().resolve("bin/mosquitto_passwd");
            String tool = Files.isExecutable(beside) ? beside.toString() : "mosquitto_passwd";
            run(tool, "-b", "-c", file.toString(), user, password);
            extra.add("password_file " + file);
            anonymous = false;
            return this;
        }

        /** Any other line of mosquitto.conf. */
        public Builder config(String line) {
            extra.add(line);
            return this;
        }

        /** Writes the configuration; the broker is not started yet. */
        public Mosquitto build() {
            int chosen = port == 0 ? freePort() : port;
            List<String> lines = new ArrayList<>();
            lines.add("listener " + chosen + " 127.0.0.1");
            for (String address : addresses) {
                lines.add("listener " + chosen + " " + address);
            }
            // Started as root, Mosquitto would switch to the user "mosquitto", who cannot write this directory.
            lines.add("user " + System.getProperty("user.name"));
            lines.add("allow_anonymous " + anonymous);
            if (persistent) {
                lines.add("persistence true");
                lines.add("persistence_location " + dir + "/");
                if (saveOnlyAtExit) {
                    lines.add("autosave_interval 0");
                }
            } else {
                lines.add("persistence false");
            }
            lines.add("max_queued_messages " + maxQueuedMessages);
            lines.add("set_tcp_nodelay true");
            lines.add("log_dest file " + dir.resolve("mosquitto.log"));
            lines.addAll(extra);
            return new Mosquitto(dir, chosen, tls, lines);
        }

        private static void run(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed: " + out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
