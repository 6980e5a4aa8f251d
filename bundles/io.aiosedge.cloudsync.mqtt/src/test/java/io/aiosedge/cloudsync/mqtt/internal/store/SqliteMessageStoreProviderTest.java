package io.aiosedge.cloudsync.mqtt.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.connection.listener.ConnectionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component: its configuration (defaults, bounds, directory), durability modes, threads and listeners. */
class SqliteMessageStoreProviderTest {

    @TempDir
    Path dir;

    private static SqliteMessageStoreProvider.Options options(Map<String, Object> properties) {
        return SqliteMessageStoreProvider.Options.from(Providers.config(properties), properties, null);
    }

    @Test
    void defaultsAreTheOutboxesAndKurasOnes() {
        SqliteMessageStoreProvider.Options o = options(Map.of("kura.service.pid", "my store"));
        assertThat(o.pid()).isEqualTo("my store");
        assertThat(o.capacity()).isEqualTo(10_000);
        assertThat(o.capacityBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(o.syncIntervalMillis()).isEqualTo(100);
        assertThat(o.directory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "aiosedge-cloudsync",
                "store-my_store"));
    }

    @Test
    void theDefaultDirectoryIsUnderKuraData() {
        String old = System.getProperty("kura.data");
        System.setProperty("kura.data", dir.toString());
        try {
            assertThat(options(Map.of("kura.service.pid", "s1")).directory())
                    .isEqualTo(dir.resolve("aiosedge-cloudsync").resolve("store-s1"));
            assertThat(options(Map.of("kura.service.pid", "s1", "store.directory", " /x/y ")).directory())
                    .isEqualTo(Path.of("/x/y"));
        } finally {
            if (old == null) {
                System.clearProperty("kura.data");
            } else {
                System.setProperty("kura.data", old);
            }
        }
    }

    @Test
    void badValuesFailActivationNamingPropertyAndValue() {
        assertThatThrownBy(() -> options(Map.of("store.capacity", 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store.capacity must be within 1..10000000, got 0");
        assertThatThrownBy(() -> options(Map.of("store.capacity", 10_000_001)))
                .hasMessage("store.capacity must be within 1..10000000, got 10000001");
        assertThatThrownBy(() -> options(Map.of("store.capacity.bytes", 1000L)))
                .hasMessage("store.capacity.bytes must be within 65536..1099511627776, got 1000");
        assertThatThrownBy(() -> options(Map.of("store.sync.interval.ms", -1)))
                .hasMessage("store.sync.interval.ms must be within 0..60000, got -1");
        assertThatThrownBy(() -> options(Map.of("store.sync.interval.ms", 60_001)))
                .hasMessage("store.sync.interval.ms must be within 0..60000, got 60001");
    }

    @Test
    void aDirectoryThatCannotBeMadeFailsActivationNamingIt() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> Providers.provider(file.resolve("sub"), Map.of()))
                .isInstanceOf(org.eclipse.kura.KuraStoreException.class)
                .hasMessageContaining("cannot open the message store database in " + file.resolve("sub"));
    }

    @Test
    void powerLossSafeModeForcesEveryCommitAndHasNoThread() throws Exception {
        SqliteMessageStoreProvider p = Providers.provider(dir, Map.of("kura.service.pid", "safe",
                "store.sync.interval.ms", 0));
        try {
            assertThat(pragma(p, "synchronous")).as("FULL")
                    .isEqualTo(2L);
            assertThat(threads("aios-cloudsync-store-safe")).isEmpty();
        } finally {
            p.deactivate();
        }
    }

    @Test
    void defaultModeCommitsToTheOsAndForcesFromANamedThreadThatDeactivationEnds() throws Exception {
        SqliteMessageStoreProvider p = Providers.provider(dir, Map.of("kura.service.pid", "timed"));
        assertThat(pragma(p, "synchronous")).as("NORMAL")
                .isEqualTo(1L);
        assertThat(pragma(p, "auto_vacuum")).as("incremental")
                .isEqualTo(2L);
        assertThat(threads("aios-cloudsync-store-")).containsExactly("aios-cloudsync-store-timed-sync");
        p.openMessageStore("x").store("t", new byte[] {1}, 1, false, 5);
        p.deactivate();
        assertThat(threads("aios-cloudsync-store-")).isEmpty();
    }

    @Test
    void deactivationTellsEveryListenerDisconnectedEvenWhenOneThrows() throws Exception {
        SqliteMessageStoreProvider p = Providers.provider(dir, Map.of());
        List<String> calls = new ArrayList<>();
        ConnectionListener throwing = listener("throwing", calls, true);
        ConnectionListener kept = listener("kept", calls, false);
        ConnectionListener removed = listener("removed", calls, false);
        p.addListener(throwing);
        p.addListener(kept);
        p.addListener(kept); // once
        p.addListener(removed);
        p.removeListener(removed);
        assertThatThrownBy(() -> p.addListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listener must not be null");
        p.deactivate();
        assertThat(calls).containsExactlyInAnyOrder("throwing disconnected", "kept disconnected");
    }

    private static ConnectionListener listener(String name, List<String> calls, boolean fail) {
        return new ConnectionListener() {
            @Override
            public void connected() {
                calls.add(name + " connected");
            }

            @Override
            public void disconnected() {
                calls.add(name + " disconnected");
                if (fail) {
                    throw new IllegalStateException("listener failure");
                }
            }
        };
    }

    private static long pragma(SqliteMessageStoreProvider p, String name) throws Exception {
        Long value = p.database().call("read " + name, c -> SqliteDatabase.pragma(c, name));
        return value;
    }

    private static List<String> threads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
