package io.aiosedge.itests.cloudsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker in a process of its own, on a free local port, with a generated configuration in a temp
 * directory. Fails (never skips) when Mosquitto is not installed, saying how to install it. Public for the Wires ITs;
 * {@link #stop()} then {@link #start()} is a broker outage (same port, persistent sessions kept).
 */
public final class MosquittoProcess implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/opt/homebrew/sbin/mosquitto", "/usr/local/bin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    public MosquittoProcess() throws IOException {
        this.dir = Files.createTempDirectory("aios-it-mosquitto");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                // started as root, Mosquitto would switch to user "mosquitto", who cannot write our temp dir
                "user " + System.getProperty("user.name"),
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir + "/",
                "max_queued_messages 0",
                "log_dest file " + dir.resolve("mosquitto.log"),
                ""));
    }

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

    public MosquittoProcess start() {
        try {
            process = new ProcessBuilder(executable(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
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

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
