package io.aiosedge.cloudsync.mqtt.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.StoredMessage;
import org.eclipse.kura.message.store.provider.MessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract against the SQLite store, plus what this implementation adds: argument checks with named errors,
 * the capacity (messages and bytes, priorities 0-1 exempt), ids after the wrap, closed stores, one opener per
 * directory, shared tables per name, concurrent stores.
 */
class SqliteMessageStoreTest extends MessageStoreContract {

    static final String NAME = "org.eclipse.kura.data.DataService";

    @TempDir
    Path dir;

    private final List<SqliteMessageStoreProvider> providers = new ArrayList<>();

    @AfterEach
    void deactivateProviders() {
        providers.forEach(SqliteMessageStoreProvider::deactivate);
    }

    SqliteMessageStoreProvider provider(Map<String, ?> properties) throws KuraStoreException {
        return provider(dir, properties);
    }

    SqliteMessageStoreProvider provider(Path directory, Map<String, ?> properties) throws KuraStoreException {
        SqliteMessageStoreProvider p = Providers.provider(directory, properties);
        providers.add(p);
        return p;
    }

    @Override
    protected MessageStore newStore() throws Exception {
        return provider(Map.of()).openMessageStore(NAME);
    }

    @Override
    protected MessageStore reopen(MessageStore old) throws Exception {
        old.close();
        providers.remove(providers.size() - 1).deactivate();
        return provider(Map.of()).openMessageStore(NAME);
    }

    private SqliteMessageStoreProvider current() {
        return providers.get(providers.size() - 1);
    }

