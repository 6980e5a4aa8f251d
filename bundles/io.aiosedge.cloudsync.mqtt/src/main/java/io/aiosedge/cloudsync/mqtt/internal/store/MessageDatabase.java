package io.aiosedge.cloudsync.mqtt.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.kura.KuraStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite database ({@code messages.db}) behind one {@link SqliteMessageStoreProvider}: one table per store name,
 * one connection used under one lock, a lock file that keeps a second opener (this JVM or another process) out.
 *
 * <p><b>Durability</b> ({@code syncIntervalMillis}): every operation is its own committed transaction, so a crash
 * of the process or SIGKILL loses nothing that returned. 0: each commit is forced to the device
 * ({@code synchronous=FULL}): survives power loss. &gt; 0: commits reach the operating system ({@code synchronous=
 * NORMAL} in WAL mode) and a checkpoint, which forces the write-ahead log first, runs this often after a change: a
 * power cut loses at most that interval.
 */
final class MessageDatabase implements AutoCloseable {

    /** The file name of the database inside the store directory. */
    static final String FILE = "messages.db";
    static final String LOCK_FILE = "messages.lock";

    /** How much one store (one name) may hold; priorities 0 and 1 are exempt (Kura's DataService rule). */
    record Limits(int capacity, long capacityBytes) {
        Limits {
            if (capacity < 1) {
                throw new IllegalArgumentException("store.capacity must be >= 1, got " + capacity);
            }
            if (capacityBytes < 1) {
                throw new IllegalArgumentException("store.capacity.bytes must be >= 1, got " + capacityBytes);
            }
        }
    }

    /** What a store's table holds, kept in step with it under the database lock. */
    static final class Table {
        final String name;
        /** The name as an SQL identifier (double-quoted, inner quotes doubled). */
        final String sql;
        long lastSeq;
        int count;
        long bytes;

        Table(String name) {
            this.name = name;
            this.sql = "\"" + name.replace("\"", "\"\"") + "\"";
        }
    }

    /** An SQL step run under the database lock. */
    @FunctionalInterface
    interface Step<T> {
        T run(Connection connection) throws SQLException, KuraStoreException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageDatabase.class);

    private final Path directory;
    private final Limits limits;
    private final long syncIntervalMillis;
    private final DirectoryLock lock;
    private final Connection connection;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Map<String, Table> tables = new HashMap<>(); // guarded by mutex
    private final ScheduledExecutorService syncTimer;
    private boolean dirty; // guarded by mutex: written since the last checkpoint
    private volatile boolean closed;

    private MessageDatabase(Path directory, Limits limits, long syncIntervalMillis, String threadName)
            throws KuraStoreException {
        if (syncIntervalMillis < 0) {
            throw new IllegalArgumentException("store.sync.interval.ms must be >= 0, got " + syncIntervalMillis);
        }
        this.directory = directory;
        this.limits = limits;
        this.syncIntervalMillis = syncIntervalMillis;
        DirectoryLock fileLock = null;
        Connection conn = null;
        try {
            Files.createDirectories(directory);
            fileLock = DirectoryLock.tryAcquire(directory.resolve(LOCK_FILE));
            if (fileLock == null) {
                throw new KuraStoreException("message store directory " + directory
                        + " is in use by another message store provider (store.directory)");
            }
            conn = SqliteDatabase.open(directory.resolve(FILE));
            if (syncIntervalMillis == 0) {
                try (Statement s = conn.createStatement()) {
                    s.execute("PRAGMA synchronous=FULL");
                }
            }
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(conn);
            if (fileLock != null) {
                fileLock.close();
            }
            throw new KuraStoreException(e, "cannot open the message store database in " + directory + ": "
                    + e.getMessage());
        } catch (KuraStoreException e) {
            closeQuietly(conn);
            throw e;
        }
        this.lock = fileLock;
        this.connection = conn;
        if (syncIntervalMillis > 0) {
            syncTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            syncTimer.scheduleWithFixedDelay(this::checkpointIfDirty, syncIntervalMillis, syncIntervalMillis,
                    TimeUnit.MILLISECONDS);
        } else {
            syncTimer = null;
        }
    }

