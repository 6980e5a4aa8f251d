package io.aiosedge.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built gateway jar run as a service runs it ({@code java -jar aiosedge-gateway.jar} with stdin from
 * {@code /dev/null}, so no shell on the terminal), in a process of its own with a 256 MiB heap limit, Gogo over
 * telnet on a free port, its output in files of the test's folder.
 */
final class GatewayProcess implements AutoCloseable {

    static final Path JAR = Paths.get(System.getProperty("aios.gateway.jar", "target/aiosedge-gateway.jar"));
    private static final Pattern UP = Pattern.compile("aiosedge-gateway: up in (\\d+) ms from JVM start");

    private final Path data;
    private final Path logs;
    private final int httpPort;
    private final int telnetPort;
    private final List<String> extraArguments = new ArrayList<>();
    private Process process;
    private Path stdout;
    private int runs;

    GatewayProcess(Path folder) throws IOException {
        this.data = folder.resolve("data");
        this.logs = folder;
        this.httpPort = freePort();
        this.telnetPort = freePort();
    }

    int telnetPort() {
        return this.telnetPort;
    }

    /** Adds launcher options (e.g. --config file) to every later start. */
    GatewayProcess with(String... arguments) {
        this.extraArguments.addAll(List.of(arguments));
        return this;
    }

    int httpPort() {
        return this.httpPort;
    }

    Path data() {
        return this.data;
    }

    /** Starts the gateway and waits until it reports every component up; returns the reported start-up ms. */
    long start() throws IOException, InterruptedException {
        launch(false);
        return awaitUp(this.process, this.stdout);
    }

    /** Runs the gateway with --exit-after-start and returns its reported start-up ms (the exit status must be 0). */
    long startAndExit() throws IOException, InterruptedException {
        launch(true);
        Process run = this.process;
        long up = awaitUp(run, this.stdout);
        if (!run.waitFor(60, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            throw new AssertionError("the gateway did not exit after start: " + output());
        }
        if (run.exitValue() != 0) {
            throw new AssertionError("the gateway exited with " + run.exitValue() + ": " + output());
        }
        return up;
    }

    private void launch(boolean exitAfterStart) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR.toAbsolutePath() + " is missing: build it with mvn package");
        }
        this.runs++;
        this.stdout = this.logs.resolve("gateway-" + this.runs + ".out");
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(), "--data", this.data.toString(),
                "--http-port", Integer.toString(this.httpPort), "--telnet-port", Integer.toString(this.telnetPort)));
        if (exitAfterStart) {
            command.add("--exit-after-start");
        }
        command.addAll(this.extraArguments);
        this.process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(this.stdout.toFile())
                .redirectError(this.logs.resolve("gateway-" + this.runs + ".err").toFile()).start();
    }

    private long awaitUp(Process run, Path out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            Matcher up = UP.matcher(text);
            if (up.find()) {
                return Long.parseLong(up.group(1));
            }
            if (text.contains("started with problems") || !run.isAlive()) {
                run.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("the gateway did not come up: " + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no 'up' report within 120 s: " + output());
    }

    long pid() {
        return this.process.pid();
    }

    /** What the last run printed (stdout, then the tail of stderr). */
    String output() {
        try {
            String err = Files.readString(this.logs.resolve("gateway-" + this.runs + ".err"));
            return Files.readString(this.stdout) + "\n--- stderr (tail) ---\n"
                    + err.substring(Math.max(0, err.length() - 4000));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Everything every run printed, stdout and stderr. */
    String allOutput() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int run = 1; run <= this.runs; run++) {
            for (String stream : new String[] {".out", ".err"}) {
                Path file = this.logs.resolve("gateway-" + run + stream);
                if (Files.exists(file)) {
                    all.append(Files.readString(file));
                }
            }
        }
        return all.toString();
    }

    boolean isAlive() {
        return this.process != null && this.process.isAlive();
    }

    /** Stops it as Ctrl-C does (the launcher's shutdown hook stops the framework). */
    @Override
    public void close() throws InterruptedException {
        if (this.process != null && this.process.isAlive()) {
            this.process.destroy();
            if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the gateway did not stop within 60 s of SIGTERM");
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
