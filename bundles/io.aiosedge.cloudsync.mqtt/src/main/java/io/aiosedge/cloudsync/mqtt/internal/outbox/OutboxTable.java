package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;
import io.aiosedge.cloudsync.mqtt.internal.store.SqliteDatabase;

/**
 * The outbox's SQLite tier ({@code outbox.db}): table {@code outbox} holds the messages that outlived their
 * journal, table {@code meta} the store id, the sequences reserved and the last journal moved. Not thread-safe:
 * {@link SqliteTier} and {@link OutboxRecovery} call it with the outbox's database lock held (recovery reads the
 * index before the outbox is shared, without it).
 */
final class OutboxTable implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    /** Reads up to {@value DurableOutbox#READ_AHEAD} rows at once (unused parameters get -1, never a sequence). */
    private final PreparedStatement selectBatch;
    private final PreparedStatement setMeta;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private boolean fullSync; // the current PRAGMA synchronous

    private OutboxTable(Connection conn) throws SQLException {
        this.connection = conn;
        this.insert = conn.prepareStatement("INSERT OR REPLACE INTO outbox (seq, priority, qos, retain, created,"
                + " expires, origin, topic, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.delete = conn.prepareStatement("DELETE FROM outbox WHERE seq = ?");
        this.selectBatch = conn.prepareStatement("SELECT seq, qos, retain, topic, payload FROM outbox"
                + " WHERE seq IN (" + "?,".repeat(DurableOutbox.READ_AHEAD - 1) + "?)");
        this.setMeta = conn.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
        this.begin = conn.prepareStatement("BEGIN");
        this.commit = conn.prepareStatement("COMMIT");
        this.rollback = conn.prepareStatement("ROLLBACK");
    }

    /** Opens (creating the tables if needed) the database in {@code file}. */
    static OutboxTable open(Path file) throws SQLException {
        Connection conn = SqliteDatabase.open(file);
        try {
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, priority INTEGER NOT NULL,"
                        + " qos INTEGER NOT NULL, retain INTEGER NOT NULL, created INTEGER NOT NULL,"
                        + " expires INTEGER NOT NULL, origin TEXT NOT NULL, topic TEXT NOT NULL,"
                        + " payload BLOB NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            }
            conn.setAutoCommit(true);
            return new OutboxTable(conn);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    /** The random id of this store (made at the first open), the first part of every message id. */
    String loadOrCreateStoreId() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'store.id'")) {
            if (rs.next()) {
                return rs.getString(1);
            }
        }
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        StringBuilder id = new StringBuilder();
        for (byte b : random) {
            id.append(String.format("%02x", b));
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO meta (key, value) VALUES ('store.id', ?)")) {
            p.setString(1, id.toString());
            p.executeUpdate();
        }
        return id.toString();
    }

    long readLong(String key, long fallback) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : fallback;
            }
        }
    }

    /** What the index keeps of every row, by sequence. */
    Map<Long, Meta> readIndex(LongFunction<String> idOf) throws SQLException {
        Map<Long, Meta> rows = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT seq, priority, created, expires, origin, length(payload) + length(topic) FROM outbox")) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                rows.put(seq, new Meta(seq, idOf.apply(seq), rs.getInt(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getInt(6)));
            }
        }
        return rows;
    }

    /** The rows of {@code metas} (at most {@value DurableOutbox#READ_AHEAD}), by sequence. */
    Map<Long, Entry> readRows(List<Meta> metas) throws SQLException {
        Map<Long, Meta> bySeq = new HashMap<>();
        for (Meta m : metas) {
            bySeq.put(m.seq(), m);
        }
        for (int i = 0; i < DurableOutbox.READ_AHEAD; i++) {
            selectBatch.setLong(i + 1, i < metas.size() ? metas.get(i).seq() : -1);
        }
        Map<Long, Entry> read = new HashMap<>();
        try (ResultSet rs = selectBatch.executeQuery()) {
            while (rs.next()) {
                Meta m = bySeq.get(rs.getLong(1));
                if (m != null) {
                    read.put(m.seq(), new Entry(m.seq(), m.id(), m.priority(), rs.getInt(2), rs.getInt(3) != 0,
                            m.createdMillis(), m.expiresMillis(), m.origin(), rs.getString(4), rs.getBytes(5)));
                }
            }
        }
        return read;
    }

    void begin() throws SQLException {
        begin.execute();
    }

    void commit() throws SQLException {
        commit.execute();
    }

    void rollbackQuietly() {
        try {
            rollback.execute();
        } catch (SQLException | RuntimeException ignored) {
            // the original failure is what matters
        }
    }

    void insert(Entry e) throws SQLException {
        insert.setLong(1, e.seq());
        insert.setInt(2, e.priority());
        insert.setInt(3, e.qos());
        insert.setInt(4, e.retain() ? 1 : 0);
        insert.setLong(5, e.createdMillis());
        insert.setLong(6, e.expiresMillis());
        insert.setString(7, e.origin());
        insert.setString(8, e.topic());
        insert.setBytes(9, e.payload());
        insert.executeUpdate();
    }

    void delete(long seq) throws SQLException {
        delete.setLong(1, seq);
        delete.executeUpdate();
    }

    void setMeta(String key, long value) throws SQLException {
        setMeta.setString(1, key);
        setMeta.setString(2, Long.toString(value));
        setMeta.executeUpdate();
    }

    /** FULL while journals move in (their slots are freed right after), NORMAL otherwise. */
    void setFullSync(boolean full) throws SQLException {
        if (fullSync != full) {
            try (Statement s = connection.createStatement()) {
                s.execute(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            }
            fullSync = full;
        }
    }

    /**
     * Gives free pages back to the file system when more than a quarter of the database (and at least 1 MiB) is
     * free: SQLite reuses free pages for new rows anyway, this only bounds the file after a long outage.
     */
    void returnFreePagesIfWasteful() throws SQLException {
        SqliteDatabase.returnFreePagesIfWasteful(connection);
    }

    /** Copies the WAL into the database where no reader is in the way. */
    void checkpointWal() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    /** Empties the WAL into the database and closes it; what fails here is replayed at the next open. */
    @Override
    public void close() {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException ignored) {
            // closing anyway: the WAL is replayed at the next open
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection conn) {
        try {
            conn.close();
        } catch (SQLException ignored) {
            // closing after a failure
        }
    }
}