    /**
     * Opens (creating it if needed) the database in {@code directory}.
     *
     * @param syncIntervalMillis 0: every commit forced to the device; &gt; 0: a forcing checkpoint this often (ms)
     * @param threadName the name of the checkpoint thread (only made when {@code syncIntervalMillis > 0})
     */
    static MessageDatabase open(Path directory, Limits limits, long syncIntervalMillis, String threadName)
            throws KuraStoreException {
        return new MessageDatabase(directory, limits, syncIntervalMillis, threadName);
    }

    Path directory() {
        return directory;
    }

    Limits limits() {
        return limits;
    }

    long syncIntervalMillis() {
        return syncIntervalMillis;
    }

    /**
     * The table of the store {@code name}, created (with its indexes) when missing; every opener of the same name
     * shares it.
     */
    Table table(String name) throws KuraStoreException {
        if (name == null || name.isBlank()) {
            throw new KuraStoreException("message store name must not be null or blank, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
            throw new KuraStoreException("message store name '" + name + "' is reserved: SQLite keeps names"
                    + " starting with sqlite_ for itself");
        }
        if (name.indexOf('\0') >= 0) {
            throw new KuraStoreException("message store name must not contain a NUL character");
        }
        return call("open message store '" + name + "'", conn -> {
            Table known = tables.get(name);
            if (known != null) {
                return known;
            }
            Table t = new Table(name);
            String index = "\"" + (name + "#").replace("\"", "\"\"");
            try (Statement s = conn.createStatement()) {
                // seq orders the messages (insertion order) and never repeats (AUTOINCREMENT keeps its high-water
                // mark in sqlite_sequence); id is Kura's int id, derived from seq.
                s.execute("CREATE TABLE IF NOT EXISTS " + t.sql + " (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " id INTEGER NOT NULL UNIQUE, topic TEXT NOT NULL, qos INTEGER NOT NULL,"
                        + " retain INTEGER NOT NULL, priority INTEGER NOT NULL, createdOn INTEGER NOT NULL,"
                        + " publishedOn INTEGER, confirmedOn INTEGER, droppedOn INTEGER, publishedMessageId INTEGER,"
                        + " sessionId TEXT, bytes INTEGER NOT NULL, payload BLOB NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS " + index + "next\" ON " + t.sql
                        + " (priority, seq) WHERE publishedOn IS NULL");
                s.execute("CREATE INDEX IF NOT EXISTS " + index + "inflight\" ON " + t.sql
                        + " (priority, seq) WHERE publishedOn IS NOT NULL AND confirmedOn IS NULL AND qos > 0");
                s.execute("CREATE INDEX IF NOT EXISTS " + index + "dropped\" ON " + t.sql
                        + " (droppedOn) WHERE droppedOn IS NOT NULL");
                s.execute("CREATE INDEX IF NOT EXISTS " + index + "confirmed\" ON " + t.sql
                        + " (confirmedOn) WHERE confirmedOn IS NOT NULL");
                s.execute("CREATE INDEX IF NOT EXISTS " + index + "published0\" ON " + t.sql
                        + " (publishedOn) WHERE qos = 0 AND publishedOn IS NOT NULL");
            }
            try (PreparedStatement p = conn.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    t.lastSeq = rs.next() ? rs.getLong(1) : 0;
                }
            }
            recount(conn, t);
            dirty = true;
            tables.put(name, t);
            return t;
        });
    }

    /**
     * One store's messages by state, for the Gogo command: all of them (and their bytes), unpublished, in flight
     * (QoS &gt; 0, published, neither confirmed nor dropped), confirmed and dropped, and when the oldest unpublished
     * one was stored (0 when none).
     */
    record Summary(String name, int messages, long bytes, int unpublished, int inFlight, int confirmed, int dropped,
            long oldestUnpublishedMillis) {
    }

