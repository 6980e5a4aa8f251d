package io.aiosedge.benchmarks.cloudsync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto process on a free local port for the benchmarks: in memory, or persistent (its state, persistent
 * client sessions and their queued messages included, saved when it is stopped with SIGTERM and loaded when it
 * starts again on the same port).
 */
final class LocalMosquitto implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/opt/homebrew/sbin/mosquitto", "/usr/local/bin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    LocalMosquitto(Path dir) throws IOException {
        this(dir, false);
    }

    LocalMosquitto(Path dir, boolean persistent) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        List<String> config = new ArrayList<>(List.of("listener " + port + " 127.0.0.1",
                "allow_anonymous true", "user " + System.getProperty("user.name"), "max_queued_messages 0",
                "set_tcp_nodelay true", "log_dest file " + dir.resolve("mosquitto.log")));
        if (persistent) {
            config.addAll(List.of("persistence true", "persistence_location " + dir + "/", "autosave_interval 0"));
        }
        Files.write(dir.resolve("mosquitto.conf"), config);
    }

    static String executable() {
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Mosquitto is not installed: apt-get install -y mosquitto");
    }

    LocalMosquitto start() throws IOException, InterruptedException {
        process = new ProcessBuilder(executable(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("stdout.log")));
                }
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("mosquitto did not start on port " + port);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** SIGTERM: Mosquitto drops every connection and, when persistent, saves its state before exiting. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
