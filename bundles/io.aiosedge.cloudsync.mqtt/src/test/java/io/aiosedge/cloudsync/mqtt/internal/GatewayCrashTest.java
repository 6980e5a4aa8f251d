package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.testsupport.Mosquitto;

/**
 * The gateway JVM killed with SIGKILL in the middle of a stream, its outbox on disk: after a restart on the same
 * outbox, everything whose publish had returned is delivered (nothing lost), the rest of the stream follows, and
 * no message is confirmed by both processes.
 */
class GatewayCrashTest {

    private static final int MESSAGES = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /** A gateway process and the lines it printed. */
    private final class Gateway {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Gateway(String url, Path outbox, int from, int to) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            process = new ProcessBuilder(java, "-cp", classpath,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", GatewayProcessMain.class.getName(), url,
                    outbox.toString(), Integer.toString(from), Integer.toString(to))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            processes.add(process);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process died
                }
            }, "test-gateway-output");
            reader.setDaemon(true);
            reader.start();
        }

        int lastPublished() {
            int last = -1;
            for (String line : lines) {
                if (line.startsWith("published ")) {
                    last = Math.max(last, Integer.parseInt(line.substring(10)));
                }
            }
            return last;
        }

        Set<String> confirmed() {
            Set<String> ids = new HashSet<>();
            for (String line : lines) {
                if (line.startsWith("confirmed ")) {
                    assertThat(ids.add(line.substring(10))).as("confirmed once: %s", line).isTrue();
                }
            }
            return ids;
        }
    }

    @Test
    void sigkillMidStreamLosesNothing() throws Exception {
        Mosquitto broker = Mosquitto.in(dir.resolve("broker")).build().start();
        closeables.add(broker);
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        TestClient consumer = new TestClient(broker.url(), "crash-consumer", false, 1, "crash/#").onMessage(r ->
                received.add((Integer) Envelope.decode(r.payload()).toKuraPayload().getMetric("n")));
        closeables.add(consumer);
        Path outbox = dir.resolve("outbox");

        Gateway first = new Gateway(broker.url(), outbox, 0, MESSAGES);
        Await.until(() -> "1500 published by the first gateway: " + first.lines.size() + " lines", WAIT,
                () -> first.lastPublished() >= 1500);
        first.process.destroyForcibly(); // SIGKILL
        first.process.waitFor();
        int reported = first.lastPublished();
        Set<String> confirmedByFirst = first.confirmed();
        assertThat(reported).isLessThan(MESSAGES - 1);

        Gateway second = new Gateway(broker.url(), outbox, reported + 1, MESSAGES);
        Await.until(() -> "the second gateway drained its outbox: " + tail(second.lines), WAIT,
                () -> second.lines.contains("drained"));
        int storedAtRestart = Integer.parseInt(second.lines.get(0).substring("ready ".length()));
        Await.until(() -> "all " + MESSAGES + " at the consumer, got " + received.size(), WAIT,
                () -> received.size() == MESSAGES);
        second.process.waitFor();

        Set<String> confirmedBySecond = second.confirmed();
        Set<String> both = new HashSet<>(confirmedByFirst);
        both.retainAll(confirmedBySecond);
        assertThat(both).as("confirmed by both processes").isEmpty();
        assertThat(confirmedBySecond.size()).isGreaterThanOrEqualTo(MESSAGES - 1 - reported);
        System.out.printf("gateway crash: killed after %d publishes; %d messages stored at the restart; first process"
                + " confirmed %d, second %d%n", reported + 1, storedAtRestart, confirmedByFirst.size(),
                confirmedBySecond.size());
    }

    private static String tail(List<String> lines) {
        return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
    }
}
