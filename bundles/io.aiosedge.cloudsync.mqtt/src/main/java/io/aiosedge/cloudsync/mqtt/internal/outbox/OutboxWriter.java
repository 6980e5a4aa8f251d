package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import org.eclipse.kura.KuraStoreException;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Draft;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Limits;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;
import io.aiosedge.cloudsync.mqtt.internal.outbox.JournalFiles.Journal;

/**
 * The outbox's write paths, each across the tiers: append (journal and index, waiting for the group commit in the
 * power-loss-safe mode), removal (a journal record, an SQLite transaction, the index), moving sealed journals into
 * SQLite, the periodic checkpoint and closing. It also holds the limits and whether the outbox is closed.
 *
 * <p><b>Locks</b>, exactly as {@link DurableOutbox} took them before it had this class: the database lock
 * ({@link SqliteTier#lock()}) before the journal lock ({@link OutboxJournals#lock()}) when both are needed, the
 * index lock ({@link OutboxIndex}) innermost. Callers hold none of them: every method here takes what it needs.
 */
final class OutboxWriter {

    private final Path directory;
    private final SqliteTier sqlite;
    private final OutboxJournals journals;
    private final OutboxIndex index;
    private final LongFunction<String> idOf;
    private final DurableWaits waits;
    private volatile Limits limits;
    private volatile boolean closed;

    OutboxWriter(Path directory, SqliteTier sqlite, OutboxJournals journals, OutboxIndex index,
            LongFunction<String> idOf, Limits limits) {
        this.directory = directory;
        this.sqlite = sqlite;
        this.journals = journals;
        this.index = index;
        this.idOf = idOf;
        this.limits = limits;
        this.waits = new DurableWaits("aios-outbox-fsync-" + directory.getFileName(), (log, end) -> {
            journals.forceNamesIfDirty();
            journals.awaitDurable(log, end);
        });
    }

    /** Forces run for {@link #appendDurably} and the appends they acknowledged. */
    long[] durableWaitCounts() {
        return waits.counts();
    }

    Limits limits() {
        return limits;
    }

    void setLimits(Limits limits) {
        this.limits = limits;
        journals.setLimits(limits); // from the next journal on
    }

    /** {@link DurableOutbox#append}: waits for the disk in the power-loss-safe mode. */
    Entry append(Draft draft, long nowMillis, LongFunction<byte[]> payloadForSeq) throws KuraStoreException {
        Written w = write(draft, nowMillis, payloadForSeq);
        if (journals.syncIntervalMillis() == 0) {
            try {
                journals.awaitDurable(w.journal, w.end);
            } catch (IOException e) {
                throw new KuraStoreException(e, "cannot force message " + w.entry.id() + " to disk: " + e.getMessage());
            }
        }
        afterWrite(w);
        return w.entry;
    }

    /** {@link DurableOutbox#appendDurably}: never waits; the future completes once the record is on disk. */
    DurableOutbox.Durable appendDurably(Draft draft, long nowMillis, LongFunction<byte[]> payloadForSeq)
            throws KuraStoreException {
        Written w = write(draft, nowMillis, payloadForSeq);
        CompletableFuture<Void> onDisk = waits.whenDurable(w.journal, w.end);
        afterWrite(w);
        return new DurableOutbox.Durable(w.entry, onDisk);
    }

    /** An appended record: where it ends, and whether sealed journals wait to be moved. */
    private record Written(Entry entry, Journal journal, long end, boolean moveNeeded) {
    }

    /** The append itself, under the journal lock: the record written (to the operating system) and indexed. */
    private Written write(Draft draft, long nowMillis, LongFunction<byte[]> payloadForSeq) throws KuraStoreException {
        journals.lock();
        try {
            checkOpen();
            long seq = journals.takeSeq();
            byte[] payload = payloadForSeq.apply(seq);
            String origin = draft.origin() == null ? "" : draft.origin();
            Entry entry = new Entry(seq, idOf.apply(seq), draft.priority(), draft.qos(), draft.retain(), nowMillis,
                    draft.expiresMillis(), origin, draft.topic(), payload);
            Meta meta = OutboxIndex.metaOf(entry, idOf);
            List<Long> droppedInJournal = index.admit(meta, limits);
            if (!droppedInJournal.isEmpty()) {
                journals.write(JournalRecords.remove(droppedInJournal));
                index.forgetAll(droppedInJournal);
            }
            journals.write(JournalRecords.add(entry, origin.getBytes(StandardCharsets.UTF_8),
                    draft.topic().getBytes(StandardCharsets.UTF_8)));
            Journal journal = journals.current();
            journal.lastSeq = seq;
            index.addAppended(meta, entry);
            return new Written(entry, journal, journal.position, journals.moveNeeded());
        } catch (IOException e) {
            throw new KuraStoreException(e, "cannot store message for " + draft.topic() + ": " + e.getMessage());
        } finally {
            journals.unlock();
        }
    }

    private void afterWrite(Written w) throws KuraStoreException {
        if (w.moveNeeded) {
            moveSealed(DurableOutbox.MAX_SEALED_JOURNALS);
        }
    }

