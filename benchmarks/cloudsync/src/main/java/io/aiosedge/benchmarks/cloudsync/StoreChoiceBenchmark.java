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
 * on each candidate — write a 256-byte message and commit it (the publish path), then delete it (the
 * acknowledgement path) — in three variants on the same disk: fsync at every commit, commit to the operating
 * system only (fsync left to a periodic checkpoint), and groups of 32 per fsynced commit (group commit).
 * Prints messages per second for each store and variant.
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
                report(print, "H2 MVStore", group, true, mvstore(base.resolve("mv-" + round + "-" + group), messages,
                        group, true, payload), messages);
                report(print, "SQLite WAL", group, true, sqlite(base.resolve("sq-" + round + "-" + group), messages,
                        group, true, payload), messages);
            }
            report(print, "H2 MVStore", 1, false, mvstore(base.resolve("mv-" + round + "-os"), messages, 1, false,
                    payload), messages);
            long[] safe = mvstore(base.resolve("mv-" + round + "-retained"), messages, 1, true, payload, true);
            if (print) {
                System.out.printf("%-11s %-22s %9.0f msg/s (%6.1f us per message), file grew to %d kB%n",
                        "H2 MVStore", "fsync, default retention", messages / (safe[0] / 1e9), safe[0] / 1e3 / messages,
                        safe[2] / 1024);
            }
            report(print, "SQLite WAL", 1, false, sqlite(base.resolve("sq-" + round + "-os"), messages, 1, false,
                    payload), messages);
        }
        deleteTree(base);
    }

    private static void report(boolean print, String store, int group, boolean fsync, long[] result, int messages) {
        if (print) {
            System.out.printf("%-11s %-22s %9.0f msg/s (%6.1f us per message, %s written per message)%n", store,
                    fsync ? "fsync, " + group + " per commit" : "no fsync, 1 per commit", messages / (result[0] / 1e9),
                    result[0] / 1e3 / messages, result[1] < 0 ? "n/a" : result[1] / messages + " bytes");
        }
    }

    /** Bytes this process handed to write() so far (Linux /proc/self/io), -1 elsewhere. */
    static long writtenBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** MVStore: put + commit (+ sync) per group; remove + commit (no sync) per group. */
    static long[] mvstore(Path dir, int messages, int group, boolean fsync, byte[] payload) throws IOException {
        return mvstore(dir, messages, group, fsync, payload, false);
    }

    /**
     * @param defaultRetention keep MVStore's default retention of old chunks (45 s: what makes it safe against a
     *        power cut) instead of reusing their space at once (retention 0, fast but unsafe)
     */
    static long[] mvstore(Path dir, int messages, int group, boolean fsync, byte[] payload, boolean defaultRetention)
            throws IOException {
        Files.createDirectories(dir);
        MVStore store = new MVStore.Builder().fileName(dir.resolve("outbox.mv").toString()).autoCommitDisabled().open();
        if (!defaultRetention) {
            store.setRetentionTime(0);
        }
        try {
            MVMap<Long, byte[]> map = store.openMap("messages");
            long written = writtenBytes();
            long start = System.nanoTime();
            for (long i = 0; i < messages; i += group) {
                long end = Math.min(messages, i + group);
                for (long k = i; k < end; k++) {
                    map.put(k, payload);
                }
                store.commit();
                if (fsync) {
                    store.sync();
                }
                for (long k = i; k < end; k++) {
                    map.remove(k);
                }
                store.commit();
            }
            long nanos = System.nanoTime() - start;
            return new long[] {nanos, written < 0 ? -1 : writtenBytes() - written,
                Files.size(dir.resolve("outbox.mv"))};
        } finally {
            store.close();
        }
    }

    /**
     * SQLite as the outbox uses it: one connection, WAL, exclusive locking, synchronous=FULL for fsync at commit
     * (NORMAL without); single messages in auto-commit, groups in one transaction.
     */
    static long[] sqlite(Path dir, int messages, int group, boolean fsync, byte[] payload) throws IOException, SQLException {
        Files.createDirectories(dir);
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("outbox.db"));
        try (Connection connection = source.getConnection()) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA locking_mode=EXCLUSIVE");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute(fsync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
            }
            connection.setAutoCommit(group == 1);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, payload) VALUES (?, ?)");
                    PreparedStatement delete = connection.prepareStatement("DELETE FROM messages WHERE id = ?")) {
                long written = writtenBytes();
                long start = System.nanoTime();
                for (long i = 0; i < messages; i += group) {
                    long end = Math.min(messages, i + group);
                    for (long k = i; k < end; k++) {
                        insert.setLong(1, k);
                        insert.setBytes(2, payload);
                        insert.executeUpdate();
                    }
                    if (group > 1) {
                        connection.commit();
                    }
                    for (long k = i; k < end; k++) {
                        delete.setLong(1, k);
                        delete.executeUpdate();
                    }
                    if (group > 1) {
                        connection.commit();
                    }
                }
                long nanos = System.nanoTime() - start;
                return new long[] {nanos, written < 0 ? -1 : writtenBytes() - written};
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
