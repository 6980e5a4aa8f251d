package io.aiosedge.cloudsync.mqtt.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.StoredMessage;
import org.eclipse.kura.message.store.provider.MessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JVM storing and marking messages is killed with SIGKILL (its store never closed): reopened, the store holds
 * every message whose {@code store} had returned, in the state its last returned call gave it, and new ids follow
 * the old ones. Run in both durability modes.
 */
class MessageStoreKillTest {

    private static final int AT_LEAST = 1_500;
    private static final long WAIT_MS = 60_000;

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void tearDown() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "store.sync.interval.ms={0}")
    @ValueSource(ints = {100, 0})
    void sigkillLosesNothingThatReturned(int syncIntervalMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        process = new ProcessBuilder(java, "-cp", classpath, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                MessageStoreProcessMain.class.getName(), dir.toString(), Integer.toString(syncIntervalMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process died
            }
        }, "test-store-process-output");
        reader.setDaemon(true);
        reader.start();

        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (lines.stream().filter(l -> l.startsWith("stored ")).count() < AT_LEAST) {
            assertThat(process.isAlive()).as("the store process runs: %s", lines).isTrue();
            assertThat(System.currentTimeMillis()).as("%d stores within %d ms", AT_LEAST, WAIT_MS)
                    .isLessThan(deadline);
            Thread.sleep(20); // polling a condition with a deadline
        }
        process.destroyForcibly(); // SIGKILL on Linux
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(lines.get(0)).isEqualTo("ready 0");

        SqliteMessageStoreProvider provider = Providers.provider(dir, Map.of("kura.service.pid", "reopened"));
        try {
            MessageStore store = provider.openMessageStore(SqliteMessageStoreTest.NAME);
            int stored = 0;
            int maxId = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.split(" ");
                int id = Integer.parseInt(parts[1]);
                StoredMessage m = store.get(id).orElseThrow(() -> new AssertionError(line + ": lost after SIGKILL"));
                switch (parts[0]) {
                    case "stored" -> {
                        stored++;
                        maxId = Math.max(maxId, id);
                        assertThat(m.getTopic()).isEqualTo("kill/" + (id - 1));
                        assertThat(m.getPayload()).isEqualTo(("message " + (id - 1)).getBytes());
                    }
                    case "published" -> {
                        assertThat(m.getPublishedOn()).as(line).isPresent();
                        assertThat(m.getDataTransportToken()).as(line)
                                .contains(new DataTransportToken(id - 1, "session"));
                    }
                    case "confirmed" -> assertThat(m.getConfirmedOn()).as(line).isPresent();
                    default -> throw new AssertionError("unexpected line " + line);
                }
            }
            assertThat(stored).isGreaterThanOrEqualTo(AT_LEAST);
            // Rows beyond the last store the test saw reported are the process's next stores (the store under way
            // at the kill, and once, under load, 8 whose report lines did not reach the test): consecutive ids, each
            // with its own topic and payload; nothing else is there.
            int count = store.getMessageCount();
            assertThat(count).isGreaterThanOrEqualTo(stored);
            for (int id = maxId + 1; id <= count; id++) {
                int n = id - 1;
                StoredMessage m = store.get(id).orElseThrow(() -> new AssertionError("gap at id " + (n + 1)));
                assertThat(m.getTopic()).isEqualTo("kill/" + n);
                assertThat(m.getPayload()).isEqualTo(("message " + n).getBytes());
            }
            assertThat(store.get(count + 1)).isEmpty();
            assertThat(store.store("after", new byte[0], 1, false, 5)).isGreaterThan(count);
        } finally {
            provider.deactivate();
        }
    }
}