    /** {@link DurableOutbox#moveSealed}: takes the database lock, then the journal lock briefly per step. */
    void moveSealed(int keep) throws KuraStoreException {
        sqlite.lock();
        try {
            while (true) {
                Journal oldest = journals.oldestSealedBeyond(keep);
                if (oldest == null) {
                    return;
                }
                moveJournal(oldest);
                journals.dropOldestSealed();
            }
        } finally {
            sqlite.unlock();
        }
    }

    /** With the db lock held. */
    private void moveJournal(Journal journal) throws KuraStoreException {
        List<Entry> survivors = new ArrayList<>();
        List<Long> droppedRows = new ArrayList<>();
        index.survivorsUpTo(journal.lastSeq, survivors, droppedRows);
        sqlite.moveIn(journal, survivors, droppedRows, journals::reservedSeq);
        index.moved(journal.lastSeq, survivors, droppedRows);
        journals.release(journal);
        if (!droppedRows.isEmpty()) {
            sqlite.vacuumIfWasteful();
        }
    }

    /** {@link DurableOutbox#flushAcknowledged()}. */
    List<Meta> flushAcknowledged() throws KuraStoreException {
        Set<Long> ackedNow = new HashSet<>();
        List<Long> seqs = index.toFlush(ackedNow);
        if (seqs.isEmpty()) {
            return List.of();
        }
        List<Meta> removed = remove(seqs);
        removed.removeIf(m -> !ackedNow.contains(m.seq()));
        retireEmptySealed();
        return removed;
    }

    /**
     * Frees the slots of the oldest sealed journals whose messages have all left the outbox (usually all of them
     * while the broker keeps up), instead of keeping them until {@value DurableOutbox#MAX_SEALED_JOURNALS} are
     * sealed: one fsynced SQLite transaction records them as moved (with nothing to move), after which their slots
     * are reused. So a connected outbox works in two or three slots and rarely makes a new one.
     */
    void retireEmptySealed() throws KuraStoreException {
        if (journals.sealedBelow(index.oldestResidentSeq()).isEmpty()) {
            return; // the usual case between two rotations: no lock taken
        }
        sqlite.lock();
        try {
            checkOpen();
            List<Journal> empty = journals.sealedBelow(index.oldestResidentSeq()); // sealed journals never refill
            if (empty.isEmpty()) {
                return;
            }
            Journal newest = empty.get(empty.size() - 1);
            sqlite.moveIn(newest, List.of(), List.of(), journals::reservedSeq);
            index.moved(newest.lastSeq, List.of(), List.of());
            for (Journal journal : empty) {
                journals.dropOldestSealed();
                journals.release(journal);
            }
        } finally {
            sqlite.unlock();
        }
    }

    /** {@link DurableOutbox#remove}. */
    List<Meta> remove(Collection<Long> seqs) throws KuraStoreException {
        List<Meta> present = new ArrayList<>(seqs.size());
        List<Long> inJournal = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        boolean vacuumCheck = false;
        sqlite.lock();
        try {
            checkOpen();
            index.locate(seqs, present, rows, inJournal);
            if (present.isEmpty()) {
                return present;
            }
            if (!inJournal.isEmpty()) {
                journals.lock();
                try {
                    checkOpen();
                    journals.write(JournalRecords.remove(inJournal));
                } finally {
                    journals.unlock();
                }
            }
            if (!rows.isEmpty()) {
                vacuumCheck = sqlite.deleteRows(rows);
            }
        } catch (SQLException e) {
            sqlite.rollbackQuietly();
            throw new KuraStoreException(e, "cannot remove " + present.size() + " messages: " + e.getMessage());
        } catch (IOException e) {
            throw new KuraStoreException(e, "cannot record the removal of " + present.size() + " messages: "
                    + e.getMessage());
        } finally {
            sqlite.unlock();
        }
        index.forgetRemoved(present);
        if (vacuumCheck && index.rowsInDatabase() == 0) {
            // not during a drain: the pages its deletions free are returned once it is over (they are reused by
            // new rows meanwhile, so the file never grows from them), instead of moving pages under the database
            // lock that the drain's reads wait for (a tenth of a 100,000-message drain's time)
            sqlite.vacuumIfWasteful();
        }
        return present;
    }

    /** {@link DurableOutbox#checkpoint()}. */
    void checkpoint() throws KuraStoreException {
        Journal j;
        journals.lock();
        try {
            checkOpen();
            j = journals.current();
        } finally {
            journals.unlock();
        }
        try {
            journals.checkpoint(j);
        } catch (IOException e) {
            if (!closed) {
                throw new KuraStoreException(e, "fsync of the journal failed: " + e.getMessage());
            }
        }
        sqlite.lock();
        try {
            checkOpen();
            sqlite.checkpointWal();
        } catch (SQLException e) {
            throw new KuraStoreException(e, "checkpoint failed: " + e.getMessage());
        } finally {
            sqlite.unlock();
        }
    }

    private void checkOpen() throws KuraStoreException {
        if (closed) {
            throw new KuraStoreException("the outbox in " + directory + " is closed");
        }
    }

    /**
     * {@link DurableOutbox#close()}: first completes the pending {@link #appendDurably} acknowledgements (forcing
     * them), then closes under both locks; wakes the index's waiters after them.
     */
    void close() {
        waits.close();
        sqlite.lock();
        try {
            journals.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                journals.close();
            } finally {
                journals.unlock();
            }
            sqlite.close();
        } finally {
            sqlite.unlock();
        }
        index.wakeWaiters();
    }
}
