package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Limits;
import io.aiosedge.cloudsync.mqtt.internal.outbox.JournalFiles.Journal;

/**
 * The outbox's journal tier: the current journal, the sealed ones not moved into SQLite yet, the journal numbers,
 * the message sequence (recorded ahead of use, in blocks), the sync interval and the {@link GroupCommit} that
 * appends wait on in the power-loss-safe mode.
 *
 * <p><b>Lock:</b> the outbox's journal lock, which this class owns ({@link #lock()}). Each method says whether it
 * takes the lock itself or expects the caller to hold it. When the database lock is needed as well it is taken
 * first; the index lock may be taken inside the journal lock, never around it.
 */
final class OutboxJournals {

    private static final long MAX_JOURNAL_BYTES = 1024 * 1024;
    /**
     * A journal is this fraction of the byte capacity (within [16 KiB, 1 MiB]): the journal files, live ones and
     * the free slots kept, then stay within a sixth of the capacity, so that the whole directory stays within
     * twice the capacity (the rest is SQLite's rows with their overhead, and its WAL).
     */
    private static final long JOURNAL_FRACTION = 64;
    private static final long MIN_JOURNAL_BYTES = 16 * 1024;
    private static final long SEQ_RESERVE_BLOCK = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(DurableOutbox.class);

    private final Path directory;
    /** The current journal, its position, rotation and the sequence. */
    private final ReentrantLock journalLock = new ReentrantLock();
    private final GroupCommit groupCommit = new GroupCommit();

    private JournalFiles files; // guarded by journalLock; set by start()
    private Journal current; // guarded by journalLock
    private final ArrayDeque<Journal> sealed = new ArrayDeque<>(); // guarded by journalLock
    private long nextJournalNumber; // guarded by journalLock
    private long nextSeq; // guarded by journalLock
    private long reservedSeq; // sequences below this are recorded as used; guarded by journalLock
    private volatile long journalBytes;
    private volatile long syncIntervalMillis;
    private volatile boolean directoryDirty;

    OutboxJournals(Path directory, Limits limits, long syncIntervalMillis) {
        this.directory = directory;
        this.journalBytes = journalBytesFor(limits);
        this.syncIntervalMillis = syncIntervalMillis;
    }

    /** Journal size: {@code 1/JOURNAL_FRACTION} of the byte capacity, within [16 KiB, 1 MiB]. */
    private static long journalBytesFor(Limits limits) {
        return Math.max(MIN_JOURNAL_BYTES, Math.min(MAX_JOURNAL_BYTES, limits.capacityBytes() / JOURNAL_FRACTION));
    }

    /** New limits: the journal size follows from the next journal on. */
    void setLimits(Limits limits) {
        this.journalBytes = journalBytesFor(limits);
    }

    void setSyncIntervalMillis(long syncIntervalMillis) {
        this.syncIntervalMillis = syncIntervalMillis;
    }

    long syncIntervalMillis() {
        return syncIntervalMillis;
    }

    void lock() {
        journalLock.lock();
    }

    void unlock() {
        journalLock.unlock();
    }

    /**
     * Opening, after recovery: takes the journal files and starts the first journal, numbered
     * {@code journalNumber}, with sequences from {@code seq} on. Takes the lock.
     */
    void start(JournalFiles journalFiles, long journalNumber, long seq) throws IOException {
        journalLock.lock();
        try {
            files = journalFiles;
            nextJournalNumber = journalNumber;
            nextSeq = seq;
            reservedSeq = seq; // reserve on the first append
            current = newJournal();
        } finally {
            journalLock.unlock();
        }
    }

    /**
     * The next message sequence; when the reserved ones are used up, first records (and forces) the next block, so
     * that ids are never reused, even after a power cut that loses the last messages, an empty outbox and a
     * restart. With the lock held.
     */
    long takeSeq() throws IOException {
        if (nextSeq >= reservedSeq) {
            long reserve = nextSeq + SEQ_RESERVE_BLOCK;
            write(JournalRecords.reserve(reserve));
            forceJournal(current);
            reservedSeq = reserve;
        }
        return nextSeq++;
    }

    /** The journal appends go to now; with the lock held. */
    Journal current() {
        return current;
    }

    /** Whether more than {@link DurableOutbox#MAX_SEALED_JOURNALS} are sealed; with the lock held. */
    boolean moveNeeded() {
        return sealed.size() > DurableOutbox.MAX_SEALED_JOURNALS;
    }