    /** A summary of every store in this database (also those no one has opened since the start), by name. */
    List<Summary> summaries() throws KuraStoreException {
        return call("summarise the message stores", conn -> {
            List<String> names = new ArrayList<>();
            try (Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                            + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<Summary> out = new ArrayList<>();
            for (String name : names) {
                String sql = "\"" + name.replace("\"", "\"\"") + "\"";
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*),"
                        + " COALESCE(SUM(bytes), 0), COALESCE(SUM(publishedOn IS NULL), 0),"
                        + " COALESCE(SUM(publishedOn IS NOT NULL AND confirmedOn IS NULL AND droppedOn IS NULL"
                        + " AND qos > 0), 0), COALESCE(SUM(confirmedOn IS NOT NULL), 0),"
                        + " COALESCE(SUM(droppedOn IS NOT NULL), 0),"
                        + " COALESCE(MIN(CASE WHEN publishedOn IS NULL THEN createdOn END), 0) FROM " + sql)) {
                    rs.next();
                    out.add(new Summary(name, rs.getInt(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getLong(7)));
                }
            }
            return out;
        });
    }

    /** Reads a table's message count and bytes again; with the lock held. */
    void recount(Connection conn, Table t) throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM " + t.sql)) {
            rs.next();
            t.count = rs.getInt(1);
            t.bytes = rs.getLong(2);
        }
    }

    /**
     * Runs {@code step} under the database lock, the database open; an {@link SQLException} becomes a
     * {@link KuraStoreException} that names {@code what}.
     */
    <T> T call(String what, Step<T> step) throws KuraStoreException {
        mutex.lock();
        try {
            if (closed) {
                throw new KuraStoreException("cannot " + what + ": the message store database in " + directory
                        + " is closed");
            }
            T result = step.run(connection);
            dirty = true;
            return result;
        } catch (SQLException e) {
            throw new KuraStoreException(e, "cannot " + what + " (" + directory.resolve(FILE) + "): "
                    + e.getMessage());
        } finally {
            mutex.unlock();
        }
    }

    /** Runs {@code step} in one transaction. */
    <T> T transaction(String what, Step<T> step) throws KuraStoreException {
        return call(what, conn -> {
            conn.setAutoCommit(false);
            boolean done = false;
            try {
                T result = step.run(conn);
                conn.commit();
                done = true;
                return result;
            } finally {
                if (!done) {
                    try {
                        conn.rollback();
                    } catch (SQLException ignored) {
                        // the original failure is what matters
                    }
                }
                conn.setAutoCommit(true);
            }
        });
    }

    /** Gives free pages back after large deletions (see {@link SqliteDatabase#returnFreePagesIfWasteful}). */
    void returnFreePages() {
        try {
            call("give free pages back", SqliteDatabase::returnFreePagesIfWasteful);
        } catch (KuraStoreException e) {
            LOG.debug("message store {}: vacuum skipped: {}", directory, e.getMessage());
        }
    }

    private void checkpointIfDirty() {
        mutex.lock();
        try {
            if (closed || !dirty) {
                return;
            }
            dirty = false;
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)"); // forces the WAL first (synchronous=NORMAL)
            }
        } catch (SQLException e) {
            LOG.warn("message store {}: checkpoint failed: {}", directory, e.toString());
        } finally {
            mutex.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Forces and closes the database and releases the directory; every store opened on it is closed with it. */
    @Override
    public void close() {
        if (syncTimer != null) {
            syncTimer.shutdownNow();
            try {
                if (!syncTimer.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("message store {}: the checkpoint thread did not stop within 5 s", directory);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                LOG.debug("message store {}: closing checkpoint: {}", directory, e.toString());
            }
            closeQuietly(connection);
            lock.close();
        } finally {
            mutex.unlock();
        }
    }

    private static void closeQuietly(Connection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing after a failure
            }
        }
    }
}
