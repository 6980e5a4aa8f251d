package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.JournalFiles.Journal;
import io.aiosedge.cloudsync.mqtt.internal.store.DirectoryLock;

/**
 * The durable outbox: every QoS &ge; 1 message is written here before {@code publish} returns, and leaves only when
 * the broker acknowledged it (or a store policy removed it). Guarded by a lock file so that no second endpoint (in
 * this JVM or another process) opens the same directory.
 *
 * <p><b>Two tiers.</b> An append is one record at the end of a <i>journal</i> (an append-only run of CRC-checked
 * records in a preallocated, reused slot file, see {@link JournalFiles}) and stays in memory while its journal
 * lives. Most messages are acknowledged while still there, and their removal is one more small record. When a
 * journal is full it is sealed and a new one started; when more than {@link #MAX_SEALED_JOURNALS} are sealed, the
 * messages of the oldest that are still unsent move into one SQLite database ({@code outbox.db}, WAL, exclusive
 * locking) in one transaction, fsynced, after which the journal's slot is free. Long outages therefore end up in
 * SQLite, which reuses the pages of removed rows (and returns them to the file system with incremental vacuum);
 * a drain reads its rows {@value #READ_AHEAD} at a time.
 *
 * <p><b>Sync policy</b> ({@code syncIntervalMillis}): 0 forces the journal to disk (fdatasync) before
 * {@link #append} returns; concurrent appends share one force ({@link GroupCommit}), so the rate grows with the
 * number of publishing threads. A positive value writes the record to the operating system before
 * {@link #append} returns (safe against a JVM crash, SIGKILL or bundle update) and {@link #checkpoint()} (called
 * every interval) forces it; a power loss can then lose at most the last interval of accepted messages. Removals
 * are never forced on their own: a removal lost to a power cut means a redelivery (a duplicate), never a loss.
 *
 * <p><b>Order</b>: {@link #nextToSend()} hands out the lowest priority number first, then the oldest (the append
 * sequence). Entries handed out are "in flight" until {@link #remove removed} or {@link #returnToPending returned}.
 *
 * <p><b>Limits</b>: at most {@code capacity} messages and {@code capacityBytes} bytes (payload + topic) are stored;
 * what happens to an append beyond them is the {@link FullPolicy}. Priorities 0 and 1 are always accepted (as in
 * Kura). Acknowledged messages whose removal is not yet on disk do not count.
 */
public final class DurableOutbox implements AutoCloseable {

    /** What a publisher asks to store; the payload is made once the message id is known. */
    public record Draft(int priority, int qos, boolean retain, String topic, String origin, long expiresMillis) {
    }

    /** A stored message. {@code payload} is the exact wire bytes. */
    public record Entry(long seq, String id, int priority, int qos, boolean retain, long createdMillis, long expiresMillis,
            String origin, String topic, byte[] payload) {
    }

    /** What the index keeps of each stored message. {@code bytes}: payload plus topic length. */
    public record Meta(long seq, String id, int priority, long createdMillis, long expiresMillis, String origin, int bytes) {
    }

    /** What a full outbox does with an append of priority &ge; 2 (0 and 1 are always accepted). */
    public enum FullPolicy {
        /** The append fails with {@link KuraStoreCapacityReachedException}; nothing stored is touched. */
        REFUSE("refuse"),
        /**
         * The oldest unsent message of the lowest priority (highest number) is deleted to make room, provided it is
         * not more important than the new one (else the new one is refused).
         */
        DROP_OLDEST("drop-oldest");

        final String key;

        FullPolicy(String key) {
            this.key = key;
        }

        /** The policy named by a configuration value ({@code refuse} or {@code drop-oldest}). */
        public static FullPolicy parse(String value, String property) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            for (FullPolicy p : values()) {
                if (p.key.equals(v)) {
                    return p;
                }
            }
            throw new IllegalArgumentException(property + " '" + value + "' must be 'refuse' or 'drop-oldest'");
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /** How much the outbox may hold and what happens beyond. */
    public record Limits(int capacity, long capacityBytes, FullPolicy policy) {
        public Limits {
            if (capacity < 1) {
                throw new IllegalArgumentException("outbox.capacity must be >= 1, got " + capacity);
            }
            if (capacityBytes < MIN_CAPACITY_BYTES) {
                throw new IllegalArgumentException("outbox.capacity.bytes must be >= " + MIN_CAPACITY_BYTES + ", got "
                        + capacityBytes);
            }
        }
    }

