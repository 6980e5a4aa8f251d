package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.eclipse.kura.KuraStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;
import io.aiosedge.cloudsync.mqtt.internal.outbox.JournalFiles.Journal;
import io.aiosedge.cloudsync.mqtt.internal.store.DirectoryLock;

/**
 * The outbox's SQLite tier as the outbox uses it: the lock file ({@code outbox.lock}) that keeps a second opener
 * (another endpoint, in this JVM or another process) out of the directory, the database ({@code outbox.db},
 * {@link OutboxTable}) with the store id, and the transactions the outbox runs on it: deleting rows, moving a
 * journal's survivors in, reading rows for a drain, giving free pages back.
 *
 * <p><b>Lock:</b> the outbox's database lock, which this class owns ({@link #lock()}); it is taken before the
 * journal lock when both are needed. Each method says whether it takes the lock itself or expects the caller to
 * hold it.
 */
final class SqliteTier {

    private static final Logger LOG = LoggerFactory.getLogger(DurableOutbox.class);

    private final Path directory;
    private final DirectoryLock fileLock;
    private final OutboxTable table;
    private final String storeId;
    /** SQLite, removals and moves; taken before the journal lock when both are needed. */
    private final ReentrantLock db = new ReentrantLock();
    private int rowsDeletedSinceVacuumCheck; // guarded by db

    private SqliteTier(Path directory, DirectoryLock fileLock, OutboxTable table, String storeId) {
        this.directory = directory;
        this.fileLock = fileLock;
        this.table = table;
        this.storeId = storeId;
    }

    /**
     * Creates {@code directory} if needed, takes its lock file and opens the database; on a failure, releases
     * what it took.
     *
     * @throws KuraStoreException when another endpoint holds the directory
     */
    static SqliteTier open(Path directory) throws IOException, SQLException, KuraStoreException {
        Files.createDirectories(directory);
        // held by another process, or by this JVM (another endpoint or a bundle copy not yet stopped)
        DirectoryLock fileLock = DirectoryLock.tryAcquire(directory.resolve("outbox.lock"));
        if (fileLock == null) {
            throw new KuraStoreException("outbox directory " + directory + " is in use by another endpoint");
        }
        OutboxTable opened = null;
        try {
            opened = OutboxTable.open(directory.resolve("outbox.db"));
            return new SqliteTier(directory, fileLock, opened, opened.loadOrCreateStoreId());
        } catch (SQLException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            fileLock.close();
            throw e;
        }
    }

    /** The random id of this store. */
    String storeId() {
        return storeId;
    }

    /** The table itself, for recovery (which takes the lock around its transaction). */
    OutboxTable table() {
        return table;
    }

    void lock() {
        db.lock();
    }

    void unlock() {
        db.unlock();
    }

    /**
     * Deletes rows in one transaction; with the lock held. True when enough rows were deleted since the last check
     * (counted across calls: a drain removes rows a batch at a time) that the caller should run
     * {@link #vacuumIfWasteful()}.
     */
    boolean deleteRows(List<Long> rows) throws SQLException {
        table.begin();
        for (Long seq : rows) {
            table.delete(seq);
        }
        table.commit();
        rowsDeletedSinceVacuumCheck += rows.size();
        return rowsDeletedSinceVacuumCheck >= 1024; // reset by the check itself, which the caller may defer
    }

    /** Rolls back the transaction a failed call left open; with the lock held. */
    void rollbackQuietly() {
        table.rollbackQuietly();
    }

    /**
     * Moves a journal's survivors in and deletes the dropped messages' rows, recording the sequences reserved (read
     * through {@code reservedSeq}, which takes the journal lock) and the journal's number as moved, in one fsynced
     * transaction; with the lock held.
     */
    void moveIn(Journal journal, List<Entry> survivors, List<Long> droppedRows, LongSupplier reservedSeq)
            throws KuraStoreException {
        try {
            table.setFullSync(true);
            table.begin();
            for (Entry e : survivors) {
                table.insert(e);
            }
            for (Long seq : droppedRows) {
                table.delete(seq);
            }
            table.setMeta("seq.reserved", reservedSeq.getAsLong());
            table.setMeta("journal.moved", journal.number);
            table.commit();
            table.setFullSync(false);
        } catch (SQLException e) {
            table.rollbackQuietly();
            throw new KuraStoreException(e, "cannot move " + survivors.size() + " messages from "
                    + journal.path().getFileName() + " into " + directory.resolve("outbox.db") + ": " + e.getMessage());
        }
    }

    /** The rows of {@code metas} (at most {@value DurableOutbox#READ_AHEAD}), by sequence. Takes the lock. */
    Map<Long, Entry> readRows(List<Meta> metas) throws SQLException {
        db.lock();
        try {
            return table.readRows(metas);
        } finally {
            db.unlock();
        }
    }

    /**
     * Gives free pages back to the file system when more than a quarter of the database (and at least 1 MiB) is
     * free: SQLite reuses free pages for new rows anyway, this only bounds the file after a long outage. Takes the
     * lock.
     */
    void vacuumIfWasteful() {
        db.lock();
        try {
            rowsDeletedSinceVacuumCheck = 0;
            table.returnFreePagesIfWasteful();
        } catch (SQLException e) {
            LOG.debug("outbox {}: vacuum skipped: {}", directory, e.toString());
        } finally {
            db.unlock();
        }
    }

    /** Forces SQLite's WAL into the database (a checkpoint); with the lock held. */
    void checkpointWal() throws SQLException {
        table.checkpointWal();
    }

    /** Closes the database, then releases the lock file; with the lock held. */
    void close() {
        table.close();
        fileLock.close();
    }
}
