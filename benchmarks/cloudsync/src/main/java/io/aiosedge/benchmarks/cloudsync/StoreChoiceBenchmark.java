package io.aiosedge.benchmarks.cloudsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.sqlite.SQLiteDataSource;

/**
 * The measurement behind the outbox store choice (README, "Store choice"): the outbox's own access pattern
 * on each candidate — write a 256-byte message and fsync it (the publish path), then delete it without a
 * forced sync (the acknowledgement path) — once per message and in groups (group commit), on the same disk.
 * Prints messages per second for each store and pattern.
 *
 * <p>Usage: {@code StoreChoiceBenchmark [messages] [directory]} (defaults 5000, a temp dir under target/).
 */
public final class StoreChoiceBenchmark {

    private static final int PAYLOAD_BYTES = 256;

    private StoreChoiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path base = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir", "target"))), "storebench");
        byte[] payload = new byte[PAYLOAD_BYTES];
        new Random(42).nextBytes(payload);
        System.out.printf("store choice: %d messages of %d bytes, write+fsync then delete, dir %s%n", messages,
                PAYLOAD_BYTES, base.toAbsolutePath());
        for (int round = 0; round < 2; round++) { // round 0 warms the JIT and the page cache
            boolean print = round == 1;
            for (int group : new int[] {1, 32}) {
                report(print, "H2 MVStore", group, mvstore(base.resolve("mv-" + round + "-" + group), messages, group, payload), messages);
                report(print, "SQLite WAL", group, sqlite(base.resolve("sq-" + round + "-" + group), messages, group, payload), messages);
            }
        }
        deleteTree(base);
    }

    private static void report(boolean print, String store, int group, long nanos, int messages) {
        if (print) {
            System.out.printf("%-11s group %3d: %9.0f msg/s (%.1f us per message)%n", store, group,
                    messages / (nanos / 1e9), nanos / 1e3 / messages);
        }
    }

    /** MVStore: put + commit + sync per group; remove + commit (no sync) per group. */
    static long mvstore(Path dir, int messages, int group, byte[] payload) throws IOException {
        Files.createDirectories(dir);
        MVStore store = new MVStore.Builder().fileName(dir.resolve("outbox.mv").toString()).autoCommitDisabled().open();
        try {
            MVMap<Long, byte[]> map = store.openMap("messages");
            long start = System.nanoTime();
            for (long i = 0; i < messages; i += group) {
                long end = Math.min(messages, i + group);
                for (long k = i; k < end; k++) {
                    map.put(k, payload);
                }
                store.commit();
                store.sync();
                for (long k = i; k < end; k++) {
                    map.remove(k);
                }
                store.commit();
            }
            return System.nanoTime() - start;
        } finally {
            store.close();
        }
    }

    /** SQLite in WAL mode: inserts on a synchronous=FULL connection, deletes on a synchronous=NORMAL one. */
    static long sqlite(Path dir, int messages, int group, byte[] payload) throws IOException, SQLException {
        Files.createDirectories(dir);
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("outbox.db"));
        try (Connection writer = source.getConnection(); Connection deleter = source.getConnection()) {
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
            }
            try (Statement s = deleter.createStatement()) {
                s.execute("PRAGMA synchronous=NORMAL");
            }
            writer.setAutoCommit(false);
            deleter.setAutoCommit(false);
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO messages (id, payload) VALUES (?, ?)");
                    PreparedStatement delete = deleter.prepareStatement("DELETE FROM messages WHERE id = ?")) {
                long start = System.nanoTime();
                for (long i = 0; i < messages; i += group) {
                    long end = Math.min(messages, i + group);
                    for (long k = i; k < end; k++) {
                        insert.setLong(1, k);
                        insert.setBytes(2, payload);
                        insert.executeUpdate();
                    }
                    writer.commit();
                    for (long k = i; k < end; k++) {
                        delete.setLong(1, k);
                        delete.executeUpdate();
                    }
                    deleter.commit();
                }
                return System.nanoTime() - start;
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
