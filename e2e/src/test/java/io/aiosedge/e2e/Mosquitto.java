package io.aiosedge.e2e;

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
 * A Mosquitto broker process of the test's own on a free local port. Fails, naming the package to install, when
 * Mosquitto is missing (the tests need a real broker with shared subscriptions and last wills).
 */
public final class Mosquitto implements AutoCloseable {

    private static final List<String> LOCATIONS = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/opt/homebrew/sbin/mosquitto", "/usr/local/bin/mosquitto");

    private final Path dir;
    private final int port;
    private final Process process;

    private Mosquitto(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static String executable() {
        String configured = System.getenv("MOSQUITTO");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        return LOCATIONS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new AssertionError("Mosquitto is not installed (looked for " + LOCATIONS
                        + " and $MOSQUITTO): install it with 'apt-get install -y mosquitto'"));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Mosquitto start(Path dir) throws IOException {
        return start(dir, List.of());
    }

    /** A broker listening on 127.0.0.1 and on the given further addresses, all on the same port. */
    public static Mosquitto start(Path dir, List<String> moreAddresses) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        StringBuilder listeners = new StringBuilder("listener " + port + " 127.0.0.1\n");
        for (String address : moreAddresses) {
            listeners.append("listener ").append(port).append(' ').append(address).append('\n');
        }
        Files.writeString(conf, listeners + String.join("\n", "allow_anonymous true",
                "persistence false", "max_queued_messages 10000", "set_tcp_nodelay true", "log_dest stdout", "log_type error",
                "log_type warning", "log_type notice", ""));
        Process process = new ProcessBuilder(executable(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Mosquitto(dir, port, process);
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        process.destroyForcibly();
        throw new AssertionError("mosquitto did not listen on " + port + " within 10 s");
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    Path directory() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