    @Test
    void invalidArgumentsAreRefusedNamingWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> store.store("t", null, 1, false, 5)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("payload must not be null");
        assertThatThrownBy(() -> store.store("t", new byte[0], 3, false, 5)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("qos must be 0, 1 or 2, got 3");
        assertThatThrownBy(() -> store.store("t", new byte[0], -1, false, 5)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> store.store("t", new byte[0], 1, false, -2)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("priority must be >= 0").hasMessageContaining("got -2");
        assertThatThrownBy(() -> store.store("  ", new byte[0], 1, false, 5)).hasMessageContaining("topic must not"
                + " be null or blank, got '  '");
        int id = store.store("t", new byte[0], 1, false, 5);
        assertThatThrownBy(() -> store.markAsPublished(id, null)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("dataTransportToken must not be null");
        for (int bad : new int[] {0, -7}) {
            assertThatThrownBy(() -> store.markAsPublished(bad)).hasMessageContaining("message id must be >= 1")
                    .hasMessageContaining("got " + bad);
            assertThatThrownBy(() -> store.markAsConfirmed(bad)).hasMessageContaining("got " + bad);
            assertThatThrownBy(() -> store.get(bad)).hasMessageContaining("got " + bad);
        }
        assertThatThrownBy(() -> store.deleteStaleMessages(-1)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("purgeAgeSeconds must be >= 0, got -1");
        assertThat(store.getMessageCount()).as("nothing stored by the refused calls").isEqualTo(1);
    }

    @Test
    void storeNamesAreChecked() throws Exception {
        SqliteMessageStoreProvider p = current();
        assertThatThrownBy(() -> p.openMessageStore(null)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("got null");
        assertThatThrownBy(() -> p.openMessageStore(" ")).hasMessageContaining("got ' '");
        assertThatThrownBy(() -> p.openMessageStore("SQLITE_master")).hasMessageContaining("reserved");
        MessageStore quoted = track(p.openMessageStore("a \"quoted\" name; DROP TABLE x"));
        quoted.store("t", new byte[] {1}, 1, false, 5);
        assertThat(quoted.getMessageCount()).isEqualTo(1);
        assertThat(store.getMessageCount()).as("another name is another store").isZero();
    }

    @Test
    void anEmptyPayloadComesBackEmpty() throws Exception {
        int id = store.store("t", new byte[0], 1, false, 5);
        assertThat(store.get(id).orElseThrow().getPayload()).isEmpty();
        assertThat(store.getNextMessage().orElseThrow().getPayload()).isNotNull().isEmpty();
    }

    @Test
    void listsLeaveThePayloadOut() throws Exception {
        int id = store.store("t", new byte[] {1, 2}, 1, false, 5);
        assertThat(store.getUnpublishedMessages()).singleElement().satisfies(m -> {
            assertThat(m.getId()).isEqualTo(id);
            assertThat(m.getPayload()).isNull();
        });
    }

    @Test
    void capacityRefusesPriorityTwoAndAboveButNeverZeroAndOne() throws Exception {
        MessageStore small = track(provider(dir.resolve("small"), Map.of("kura.service.pid", "small", "store.capacity", 3))
                .openMessageStore("small"));
        for (int i = 0; i < 3; i++) {
            small.store("t", new byte[] {1}, 1, false, 5);
        }
        assertThatThrownBy(() -> small.store("t", new byte[] {1}, 1, false, 2))
                .isInstanceOf(KuraStoreCapacityReachedException.class)
                .hasMessageContaining("3 messages of 3 (store.capacity)");
        int urgent0 = small.store("t", new byte[] {1}, 1, false, 0);
        int urgent1 = small.store("t", new byte[] {1}, 1, false, 1);
        assertThat(small.getMessageCount()).isEqualTo(5);
        assertThat(small.getNextMessage().map(StoredMessage::getId)).contains(urgent0);

        // messages in any state count: confirming frees nothing until the stale ones are deleted
        small.markAsPublished(urgent0, new DataTransportToken(1, "s"));
        small.markAsConfirmed(urgent0);
        small.markAsPublished(urgent1, new DataTransportToken(2, "s"));
        small.markAsConfirmed(urgent1);
        assertThatThrownBy(() -> small.store("t", new byte[] {1}, 1, false, 9))
                .isInstanceOf(KuraStoreCapacityReachedException.class);
        small.deleteStaleMessages(0);
        assertThat(small.getMessageCount()).isEqualTo(3);
        assertThatThrownBy(() -> small.store("t", new byte[] {1}, 1, false, 9))
                .isInstanceOf(KuraStoreCapacityReachedException.class);
        int first = small.getNextMessage().orElseThrow().getId();
        small.markAsPublished(first, new DataTransportToken(3, "s"));
        small.markAsConfirmed(first);
        small.deleteStaleMessages(0);
        assertThat(small.store("t", new byte[] {1}, 1, false, 9)).isPositive();
    }

    @Test
    void byteCapacityCountsPayloadAndTopic() throws Exception {
        MessageStore small = track(provider(dir.resolve("bytes"), Map.of("kura.service.pid", "bytes", "store.capacity.bytes", 65_536L))
                .openMessageStore("bytes"));
        small.store("abcd", new byte[60_000], 1, false, 5); // 60,004 bytes
        assertThatThrownBy(() -> small.store("abcd", new byte[5_529], 1, false, 5))
                .isInstanceOf(KuraStoreCapacityReachedException.class)
                .hasMessageContaining("60004 + 5533 bytes would exceed 65536 (store.capacity.bytes)");
        small.store("abcd", new byte[5_528], 1, false, 5); // exactly 65,536
        small.store("abcd", new byte[100_000], 1, false, 1); // priority 1: always
        assertThat(small.getMessageCount()).isEqualTo(3);
    }

    @Test
    void idsWrapAfterIntegerMaxValueSkippingThoseStillStoredAndKeepTheirOrder() throws Exception {
        int oldest = store.store("oldest", new byte[0], 1, false, 5); // id 1, still stored after the wrap
        assertThat(oldest).isEqualTo(1);
        store.close();
        current().deactivate();
        providers.clear();
        try (Connection c = SqliteDatabase.open(dir.resolve(MessageDatabase.FILE));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE sqlite_sequence SET seq = " + (Integer.MAX_VALUE - 1L) + " WHERE name = '"
                    + NAME + "'");
        }
        store = track(provider(Map.of()).openMessageStore(NAME));
        int max = store.store("max", new byte[0], 1, false, 5);
        int wrapped = store.store("wrapped", new byte[0], 1, false, 5);
        assertThat(max).isEqualTo(Integer.MAX_VALUE);
        assertThat(wrapped).as("1 is taken by the oldest message").isEqualTo(2);
        List<Integer> order = new ArrayList<>();
        for (StoredMessage m : store.getUnpublishedMessages()) {
            order.add(m.getId());
        }
        assertThat(order).as("send order is storage order, not id order").containsExactly(1, Integer.MAX_VALUE, 2);
        assertThat(store.getNextMessage().map(StoredMessage::getTopic)).contains("oldest");
    }

    @Test
    void aClosedStoreRefusesCallsAndTheProviderOpensItAgain() throws Exception {
        int id = store.store("t", new byte[] {1}, 1, false, 5);
        store.close();
        store.close(); // idempotent
        assertThatThrownBy(() -> store.get(id)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("'" + NAME + "' is closed");
        assertThatThrownBy(() -> store.store("t", new byte[0], 1, false, 5)).hasMessageContaining("is closed");
        MessageStore again = track(current().openMessageStore(NAME));
        assertThat(again.get(id)).isPresent();
    }

    @Test
    void handlesOfOneNameShareTheMessages() throws Exception {
        MessageStore second = track(current().openMessageStore(NAME));
        int a = store.store("a", new byte[0], 1, false, 5);
        int b = second.store("b", new byte[0], 1, false, 5);
        assertThat(b).isGreaterThan(a);
        assertThat(store.getMessageCount()).isEqualTo(2);
        assertThat(second.get(a)).isPresent();
    }

    @Test
    void aSecondProviderOnTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> provider(Map.of("kura.service.pid", "second")))
                .isInstanceOf(KuraStoreException.class).hasMessageContaining("is in use by another message store"
                        + " provider (store.directory)");
    }

    @Test
    void deactivationClosesEveryStoreOfTheProvider() throws Exception {
        current().deactivate();
        assertThatThrownBy(() -> store.getMessageCount()).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void unpublishDoesNotReviveDroppedMessages() throws Exception {
        int id = store.store("t", new byte[0], 1, false, 5);
        store.markAsPublished(id, new DataTransportToken(1, "s"));
        store.dropAllInFlightMessages();
        store.unpublishAllInFlighMessages();
        assertThat(store.getNextMessage()).isEmpty();
        assertThat(store.getDroppedMessages()).hasSize(1);
    }

    @Test
    void concurrentStoresGetDistinctIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Set<Integer> ids = ConcurrentHashMap.newKeySet();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        ids.add(store.store("t", new byte[] {1}, 1, false, i % 10));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(ids).hasSize(1000);
            assertThat(store.getMessageCount()).isEqualTo(1000);
            Set<Integer> unpublished = new HashSet<>();
            store.getUnpublishedMessages().forEach(m -> unpublished.add(m.getId()));
            assertThat(unpublished).isEqualTo(ids);
        } finally {
            pool.shutdownNow();
        }
    }
}