    /**
     * Writes a record (made by {@link JournalFiles#recordBuffer}) at the end of the current journal, starting the
     * next journal first when it would not fit; with the lock held.
     */
    void write(ByteBuffer record) throws IOException {
        if (!current.fits(record.position() - JournalFiles.RECORD_HEADER) && !current.isEmpty()) {
            rotate();
        }
        files.append(current, record);
    }

    /** Starts the next journal in a free (or new) slot; with the lock held. */
    private Journal newJournal() throws IOException {
        Journal journal = files.start(nextJournalNumber++, journalBytes);
        if (files.takeDirectoryDirty()) {
            if (syncIntervalMillis == 0) {
                forceDirectory(); // a new slot's name must be on disk before an append in it is promised
            } else {
                directoryDirty = true; // the next checkpoint makes it durable
            }
        }
        return journal;
    }

    /** Makes a new file's name survive a power cut. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("outbox {}: directory fsync not supported: {}", directory, e.toString());
        }
    }

    /** Seals the current journal and starts the next; with the lock held. */
    private void rotate() throws IOException {
        Journal old = current;
        forceJournal(old); // a sealed journal is always on disk: moves and checkpoints need only the current one
        current = newJournal();
        sealed.addLast(old);
    }

    /** Forces a journal now (rotation, reservation, checkpoint), releasing the appends it covers. */
    private void forceJournal(Journal j) throws IOException {
        groupCommit.forceNow(j);
    }

    /** Returns once the first {@code end} bytes of {@code journal} are on disk (group commit); without the lock. */
    void awaitDurable(GroupCommit.Log journal, long end) throws IOException {
        groupCommit.awaitDurable(journal, end);
    }

    /**
     * Forces the directory when a new slot's name is not on disk yet (with a positive sync interval that waits for
     * the next checkpoint); without the lock. For acknowledgements that promise the disk in that mode too.
     */
    void forceNamesIfDirty() {
        if (directoryDirty) {
            directoryDirty = false;
            forceDirectory();
        }
    }

    /**
     * The periodic force, without the lock: the directory when a new slot's name is not on disk yet, then
     * {@code journal} (the current one, read by the caller under the lock).
     */
    void checkpoint(Journal journal) throws IOException {
        forceNamesIfDirty();
        forceJournal(journal);
    }

    /** The oldest sealed journal when more than {@code keep} are sealed, else null. Takes the lock. */
    Journal oldestSealedBeyond(int keep) {
        journalLock.lock();
        try {
            return sealed.size() <= keep ? null : sealed.peekFirst();
        } finally {
            journalLock.unlock();
        }
    }

    /**
     * The sealed journals, oldest first, up to the first that holds a sequence at or above {@code seq}: those
     * whose messages all left the outbox when {@code seq} is the oldest one still in a live journal. Takes the
     * lock.
     */
    List<Journal> sealedBelow(long seq) {
        journalLock.lock();
        try {
            List<Journal> below = new ArrayList<>();
            for (Journal j : sealed) {
                if (j.lastSeq >= seq) {
                    break;
                }
                below.add(j);
            }
            return below;
        } finally {
            journalLock.unlock();
        }
    }

    /** Forgets the oldest sealed journal (it was moved). Takes the lock. */
    void dropOldestSealed() {
        journalLock.lock();
        try {
            sealed.pollFirst();
        } finally {
            journalLock.unlock();
        }
    }

    /** Sequences below this are recorded as used. Takes the lock. */
    long reservedSeq() {
        journalLock.lock();
        try {
            return reservedSeq;
        } finally {
            journalLock.unlock();
        }
    }

    /** Frees a moved journal's slot (its number is recorded as moved). Takes the lock. */
    void release(Journal journal) {
        journalLock.lock();
        try {
            files.release(journal); // its number is recorded as moved: the slot holds nothing live any more
        } finally {
            journalLock.unlock();
        }
    }

    /** Journals in use: the sealed ones and the current one. Takes the lock. */
    int count() {
        journalLock.lock();
        try {
            return sealed.size() + 1;
        } finally {
            journalLock.unlock();
        }
    }

    /** Forces every journal and closes the files; with the lock held. */
    void close() {
        List<Journal> all = new ArrayList<>(sealed);
        if (current != null) {
            all.add(current);
        }
        for (Journal j : all) {
            try {
                groupCommit.forceNow(j);
            } catch (IOException e) {
                LOG.debug("outbox {}: closing {}: {}", directory, j.path(), e.toString());
            }
        }
        if (files != null) {
            files.close();
        }
    }
}