    /** Counts for status displays. */
    public record Stats(int stored, int inFlight, Map<Integer, Integer> byPriority, long oldestCreatedMillis, int capacity,
            long storedBytes, long capacityBytes, FullPolicy policy, Map<Integer, Long> refusedByPriority,
            Map<Integer, Long> droppedByPriority, long diskBytes, int journals, int inDatabase) {

        public long refused() {
            return refusedByPriority.values().stream().mapToLong(Long::longValue).sum();
        }

        public long dropped() {
            return droppedByPriority.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static final long MIN_CAPACITY_BYTES = 64 * 1024;
    /**
     * Messages read from SQLite in one query when the next one to send is there (a drain after an outage): one
     * query per message made the drain a tenth as fast as from the journals.
     */
    public static final int READ_AHEAD = 256;
    /** Sealed journals kept before the oldest one's survivors move into SQLite. */
    public static final int MAX_SEALED_JOURNALS = 7;
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
    private final String storeId;
    private final DirectoryLock lock;
    private final OutboxTable table;
    /** SQLite, removals and moves; taken before {@link #journalLock} when both are needed. */
    private final ReentrantLock db = new ReentrantLock();
    /** The current journal, its position, rotation and the sequence. */
    private final ReentrantLock journalLock = new ReentrantLock();
    private final GroupCommit groupCommit = new GroupCommit();

    private JournalFiles files; // guarded by journalLock; set by recover()
    private Journal current; // guarded by journalLock
    private final ArrayDeque<Journal> sealed = new ArrayDeque<>(); // guarded by journalLock
    private long nextJournalNumber; // guarded by journalLock
    private long nextSeq; // guarded by journalLock
    private long reservedSeq; // sequences below this are recorded as used; guarded by journalLock
    private volatile long journalBytes;

    // The index; guarded by itself.
    private final Map<Long, Meta> stored = new HashMap<>();
    private final PendingQueue pending = new PendingQueue();
    private final Set<Long> inFlight = new HashSet<>();
    /** Acknowledged, removal not recorded yet: neither sent again nor returned to pending. */
    private final Set<Long> acked = new HashSet<>();
    /** Dropped by the full policy, removal not recorded yet: never sent, never confirmed. */
    private final Set<Long> dropped = new HashSet<>();
    /** Entries whose record is in a live journal (kept in memory until the journal is moved). */
    private final TreeMap<Long, Entry> resident = new TreeMap<>();
    /** Pending messages read ahead from SQLite, to be sent next; at most {@value #READ_AHEAD}. */
    private final Map<Long, Entry> readAhead = new HashMap<>();
    /** Messages whose row is in SQLite. */
    private final Set<Long> inDb = new HashSet<>();
    private int liveCount; // stored minus acked minus dropped
    private long liveBytes;
    private final Map<Integer, Long> refusedByPriority = new TreeMap<>();
    private final Map<Integer, Long> droppedByPriority = new TreeMap<>();
    private long lastDropLogMillis;
    private int rowsDeletedSinceVacuumCheck; // guarded by db

    private volatile Limits limits;
    private volatile long syncIntervalMillis;
    private volatile boolean closed;

    private DurableOutbox(Path directory, Limits limits, long syncIntervalMillis) throws KuraStoreException {
        this.directory = directory;
        this.limits = limits;
        this.syncIntervalMillis = syncIntervalMillis;
        this.journalBytes = journalBytesFor(limits);
        DirectoryLock fileLock = null;
        OutboxTable opened = null;
        try {
            Files.createDirectories(directory);
            // held by another process, or by this JVM (another endpoint or a bundle copy not yet stopped)
            fileLock = DirectoryLock.tryAcquire(directory.resolve("outbox.lock"));
            if (fileLock == null) {
                throw new KuraStoreException("outbox directory " + directory + " is in use by another endpoint");
            }
            opened = OutboxTable.open(directory.resolve("outbox.db"));
            this.storeId = opened.loadOrCreateStoreId();
            this.table = opened;
            this.lock = fileLock;
            recover();
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(opened);
            releaseQuietly(fileLock);
            throw new KuraStoreException(e, "cannot open the outbox in " + directory + ": " + e.getMessage());
        } catch (KuraStoreException e) {
            closeQuietly(opened);
            releaseQuietly(fileLock);
            throw e;
        }
    }

    /**
     * Opens (creating if needed) the outbox in {@code directory}, refusing appends of priority &ge; 2 beyond
     * {@code capacity} messages (and 64 MiB).
     *
     * @param syncIntervalMillis 0: fsync before every append returns; &gt; 0: fsync every that many ms
     */
    public static DurableOutbox open(Path directory, int capacity, long syncIntervalMillis) throws KuraStoreException {
        return new DurableOutbox(directory, new Limits(capacity, 64L * 1024 * 1024, FullPolicy.REFUSE),
                syncIntervalMillis);
    }

    /** Opens (creating if needed) the outbox in {@code directory} with these limits. */
    public static DurableOutbox open(Path directory, Limits limits, long syncIntervalMillis) throws KuraStoreException {
        return new DurableOutbox(directory, limits, syncIntervalMillis);
    }

    /** Journal size: {@code 1/JOURNAL_FRACTION} of the byte capacity, within [16 KiB, 1 MiB]. */
    private static long journalBytesFor(Limits limits) {
        return Math.max(MIN_JOURNAL_BYTES, Math.min(MAX_JOURNAL_BYTES, limits.capacityBytes() / JOURNAL_FRACTION));
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Loads the index from SQLite, replays the journals left by the last run (up to the first torn or corrupt
     * record of each), moves what they hold into SQLite in one fsynced transaction, frees their slots and starts a
     * new journal.
     */
    private void recover() throws SQLException, IOException {
        long reserved = table.readLong("seq.reserved", 1);
        long movedUpTo = table.readLong("journal.moved", -1);
        Map<Long, Meta> rows = table.readIndex(this::idOf);
        long maxSeq = rows.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        JournalFiles journals = new JournalFiles(directory, movedUpTo);
        this.files = journals;
        Map<Long, Entry> replayed = new TreeMap<>();
        Set<Long> removedRows = new HashSet<>();
        long lastNumber = Math.max(movedUpTo, journals.highestNumberSeen());
        for (JournalFiles.Found journal : journals.found()) {
            for (ByteBuffer record : journals.records(journal)) {
                byte type = record.get();
                if (type == JournalRecords.ADD) {
                    Entry e = JournalRecords.decodeAdd(record);
                    maxSeq = Math.max(maxSeq, e.seq());
                    if (!rows.containsKey(e.seq())) {
                        replayed.put(e.seq(), e);
                    }
                } else if (type == JournalRecords.REMOVE) {
                    int count = record.getInt();
                    for (int i = 0; i < count; i++) {
                        long seq = record.getLong();
                        if (replayed.remove(seq) == null && rows.remove(seq) != null) {
                            removedRows.add(seq);
                        }
                    }
                } else if (type == JournalRecords.RESERVE) {
                    reserved = Math.max(reserved, record.getLong());
                }
            }
        }
        long next = Math.max(reserved, maxSeq + 1);
        boolean journalsFound = !journals.found().isEmpty();
        if (journalsFound || !rows.isEmpty() && reserved <= maxSeq) {
            db.lock();
            try {
                table.setFullSync(true);
                table.begin();
                for (Entry e : replayed.values()) {
                    table.insert(e);
                    rows.put(e.seq(), meta(e));
                }
                for (Long seq : removedRows) {
                    table.delete(seq);
                }
                table.setMeta("seq.reserved", next);
                table.setMeta("journal.moved", lastNumber);
                table.commit();
                table.setFullSync(false);
            } catch (SQLException e) {
                table.rollbackQuietly();
                throw e;
            } finally {
                db.unlock();
            }
            journals.releaseFound(); // their content is in SQLite now: the slots are free
            if (!replayed.isEmpty()) {
                LOG.info("outbox {}: {} messages recovered from the journal", directory, replayed.size());
            }
        }
        for (Meta meta : rows.values()) {
            stored.put(meta.seq, meta);
            pending.add(meta);
            inDb.add(meta.seq);
            liveCount++;
            liveBytes += meta.bytes;
        }
        vacuumIfWasteful();
        journalLock.lock();
        try {
            nextJournalNumber = lastNumber + 1;
            nextSeq = next;
            reservedSeq = next; // reserve on the first append
            current = newJournal();
        } finally {
            journalLock.unlock();
        }
    }

    /**
     * Writes a record (made by {@link JournalFiles#recordBuffer}) at the end of the current journal, starting the
     * next journal first when it would not fit; with the journal lock held.
     */
    private void write(ByteBuffer record) throws IOException {
        if (!current.fits(record.position() - JournalFiles.RECORD_HEADER) && !current.isEmpty()) {
            rotate();
        }
        files.append(current, record);
    }

    /** Starts the next journal in a free (or new) slot; with the journal lock held. */
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

    private volatile boolean directoryDirty;

    /** Makes a new file's name survive a power cut. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("outbox {}: directory fsync not supported: {}", directory, e.toString());
        }
    }

    /** Seals the current journal and starts the next; with the journal lock held. */
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

    /** The random id of this store, the first part of every message id it hands out. */
    public String storeId() {
        return storeId;
    }

    public Path directory() {
        return directory;
    }

    /** Message id of sequence {@code seq}: {@code <store id>-<seq>}, unique across restarts and gateways. */
    public String idOf(long seq) {
        return storeId + "-" + seq;
    }

    public void setCapacity(int capacity) {
        Limits l = limits;
        this.limits = new Limits(capacity, l.capacityBytes(), l.policy());
    }

    public void setLimits(Limits limits) {
        this.limits = limits;
        this.journalBytes = journalBytesFor(limits); // from the next journal on
    }

    public Limits limits() {
        return limits;
    }

    public void setSyncIntervalMillis(long syncIntervalMillis) {
        this.syncIntervalMillis = syncIntervalMillis;
    }

    public long syncIntervalMillis() {
        return syncIntervalMillis;
    }

    // ------------------------------------------------------------------ append

    /**
     * Stores a message durably (per the sync policy) and returns it with its sequence and id.
     *
     * @param payloadForSeq makes the wire payload once the sequence (hence the id) is known
     * @throws KuraStoreCapacityReachedException when full, the priority is 2 or more and the policy keeps what is
     *             stored
     * @throws KuraStoreException when the store cannot write
     */
    public Entry append(Draft draft, long nowMillis, LongFunction<byte[]> payloadForSeq) throws KuraStoreException {
        Journal journal;
        long end;
        Entry entry;
        boolean moveNeeded;
        journalLock.lock();
        try {
            checkOpen();
            if (nextSeq >= reservedSeq) {
                // Sequences are recorded ahead of use, so that ids are never reused, even after a power cut that
                // loses the last messages, an empty outbox and a restart.
                long reserve = nextSeq + SEQ_RESERVE_BLOCK;
                write(JournalRecords.reserve(reserve));
                forceJournal(current);
                reservedSeq = reserve;
            }
            long seq = nextSeq++;
            byte[] payload = payloadForSeq.apply(seq);
            String origin = draft.origin() == null ? "" : draft.origin();
            entry = new Entry(seq, idOf(seq), draft.priority(), draft.qos(), draft.retain(), nowMillis,
                    draft.expiresMillis(), origin, draft.topic(), payload);
            Meta meta = meta(entry);
            List<Long> droppedInJournal = admit(meta);
            if (!droppedInJournal.isEmpty()) {
                write(JournalRecords.remove(droppedInJournal));
                synchronized (stored) {
                    droppedInJournal.forEach(this::forget);
                }
            }
            write(JournalRecords.add(entry, origin.getBytes(StandardCharsets.UTF_8),
                    draft.topic().getBytes(StandardCharsets.UTF_8)));
            journal = current;
            end = journal.position;
            journal.lastSeq = seq;
            synchronized (stored) {
                stored.put(seq, meta);
                pending.add(meta);
                resident.put(seq, entry);
                liveCount++;
                liveBytes += meta.bytes;
            }
            moveNeeded = sealed.size() > MAX_SEALED_JOURNALS;
        } catch (IOException e) {
            throw new KuraStoreException(e, "cannot store message for " + draft.topic() + ": " + e.getMessage());
        } finally {
            journalLock.unlock();
        }
        if (syncIntervalMillis == 0) {
            try {
                groupCommit.awaitDurable(journal, end);
            } catch (IOException e) {
                throw new KuraStoreException(e, "cannot force message " + entry.id() + " to disk: " + e.getMessage());
            }
        }
        if (moveNeeded) {
            moveSealed(MAX_SEALED_JOURNALS);
        }
        return entry;
    }

    private Meta meta(Entry e) {
        return new Meta(e.seq(), e.id() == null ? idOf(e.seq()) : e.id(), e.priority(), e.createdMillis(),
                e.expiresMillis(), e.origin(), e.payload().length + e.topic().length());
    }

    /**
     * Applies the limits and the full policy to a new message; with the journal lock held. Returns the dropped
     * messages whose record is in a journal (the caller records their removal there); those in SQLite are deleted
     * by the next move or flush.
     */
    private List<Long> admit(Meta incoming) throws KuraStoreCapacityReachedException {
        Limits l = limits;
        synchronized (stored) {
            if (!full(l, incoming.bytes)) {
                return List.of();
            }
            List<Long> droppedInJournal = new ArrayList<>();
            boolean exempt = incoming.priority < 2;
            if (l.policy() == FullPolicy.DROP_OLDEST) {
                int lowestEvictable = Math.max(incoming.priority, 2);
                while (full(l, incoming.bytes)) {
                    Meta victim = oldestOfLowestPriority();
                    if (victim == null || victim.priority < lowestEvictable) {
                        break;
                    }
                    pending.remove(victim);
                    dropped.add(victim.seq);
                    liveCount--;
                    liveBytes -= victim.bytes;
                    droppedByPriority.merge(victim.priority, 1L, Long::sum);
                    if (!inDb.contains(victim.seq)) {
                        droppedInJournal.add(victim.seq);
                    }
                    logDrop(victim);
                }
                if (!full(l, incoming.bytes)) {
                    return droppedInJournal;
                }
            }
            if (exempt) {
                return droppedInJournal; // priorities 0-1 are never refused (as in Kura)
            }
            refusedByPriority.merge(incoming.priority, 1L, Long::sum);
            throw new KuraStoreCapacityReachedException("outbox full: " + liveCount + " messages (outbox.capacity "
                    + l.capacity() + ") and " + liveBytes + " bytes (outbox.capacity.bytes " + l.capacityBytes()
                    + ") stored; a message of priority " + incoming.priority + " and " + incoming.bytes
                    + " bytes is refused (outbox.full.policy=" + l.policy()
                    + (l.policy() == FullPolicy.DROP_OLDEST ? ": nothing of priority " + incoming.priority
                            + " or lower is waiting to be dropped" : "")
                    + "); priorities 0-1 are exempt");
        }
    }

    private boolean full(Limits l, int bytes) {
        return liveCount + 1 > l.capacity() || liveBytes + bytes > l.capacityBytes();
    }

    /** The oldest pending message of the highest priority number; with the index lock held. */
    private Meta oldestOfLowestPriority() {
        if (pending.isEmpty()) {
            return null;
        }
        int lowest = pending.last().priority;
        return pending.ceiling(new Meta(Long.MIN_VALUE, null, lowest, 0, 0, null, 0));
    }

    private void logDrop(Meta victim) {
        long now = System.currentTimeMillis();
        if (now - lastDropLogMillis >= 10_000) {
            lastDropLogMillis = now;
            LOG.warn("outbox {} full: dropping the oldest message of the lowest priority to make room"
                    + " (outbox.full.policy=drop-oldest), e.g. {} of priority {}; dropped so far by priority: {}",
                    directory, victim.id, victim.priority, droppedByPriority);
        }
    }

    // ------------------------------------------------------------------ moving journals into SQLite

    /**
     * Moves the survivors of sealed journals into SQLite until at most {@code keep} are left: one transaction per
     * journal, fsynced, then the journal file is deleted. Messages dropped by the full policy are deleted from
     * SQLite in the same transaction.
     */
    public void moveSealed(int keep) throws KuraStoreException {
        db.lock();
        try {
            while (true) {
                Journal oldest;
                journalLock.lock();
                try {
                    if (sealed.size() <= keep) {
                        return;
                    }
                    oldest = sealed.peekFirst();
                } finally {
                    journalLock.unlock();
                }
                moveJournal(oldest);
                journalLock.lock();
                try {
                    sealed.pollFirst();
                } finally {
                    journalLock.unlock();
                }
            }
        } finally {
            db.unlock();
        }
    }

    /** With the db lock held. */
    private void moveJournal(Journal journal) throws KuraStoreException {
        List<Entry> survivors = new ArrayList<>();
        List<Long> droppedRows = new ArrayList<>();
        synchronized (stored) {
            for (Entry e : resident.headMap(journal.lastSeq, true).values()) {
                if (!acked.contains(e.seq()) && !dropped.contains(e.seq())) {
                    survivors.add(e);
                }
            }
            for (Long seq : dropped) {
                if (inDb.contains(seq)) {
                    droppedRows.add(seq);
                }
            }
        }
        try {
            table.setFullSync(true);
            table.begin();
            for (Entry e : survivors) {
                table.insert(e);
            }
            for (Long seq : droppedRows) {
                table.delete(seq);
            }
            long reserved;
            journalLock.lock();
            try {
                reserved = reservedSeq;
            } finally {
                journalLock.unlock();
            }
            table.setMeta("seq.reserved", reserved);
            table.setMeta("journal.moved", journal.number);
            table.commit();
            table.setFullSync(false);
        } catch (SQLException e) {
            table.rollbackQuietly();
            throw new KuraStoreException(e, "cannot move " + survivors.size() + " messages from "
                    + journal.path().getFileName() + " into " + directory.resolve("outbox.db") + ": " + e.getMessage());
        }
        synchronized (stored) {
            for (Entry e : survivors) {
                if (stored.containsKey(e.seq())) {
                    inDb.add(e.seq());
                }
            }
            Map<Long, Entry> moved = resident.headMap(journal.lastSeq, true);
            List<Long> droppedInJournal = new ArrayList<>();
            for (Long seq : moved.keySet()) {
                if (dropped.contains(seq)) {
                    droppedInJournal.add(seq);
                }
            }
            moved.clear();
            droppedInJournal.forEach(this::forget); // their record goes with the file
            droppedRows.forEach(this::forget);
        }
        journalLock.lock();
        try {
            files.release(journal); // its number is recorded as moved: the slot holds nothing live any more
        } finally {
            journalLock.unlock();
        }
        if (!droppedRows.isEmpty()) {
            vacuumIfWasteful();
        }
    }

    /**
     * Gives free pages back to the file system when more than a quarter of the database (and at least 1 MiB) is
     * free: SQLite reuses free pages for new rows anyway, this only bounds the file after a long outage.
     */
    private void vacuumIfWasteful() {
        db.lock();
        try {
            table.returnFreePagesIfWasteful();
        } catch (SQLException e) {
            LOG.debug("outbox {}: vacuum skipped: {}", directory, e.toString());
        } finally {
            db.unlock();
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * The next message to send (lowest priority number, then oldest), now marked in flight; null when none is
     * pending.
     */
    public Entry nextToSend() throws KuraStoreException {
        Meta meta;
        List<Meta> batch;
        synchronized (stored) {
            meta = pending.pollFirst();
            if (meta == null) {
                return null;
            }
            inFlight.add(meta.seq);
            Entry inMemory = inMemory(meta);
            if (inMemory != null) {
                return inMemory;
            }
            batch = new ArrayList<>(READ_AHEAD);
            batch.add(meta);
            int looked = 0;
            for (Meta next : pending) { // in send order: those that will be asked for next
                if (batch.size() == READ_AHEAD || ++looked > 2 * READ_AHEAD) {
                    break; // enough, or the next ones are in memory anyway (new messages of a higher priority)
                }
                if (inDb.contains(next.seq) && !readAhead.containsKey(next.seq)) {
                    batch.add(next);
                }
            }
        }
        Map<Long, Entry> read;
        try {
            read = readRows(batch);
        } catch (SQLException e) {
            synchronized (stored) {
                inFlight.remove(meta.seq);
                pending.add(meta);
            }
            throw new KuraStoreException(e, "cannot read message " + meta.id + ": " + e.getMessage());
        }
        Entry first = read.remove(meta.seq);
        synchronized (stored) {
            for (Entry e : read.values()) {
                if (stored.containsKey(e.seq()) && readAhead.size() < READ_AHEAD) {
                    readAhead.put(e.seq(), e); // still stored: removed by forget() otherwise
                }
            }
            if (first == null) {
                inFlight.remove(meta.seq);
                pending.add(meta);
            }
        }
        if (first == null) {
            throw new KuraStoreException("cannot read message " + meta.id + ": row " + meta.seq + " vanished");
        }
        return first;
    }

    /** A pending message's entry if it is in memory (its journal, or read ahead); with the index lock held. */
    private Entry inMemory(Meta meta) {
        Entry resident = this.resident.get(meta.seq);
        if (resident != null) {
            return withId(resident, meta);
        }
        return readAhead.remove(meta.seq);
    }

    /** The rows of {@code metas} (at most {@value #READ_AHEAD}), by sequence. */
    private Map<Long, Entry> readRows(List<Meta> metas) throws SQLException {
        db.lock();
        try {
            return table.readRows(metas);
        } finally {
            db.unlock();
        }
    }

    private static Entry withId(Entry e, Meta meta) {
        return e.id() != null ? e : new Entry(e.seq(), meta.id, e.priority(), e.qos(), e.retain(), e.createdMillis(),
                e.expiresMillis(), e.origin(), e.topic(), e.payload());
    }

    /**
     * Like {@link #nextToSend()} but only when the next message is in memory (never touches the disk); null
     * otherwise.
     */
    public Entry nextCachedToSend() {
        synchronized (stored) {
            if (pending.isEmpty()) {
                return null;
            }
            Meta meta = pending.first();
            Entry inMemory = inMemory(meta);
            if (inMemory == null) {
                return null;
            }
            pending.pollFirst();
            inFlight.add(meta.seq);
            return inMemory;
        }
    }

    /**
     * Whether some message waits to be sent. Without the index lock: it is asked several times per message by
     * every sending thread.
     */
    public boolean hasPending() {
        return pending.size > 0;
    }

    /** Puts an in-flight message back in line (the send failed or the connection dropped). */
    public void returnToPending(long seq) {
        synchronized (stored) {
            Meta meta = stored.get(seq);
            if (meta != null && inFlight.remove(seq) && !acked.contains(seq)) {
                pending.add(meta);
            }
        }
    }

    /** Puts every in-flight message back in line: called when a connection is lost. */
    public int returnAllToPending() {
        synchronized (stored) {
            int count = 0;
            for (Long seq : inFlight) {
                Meta meta = stored.get(seq);
                if (meta != null && !acked.contains(seq)) {
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
     * handed out again (not even after a reconnect); {@link #flushAcknowledged()} records their removal.
     */
    public void markAcknowledged(Collection<Long> seqs) {
        synchronized (stored) {
            for (Long seq : seqs) {
                Meta meta = stored.get(seq);
                if (meta != null && !dropped.contains(seq) && acked.add(seq)) {
                    inFlight.remove(seq);
                    pending.remove(meta);
                    liveCount--;
                    liveBytes -= meta.bytes;
                }
            }
        }
    }

    /**
     * {@link #markAcknowledged(Collection)} for one message (the acknowledgement path: no collection made); returns
     * how many acknowledged messages wait for {@link #flushAcknowledged()} now.
     */
    public int markAcknowledged(long seq) {
        synchronized (stored) {
            Meta meta = stored.get(seq);
            if (meta != null && !dropped.contains(seq) && acked.add(seq)) {
                inFlight.remove(seq);
                pending.remove(meta);
                liveCount--;
                liveBytes -= meta.bytes;
            }
            return acked.size();
        }
    }

    /** How many acknowledged messages wait for {@link #flushAcknowledged()}. */
    public int acknowledgedCount() {
        synchronized (stored) {
            return acked.size();
        }
    }

    /**
     * Records the removal of what {@link #markAcknowledged} recorded (and of messages the full policy dropped);
     * returns each acknowledged message once.
     */
    public List<Meta> flushAcknowledged() throws KuraStoreException {
        List<Long> seqs;
        Set<Long> ackedNow;
        synchronized (stored) {
            if (acked.isEmpty() && dropped.isEmpty()) {
                return List.of();
            }
            ackedNow = new HashSet<>(acked);
            seqs = new ArrayList<>(acked);
            seqs.addAll(dropped);
        }
        List<Meta> removed = remove(seqs);
        removed.removeIf(m -> !ackedNow.contains(m.seq));
        return removed;
    }

    /**
     * Removes acknowledged, purged or dropped messages: one journal record for those still in a journal, one
     * SQLite transaction for those in the database, nothing for those whose journal is gone. Returns what was
     * actually removed, so that a message acknowledged twice is reported once.
     */
    public List<Meta> remove(Collection<Long> seqs) throws KuraStoreException {
        List<Meta> present = new ArrayList<>(seqs.size());
        List<Long> inJournal = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        boolean vacuumCheck = false;
        db.lock();
        try {
            checkOpen();
            synchronized (stored) {
                for (Long seq : new LinkedHashSet<>(seqs)) {
                    Meta meta = stored.get(seq);
                    if (meta != null) {
                        present.add(meta);
                        if (inDb.contains(seq)) {
                            rows.add(seq);
                        } else if (resident.containsKey(seq)) {
                            inJournal.add(seq);
                        }
                    }
                }
            }
            if (present.isEmpty()) {
                return present;
            }
            if (!inJournal.isEmpty()) {
                journalLock.lock();
                try {
                    checkOpen();
                    write(JournalRecords.remove(inJournal));
                } finally {
                    journalLock.unlock();
                }
            }
            if (!rows.isEmpty()) {
                table.begin();
                for (Long seq : rows) {
                    table.delete(seq);
                }
                table.commit();
                // a drain removes rows a batch at a time: count them across calls
                rowsDeletedSinceVacuumCheck += rows.size();
                if (rowsDeletedSinceVacuumCheck >= 1024) {
                    rowsDeletedSinceVacuumCheck = 0;
                    vacuumCheck = true;
                }
            }
        } catch (SQLException e) {
            table.rollbackQuietly();
            throw new KuraStoreException(e, "cannot remove " + present.size() + " messages: " + e.getMessage());
        } catch (IOException e) {
            throw new KuraStoreException(e, "cannot record the removal of " + present.size() + " messages: "
                    + e.getMessage());
        } finally {
            db.unlock();
        }
        synchronized (stored) {
            for (Meta meta : present) {
                forget(meta.seq);
            }
            if (stored.isEmpty()) {
                stored.notifyAll(); // awaitEmpty
            }
        }
        if (vacuumCheck) {
            vacuumIfWasteful();
        }
        return present;
    }

    /** Drops a message from the index; with the index lock held. */
    private void forget(long seq) {
        Meta meta = stored.remove(seq);
        if (meta == null) {
            return;
        }
        boolean wasLive = !acked.remove(seq) & !dropped.remove(seq);
        if (wasLive) {
            liveCount--;
            liveBytes -= meta.bytes;
        }
        pending.remove(meta);
        inFlight.remove(seq);
        resident.remove(seq);
        readAhead.remove(seq);
        inDb.remove(seq);
    }

    /** Removes messages created before {@code cutoffMillis} that are not in flight; returns them. */
    public List<Meta> purgeCreatedBefore(long cutoffMillis) throws KuraStoreException {
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
    public List<Meta> purgeExpired(long nowMillis) throws KuraStoreException {
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

    /**
     * Forces what was written to disk (the periodic half of the sync policy): the current journal and SQLite's
     * WAL (a checkpoint).
     */
    public void checkpoint() throws KuraStoreException {
        Journal j;
        journalLock.lock();
        try {
            checkOpen();
            j = current;
        } finally {
            journalLock.unlock();
        }
        try {
            if (directoryDirty) {
                directoryDirty = false;
                forceDirectory();
            }
            forceJournal(j);
        } catch (IOException e) {
            if (!closed) {
                throw new KuraStoreException(e, "fsync of the journal failed: " + e.getMessage());
            }
        }
        db.lock();
        try {
            checkOpen();
            table.checkpointWal();
        } catch (SQLException e) {
            throw new KuraStoreException(e, "checkpoint failed: " + e.getMessage());
        } finally {
            db.unlock();
        }
    }

    // ------------------------------------------------------------------ status

    public int size() {
        synchronized (stored) {
            return stored.size();
        }
    }

    public int inFlightCount() {
        synchronized (stored) {
            return inFlight.size();
        }
    }

    /** Bytes the outbox occupies on disk now: database, its WAL and the journals. */
    public long diskBytes() {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                try {
                    total += Files.size(file);
                } catch (IOException e) {
                    // deleted meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    public Stats stats() {
        int journals;
        journalLock.lock();
        try {
            journals = sealed.size() + 1;
        } finally {
            journalLock.unlock();
        }
        long disk = diskBytes();
        Limits l = limits;
        synchronized (stored) {
            Map<Integer, Integer> byPriority = new TreeMap<>();
            long oldest = 0;
            for (Meta meta : stored.values()) {
                if (acked.contains(meta.seq) || dropped.contains(meta.seq)) {
                    continue;
                }
                byPriority.merge(meta.priority, 1, Integer::sum);
                if (oldest == 0 || meta.createdMillis < oldest) {
                    oldest = meta.createdMillis;
                }
            }
            return new Stats(liveCount, inFlight.size(), byPriority, oldest, l.capacity(), liveBytes,
                    l.capacityBytes(), l.policy(), new TreeMap<>(refusedByPriority), new TreeMap<>(droppedByPriority),
                    disk, journals, inDb.size());
        }
    }

    /** Waits up to {@code millis} until the outbox is empty; true when it is. For tests and draining. */
    public boolean awaitEmpty(long millis) throws InterruptedException {
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

    private static void closeQuietly(OutboxTable db) {
        if (db != null) {
            db.close();
        }
    }

    private static void releaseQuietly(DirectoryLock fileLock) {
        if (fileLock != null) {
            fileLock.close();
        }
    }

    /** Closes the journals (forced) and the database; what they hold is recovered at the next open. */
    @Override
    public void close() {
        db.lock();
        try {
            journalLock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
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
            } finally {
                journalLock.unlock();
            }
            table.close();
            lock.close();
        } finally {
            db.unlock();
        }
        synchronized (stored) {
            stored.notifyAll();
        }
    }
}
