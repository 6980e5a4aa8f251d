package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.LockingMode;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * The durable outbox: every QoS &ge; 1 message is committed here before {@code publish} returns, and leaves
 * only when the broker acknowledged it. Backed by one SQLite database in WAL mode (exclusive locking) in its own
 * directory, guarded by a lock file so that no second endpoint (in this JVM or another process) opens it.
 *
 * <p><b>Sync policy</b> ({@code syncIntervalMillis}): 0 commits every append with {@code synchronous=FULL},
 * i.e. the WAL is fsynced before {@link #append} returns; concurrent appends share one commit (group commit).
 * A positive value commits appends to the operating system only (safe against a JVM crash, SIGKILL or bundle
 * update) and {@link #checkpoint()} (called every interval) fsyncs; a power loss can then lose at most the last
 * interval of accepted messages. Removals are never fsynced on their own: a removal lost to a power cut means a
 * redelivery (a duplicate), never a loss.
 *
 * <p><b>Order</b>: {@link #nextToSend()} hands out the lowest priority number first, then the oldest (the
 * append sequence). Entries handed out are "in flight" until {@link #remove removed} or
 * {@link #returnToPending returned}.
 *
 * <p><b>Capacity</b>: at {@code capacity} stored messages, appends of priority &ge; 2 fail with
 * {@link KuraStoreCapacityReachedException}; priorities 0 and 1 are always accepted (as in Kura).
 */
final class DurableOutbox implements AutoCloseable {

    /** What a publisher asks to store; the payload is made once the message id is known. */
    record Draft(int priority, int qos, boolean retain, String topic, String origin, long expiresMillis) {
    }

    /** A stored message. {@code payload} is the exact wire bytes. */
    record Entry(long seq, String id, int priority, int qos, boolean retain, long createdMillis, long expiresMillis,
            String origin, String topic, byte[] payload) {
    }

    /** What the index keeps of each stored message (the payload stays on disk). */
    record Meta(long seq, String id, int priority, long createdMillis, long expiresMillis, String origin, int bytes) {
    }

    /** Counts for status displays. */
    record Stats(int stored, int inFlight, Map<Integer, Integer> byPriority, long oldestCreatedMillis, int capacity) {
    }

    private static final long SEQ_RESERVE_BLOCK = 100_000;
    private static final long CACHE_BYTES = 8L * 1024 * 1024;

    private final Path directory;
    private final String storeId;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final PreparedStatement select;
    private final PreparedStatement reserve;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final ReentrantLock db = new ReentrantLock();
    private boolean fullSync; // current PRAGMA synchronous of the connection, guarded by db

    // Appends waiting for the next group commit, in sequence order; guarded by itself.
    private final ArrayDeque<PendingAppend> appendQueue = new ArrayDeque<>();
    private long nextSeq; // guarded by appendQueue
    private long reservedSeq; // highest reserved (persisted) sequence + 1; guarded by db
    private int queuedAppends; // guarded by appendQueue

    // The index; guarded by itself.
    private final Map<Long, Meta> stored = new HashMap<>();
    private final TreeSet<Meta> pending = new TreeSet<>(
            (a, b) -> a.priority != b.priority ? Integer.compare(a.priority, b.priority) : Long.compare(a.seq, b.seq));
    private final Set<Long> inFlight = new HashSet<>();
    /** Acknowledged, removal not committed yet: neither sent again nor returned to pending. */
    private final Set<Long> acked = new HashSet<>();
    private final Map<Long, Entry> cache = new LinkedHashMap<>();
    private long cacheBytes;

    private volatile int capacity;
    private volatile long syncIntervalMillis;
    private volatile boolean closed;

    private DurableOutbox(Path directory, int capacity, long syncIntervalMillis) throws KuraStoreException {
        this.directory = directory;
        this.capacity = capacity;
        this.syncIntervalMillis = syncIntervalMillis;
        FileChannel channel = null;
        FileLock fileLock = null;
        Connection conn = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve("outbox.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                fileLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null; // held by this JVM (another endpoint or a bundle copy not yet stopped)
            }
            if (fileLock == null) {
                throw new KuraStoreException("outbox directory " + directory + " is in use by another endpoint");
            }
            conn = openDatabase(directory.resolve("outbox.db"));
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, priority INTEGER NOT NULL,"
                        + " qos INTEGER NOT NULL, retain INTEGER NOT NULL, created INTEGER NOT NULL,"
                        + " expires INTEGER NOT NULL, origin TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            }
            // Auto-commit: a single append is one implicit transaction (the cheapest commit); batches use
            // explicit BEGIN/COMMIT.
            conn.setAutoCommit(true);
            this.storeId = loadOrCreateStoreId(conn);
            this.reservedSeq = readLong(conn, "seq.reserved", 1);
            long maxSeq = 0;
            try (Statement s = conn.createStatement();
                    ResultSet rows = s.executeQuery(
                            "SELECT seq, priority, created, expires, origin, length(payload) + length(topic) FROM outbox")) {
                while (rows.next()) {
                    Meta meta = new Meta(rows.getLong(1), null, rows.getInt(2), rows.getLong(3), rows.getLong(4),
                            rows.getString(5), rows.getInt(6));
                    meta = new Meta(meta.seq, idOf(meta.seq), meta.priority, meta.createdMillis, meta.expiresMillis,
                            meta.origin, meta.bytes);
                    stored.put(meta.seq, meta);
                    pending.add(meta);
                    maxSeq = Math.max(maxSeq, meta.seq);
                }
            }
            this.nextSeq = Math.max(reservedSeq, maxSeq + 1);
            this.reservedSeq = nextSeq; // nothing reserved beyond what is used: reserve on the first append
            this.insert = conn.prepareStatement("INSERT INTO outbox (seq, priority, qos, retain, created, expires, origin,"
                    + " topic, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            this.delete = conn.prepareStatement("DELETE FROM outbox WHERE seq = ?");
            this.select = conn.prepareStatement("SELECT qos, retain, topic, payload FROM outbox WHERE seq = ?");
            this.reserve = conn.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq.reserved', ?)");
            this.begin = conn.prepareStatement("BEGIN");
            this.commit = conn.prepareStatement("COMMIT");
            this.rollback = conn.prepareStatement("ROLLBACK");
            this.connection = conn;
            this.lockChannel = channel;
            this.lock = fileLock;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(conn);
            try {
                if (fileLock != null) {
                    fileLock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new KuraStoreException(e, "cannot open the outbox in " + directory + ": " + e.getMessage());
        } catch (KuraStoreException e) {
            closeQuietly(conn);
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Opens (creating if needed) the outbox in {@code directory}.
     *
     * @param capacity stored messages above which appends of priority &ge; 2 are refused
     * @param syncIntervalMillis 0: fsync before every append returns; &gt; 0: fsync every that many ms
     */
    static DurableOutbox open(Path directory, int capacity, long syncIntervalMillis) throws KuraStoreException {
        return new DurableOutbox(directory, capacity, syncIntervalMillis);
    }

    private static Connection openDatabase(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(JournalMode.WAL);
        // Exclusive locking: no shared-memory index, fewer system calls per commit, and no second opener.
        config.setLockingMode(LockingMode.EXCLUSIVE);
        config.setSynchronous(SynchronousMode.NORMAL);
        config.setBusyTimeout(1000);
        Properties properties = config.toProperties();
        // The driver directly, not DriverManager: the embedded driver is invisible to java.sql's registry in OSGi.
        Connection conn = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        if (conn == null) {
            throw new SQLException("the SQLite driver refused the URL for " + file);
        }
        return conn;
    }

    private static String loadOrCreateStoreId(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement();
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
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO meta (key, value) VALUES ('store.id', ?)")) {
            p.setString(1, id.toString());
            p.executeUpdate();
        }
        return id.toString();
    }

    private static long readLong(Connection conn, String key, long fallback) throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : fallback;
            }
        }
    }

    /** The random id of this store, the first part of every message id it hands out. */
    String storeId() {
        return storeId;
    }

    Path directory() {
        return directory;
    }

    /** Message id of sequence {@code seq}: {@code <store id>-<seq>}, unique across restarts and gateways. */
    String idOf(long seq) {
        return storeId + "-" + seq;
    }

    void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    void setSyncIntervalMillis(long syncIntervalMillis) {
        this.syncIntervalMillis = syncIntervalMillis;
    }

    long syncIntervalMillis() {
        return syncIntervalMillis;
    }

    // ------------------------------------------------------------------ append (group commit)

    private static final class PendingAppend {
        final Entry entry;
        boolean done;
        Exception failure;

        PendingAppend(Entry entry) {
            this.entry = entry;
        }
    }

    /**
     * Stores a message durably (per the sync policy) and returns it with its sequence and id.
     *
     * @param payloadForId makes the wire payload once the message id is known (it carries the id)
     * @throws KuraStoreCapacityReachedException when full and the priority is 2 or more
     * @throws KuraStoreException when the store cannot write
     */
    Entry append(Draft draft, long nowMillis, LongFunction<byte[]> payloadForSeq) throws KuraStoreException {
        PendingAppend mine;
        synchronized (appendQueue) {
            checkOpen();
            int size;
            synchronized (stored) {
                size = stored.size();
            }
            if (draft.priority() >= 2 && size + queuedAppends >= capacity) {
                throw new KuraStoreCapacityReachedException("outbox full: " + (size + queuedAppends)
                        + " messages stored, capacity " + capacity + " (outbox.capacity); priorities 0-1 are exempt");
            }
            long seq = nextSeq++;
            byte[] payload = payloadForSeq.apply(seq);
            mine = new PendingAppend(new Entry(seq, idOf(seq), draft.priority(), draft.qos(), draft.retain(), nowMillis,
                    draft.expiresMillis(), draft.origin() == null ? "" : draft.origin(), draft.topic(), payload));
            appendQueue.add(mine);
            queuedAppends++;
        }
        db.lock();
        try {
            if (!mine.done) {
                commitQueuedAppends();
            }
        } finally {
            db.unlock();
        }
        if (mine.failure != null) {
            throw new KuraStoreException(mine.failure, "cannot store message for " + draft.topic() + ": "
                    + mine.failure.getMessage());
        }
        return mine.entry;
    }

    /** Commits everything queued in one transaction; called with the db lock held. */
    private void commitQueuedAppends() {
        List<PendingAppend> batch = new ArrayList<>();
        synchronized (appendQueue) {
            batch.addAll(appendQueue);
            appendQueue.clear();
        }
        if (batch.isEmpty()) {
            return;
        }
        long lastSeq = batch.get(batch.size() - 1).entry.seq();
        boolean reserveMore = lastSeq >= reservedSeq;
        boolean explicit = batch.size() > 1 || reserveMore;
        try {
            setFullSync(syncIntervalMillis == 0);
            if (explicit) {
                begin.execute();
            }
            for (PendingAppend p : batch) {
                Entry e = p.entry;
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
            if (reserveMore) {
                // Persist a block of sequence numbers ahead, so that ids are never reused even when the
                // outbox becomes empty and the process restarts.
                reserve.setString(1, Long.toString(lastSeq + SEQ_RESERVE_BLOCK));
                reserve.executeUpdate();
            }
            if (explicit) {
                commit.execute();
            }
            if (reserveMore) {
                reservedSeq = lastSeq + SEQ_RESERVE_BLOCK;
            }
        } catch (SQLException e) {
            if (explicit) {
                rollbackQuietly();
            }
            for (PendingAppend p : batch) {
                p.failure = e;
                p.done = true;
            }
            synchronized (appendQueue) {
                queuedAppends -= batch.size();
            }
            return;
        }
        synchronized (stored) {
            for (PendingAppend p : batch) {
                Entry e = p.entry;
                Meta meta = new Meta(e.seq(), e.id(), e.priority(), e.createdMillis(), e.expiresMillis(), e.origin(),
                        e.payload().length + e.topic().length());
                stored.put(e.seq(), meta);
                pending.add(meta);
                if (cacheBytes + e.payload().length <= CACHE_BYTES) {
                    cache.put(e.seq(), e);
                    cacheBytes += e.payload().length;
                }
                p.done = true;
            }
            stored.notifyAll();
        }
        synchronized (appendQueue) {
            queuedAppends -= batch.size();
        }
    }

    private void setFullSync(boolean full) throws SQLException {
        if (fullSync != full) {
            // Between commits no transaction is open, so the level may change.
            try (Statement s = connection.createStatement()) {
                s.execute(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            }
            fullSync = full;
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * The next message to send (lowest priority number, then oldest), now marked in flight; null when none is
     * pending.
     */
    Entry nextToSend() throws KuraStoreException {
        Meta meta;
        Entry cached;
        synchronized (stored) {
            meta = pending.pollFirst();
            if (meta == null) {
                return null;
            }
            inFlight.add(meta.seq);
            cached = cache.remove(meta.seq);
            if (cached != null) {
                cacheBytes -= cached.payload().length;
            }
        }
        if (cached != null) {
            return cached;
        }
        db.lock();
        try {
            select.setLong(1, meta.seq);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("row " + meta.seq + " vanished");
                }
                return new Entry(meta.seq, meta.id, meta.priority, rs.getInt(1), rs.getInt(2) != 0,
                        meta.createdMillis, meta.expiresMillis, meta.origin, rs.getString(3), rs.getBytes(4));
            }
        } catch (SQLException e) {
            synchronized (stored) {
                inFlight.remove(meta.seq);
                pending.add(meta);
            }
            throw new KuraStoreException(e, "cannot read message " + meta.id + ": " + e.getMessage());
        } finally {
            db.unlock();
        }
    }

    /**
     * Like {@link #nextToSend()} but only when the next message is still in memory (never touches the disk); null
     * otherwise.
     */
    Entry nextCachedToSend() {
        synchronized (stored) {
            if (pending.isEmpty()) {
                return null;
            }
            Meta meta = pending.first();
            Entry cached = cache.remove(meta.seq);
            if (cached == null) {
                return null;
            }
            cacheBytes -= cached.payload().length;
            pending.pollFirst();
            inFlight.add(meta.seq);
            return cached;
        }
    }

    /** Whether some message waits to be sent. */
    boolean hasPending() {
        synchronized (stored) {
            return !pending.isEmpty();
        }
    }

    /** Puts an in-flight message back in line (the send failed or the connection dropped). */
    void returnToPending(long seq) {
        synchronized (stored) {
            Meta meta = stored.get(seq);
            if (meta != null && inFlight.remove(seq)) {
                pending.add(meta);
            }
        }
    }

    /** Puts every in-flight message back in line: called when a connection is lost. */
    int returnAllToPending() {
        synchronized (stored) {
            int count = 0;
            for (Long seq : inFlight) {
                Meta meta = stored.get(seq);
                if (meta != null) {
                    pending.add(meta);
                    count++;
                }
            }
            inFlight.clear();
            return count;
        }
    }

    /**
     * Records acknowledgements without touching the disk yet: the messages leave the in-flight set and are never
     * handed out again (not even after a reconnect); {@link #flushAcknowledged()} removes them in one transaction.
     */
    void markAcknowledged(Collection<Long> seqs) {
        synchronized (stored) {
            for (Long seq : seqs) {
                Meta meta = stored.get(seq);
                if (meta != null) {
                    inFlight.remove(seq);
                    pending.remove(meta);
                    acked.add(seq);
                }
            }
        }
    }

    /** How many acknowledged messages wait for {@link #flushAcknowledged()}. */
    int acknowledgedCount() {
        synchronized (stored) {
            return acked.size();
        }
    }

    /** Removes what {@link #markAcknowledged} recorded; returns each removed message once. */
    List<Meta> flushAcknowledged() throws KuraStoreException {
        List<Long> seqs;
        synchronized (stored) {
            if (acked.isEmpty()) {
                return List.of();
            }
            seqs = new ArrayList<>(acked);
        }
        return remove(seqs);
    }

    /**
     * Removes acknowledged (or purged) messages in one transaction; returns what was actually removed, so that
     * a message acknowledged twice is reported once.
     */
    List<Meta> remove(Collection<Long> seqs) throws KuraStoreException {
        List<Meta> present = new ArrayList<>(seqs.size());
        synchronized (stored) {
            for (Long seq : new java.util.LinkedHashSet<>(seqs)) {
                Meta meta = stored.get(seq);
                if (meta != null) {
                    present.add(meta);
                }
            }
        }
        if (present.isEmpty()) {
            return present;
        }
        db.lock();
        try {
            checkOpen();
            // The level is left as the appends need it: switching costs more than a batched delete's sync.
            setFullSync(syncIntervalMillis == 0);
            begin.execute();
            for (Meta meta : present) {
                delete.setLong(1, meta.seq);
                delete.executeUpdate();
            }
            commit.execute();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new KuraStoreException(e, "cannot remove " + present.size() + " messages: " + e.getMessage());
        } finally {
            db.unlock();
        }
        synchronized (stored) {
            for (Meta meta : present) {
                stored.remove(meta.seq);
                pending.remove(meta);
                inFlight.remove(meta.seq);
                acked.remove(meta.seq);
                Entry cached = cache.remove(meta.seq);
                if (cached != null) {
                    cacheBytes -= cached.payload().length;
                }
            }
        }
        return present;
    }

    /** Removes messages created before {@code cutoffMillis} that are not in flight; returns them. */
    List<Meta> purgeCreatedBefore(long cutoffMillis) throws KuraStoreException {
        List<Long> old = new ArrayList<>();
        synchronized (stored) {
            for (Meta meta : pending) {
                if (meta.createdMillis < cutoffMillis) {
                    old.add(meta.seq);
                }
            }
        }
        return remove(old);
    }

    /** Removes pending messages whose expiry (if any) is before {@code nowMillis}; returns them. */
    List<Meta> purgeExpired(long nowMillis) throws KuraStoreException {
        List<Long> expired = new ArrayList<>();
        synchronized (stored) {
            for (Iterator<Meta> it = pending.iterator(); it.hasNext();) {
                Meta meta = it.next();
                if (meta.expiresMillis > 0 && meta.expiresMillis < nowMillis) {
                    expired.add(meta.seq);
                }
            }
        }
        return remove(expired);
    }

    /** Fsyncs what was committed (the periodic half of the sync policy): a WAL checkpoint. */
    void checkpoint() throws KuraStoreException {
        db.lock();
        try {
            checkOpen();
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        } catch (SQLException e) {
            throw new KuraStoreException(e, "checkpoint failed: " + e.getMessage());
        } finally {
            db.unlock();
        }
    }

    // ------------------------------------------------------------------ status

    int size() {
        synchronized (stored) {
            return stored.size();
        }
    }

    int inFlightCount() {
        synchronized (stored) {
            return inFlight.size();
        }
    }

    Stats stats() {
        synchronized (stored) {
            Map<Integer, Integer> byPriority = new TreeMap<>();
            long oldest = 0;
            for (Meta meta : stored.values()) {
                byPriority.merge(meta.priority, 1, Integer::sum);
                if (oldest == 0 || meta.createdMillis < oldest) {
                    oldest = meta.createdMillis;
                }
            }
            return new Stats(stored.size(), inFlight.size(), byPriority, oldest, capacity);
        }
    }

    /** Waits up to {@code millis} until the outbox is empty; true when it is. For tests and draining. */
    boolean awaitEmpty(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (stored) {
            while (!stored.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                stored.wait(Math.min(left, 50));
            }
            return true;
        }
    }

    private void checkOpen() throws KuraStoreException {
        if (closed) {
            throw new KuraStoreException("the outbox in " + directory + " is closed");
        }
    }

    private void rollbackQuietly() {
        try {
            rollback.execute();
        } catch (SQLException | RuntimeException ignored) {
            // the original failure is what matters
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

    @Override
    public void close() {
        db.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            } catch (SQLException ignored) {
                // closing anyway: the WAL is replayed at the next open
            }
            closeQuietly(connection);
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel or the process
            }
        } finally {
            db.unlock();
        }
        synchronized (stored) {
            stored.notifyAll();
        }
    }
}
