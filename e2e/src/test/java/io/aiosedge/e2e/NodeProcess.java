package io.aiosedge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One node of the system (a cloud worker or the gateway) in a JVM of its own, started with the distribution's
 * launcher; its output goes to {@code <dir>/node.log}. {@link #kill()} is SIGKILL, {@link #stop()} SIGTERM.
 */
public final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private NodeProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * @param launcher the launcher jar
     * @param home the distribution folder ({@code --home})
     * @param dir where the log goes
     * @param env extra environment variables ({@code AIOS_*} settings)
     * @param settings {@code key=value} arguments
     */
    static NodeProcess start(String name, Path launcher, Path home, Path dir, Map<String, String> env,
            List<String> settings) throws IOException {
        return start(name, List.of(), launcher, home, dir, env, settings);
    }

    /** As above, the command run through {@code prefix} (e.g. {@code ip netns exec <namespace>}). */
    static NodeProcess start(String name, List<String> prefix, Path launcher, Path home, Path dir,
            Map<String, String> env, List<String> settings) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:+UseSerialGC", "-jar", launcher.toString(), "--home", home.toString()));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AIOS_"));
        builder.environment().putAll(env);
        return new NodeProcess(name, dir.resolve("node.log"), builder.start());
    }

    String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a condition, failing with the node's log tail when it dies or the time is up. */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        try {
            Awaitility.await(what + " on " + name).atMost(timeout).pollInterval(CloudTier.POLL)
                    .failFast(name + " exited while waiting for " + what, () -> !process.isAlive())
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n" + tail(), e);
        }
    }

    public String tail() {
        String all = log();
        return all.length() <= 6000 ? all : all.substring(all.length() - 6000);
    }

    /** SIGSTOP: the process freezes with its connections open (a hung node). */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown hook, no clean disconnect, no last message. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the framework stops, components deactivate (the worker drains); returns the exit status. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within " + timeout.toSeconds() + " s\n" + tail());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
