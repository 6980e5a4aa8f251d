package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker in its own process on a free local port, configured by a file generated in a temp
 * directory: for the tests where the broker must die (SIGTERM or SIGKILL) and come back, TLS and passwords, and
 * shared subscriptions. Fails (never skips) when Mosquitto is missing, with the install command.
 */
final class MosquittoBroker implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/opt/homebrew/sbin/mosquitto", "/usr/local/bin/mosquitto");

    private final Path dir;
    private final int port;
    private final List<String> extraConfig = new ArrayList<>();
    private boolean tls;
    private Process process;

    MosquittoBroker(Path dir) {
        this.dir = dir;
        this.port = MoquetteBroker.freePort();
    }

    /** The mosquitto executable, or an AssertionError with the install hint. */
    static String executable() {
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

    /** Serve TLS with these PEM files (CA, server certificate, server key). */
    MosquittoBroker tls(Path caFile, Path certFile, Path keyFile) {
        tls = true;
        extraConfig.add("cafile " + caFile);
        extraConfig.add("certfile " + certFile);
        extraConfig.add("keyfile " + keyFile);
        extraConfig.add("tls_version tlsv1.2");
        return this;
    }

    /**
     * Mutual TLS: every client must present a certificate signed by the CA given to {@link #tls}; its common name is
     * its user name (for the ACL's {@code %u}). Call after {@link #tls}.
     */
    MosquittoBroker requireClientCertificates() {
        extraConfig.add("require_certificate true");
        extraConfig.add("use_identity_as_username true");
        extraConfig.add("allow_anonymous false");
        // TLS refusals and denied publishes are logged at debug level.
        extraConfig.add("log_type all");
        return this;
    }

    /** Authorise publishes and subscriptions by this ACL file (Mosquitto's acl_file). */
    MosquittoBroker acl(Path aclFile) {
        extraConfig.add("acl_file " + aclFile.toAbsolutePath());
        return this;
    }

    /** Whether Mosquitto is installed here (tests that need it skip, with the install hint, when not). */
    static boolean installed() {
        try {
            executable();
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Require this user name and password (made with mosquitto_passwd). */
    MosquittoBroker password(String user, String password) {
        Path file = dir.resolve("passwd");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String passwd = Path.of(executable()).getParent().getParent().resolve("bin/mosquitto_passwd").toString();
        if (!Files.isExecutable(Path.of(passwd))) {
            passwd = "mosquitto_passwd";
        }
        run(passwd, "-b", "-c", file.toString(), user, password);
        extraConfig.add("password_file " + file);
        extraConfig.add("allow_anonymous false");
        return this;
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

    MosquittoBroker start() {
        try {
            Files.createDirectories(dir);
            List<String> config = new ArrayList<>(List.of(
                    "listener " + port + " 127.0.0.1",
                    // started as root, Mosquitto would switch to user "mosquitto", who cannot write our temp dir
                    "user " + System.getProperty("user.name"),
                    "persistence true",
                    "persistence_location " + dir + "/",
                    // no limit on what is queued for an offline persistent session
                    "max_queued_messages 0",
                    "set_tcp_nodelay true",
                    "log_dest file " + dir.resolve("mosquitto.log")));
            if (extraConfig.stream().noneMatch(l -> l.startsWith("allow_anonymous"))) {
                config.add("allow_anonymous true");
            }
            config.addAll(extraConfig);
            Files.write(dir.resolve("mosquitto.conf"), config);
            process = new ProcessBuilder(executable(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log")
                            .toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + " within 10 s: " + log());
    }

    String url() {
        return (tls ? "ssl://localhost:" : "tcp://127.0.0.1:") + port;
    }

    int port() {
        return port;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM: Mosquitto drops every connection and saves its persistence file before exiting. */
    void stop() {
        end(false);
    }

    /** SIGKILL: gone at once; what it had not saved is lost. */
    void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        kill();
    }
}
