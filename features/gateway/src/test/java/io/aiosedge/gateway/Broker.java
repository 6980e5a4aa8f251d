package io.aiosedge.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto on a fixed local port with a persistent store, so that a test can stop and start "the cloud" and a
 * subscriber's session (and the QoS 1 messages queued for it) survives. Fails with an install hint when Mosquitto
 * is not installed.
 */
final class Broker implements AutoCloseable {

    private static final List<String> LOCATIONS = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto",
            "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto");

    private final Path folder;
    private final int port;
    private Process process;

    Broker(Path folder, int port) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.port = port;
        Files.writeString(folder.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "user " + System.getProperty("user.name"),
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + folder.toAbsolutePath() + "/",
                "max_queued_messages 0",
                "log_dest file " + folder.toAbsolutePath().resolve("mosquitto.log"),
                ""));
    }

    String url() {
        return "tcp://127.0.0.1:" + this.port;
    }

    Broker start() {
        String executable = LOCATIONS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new AssertionError("Mosquitto is not installed (looked in " + LOCATIONS
                        + "): apt-get install -y mosquitto"));
        try {
            this.process = new ProcessBuilder(executable, "-c", this.folder.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(this.folder.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + this.process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("mosquitto did not listen on " + this.port + " within 10 s");
    }

    /** Stops it (SIGTERM: the store is written). */
    void stop() throws InterruptedException {
        if (this.process != null && this.process.isAlive()) {
            this.process.destroy();
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
