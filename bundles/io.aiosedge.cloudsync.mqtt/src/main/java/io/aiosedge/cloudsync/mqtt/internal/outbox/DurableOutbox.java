package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;

/**
 * The durable outbox: every QoS &ge; 1 message is written here before {@code publish} returns, and leaves only when
 * the broker acknowledged it (or a store policy removed it). Guarded by a lock file so that no second endpoint (in
 * this JVM or another process) opens the same directory.
 *
 * <p><b>Two tiers.</b> An append is one record at the end of a <i>journal</i> (an append-only run of CRC-checked
 * records in a preallocated, reused slot file, see {@link JournalFiles}) and stays in memory while its journal
 * lives. Most messages are acknowledged while still there, and their removal is one more small record. When a
 * journal is full it is sealed and a new one started; a sealed journal whose messages have all left is freed at
 * once (after an fsynced SQLite transaction records it as moved); when more than {@link #MAX_SEALED_JOURNALS} are
 * sealed, the messages of the oldest that are still unsent move into one SQLite database ({@code outbox.db}, WAL, exclusive
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
 *
 * <p><b>Parts</b>, this class being the façade: {@link SqliteTier} (lock file, {@code outbox.db}, the database
 * lock), {@link OutboxJournals} (journals, sequences, {@link GroupCommit}, the journal lock), {@link OutboxIndex}
 * with its {@link SendLine} and {@link OutboxAdmission} (the index lock), {@link OutboxWriter} (the paths across
 * the tiers) and {@link OutboxRecovery} (opening). Lock order: database, journal, index; none is held across calls.
 */
public final class DurableOutbox implements AutoCloseable {

    /** What a publisher asks to store; the payload is made once the message id is known. */
    public record Draft(int priority, int qos, boolean retain, String topic, String origin, long expiresMillis) {
    }

    /** A stored message. {@code payload} is the exact wire bytes. */
    public record Entry(long seq, String id, int priority, int qos, boolean retain, long createdMillis, long expiresMillis,
            String origin, String topic, byte[] payload) {
    }

    /**
     * A message stored by {@link #appendDurably}: {@code onDisk} completes once its record is on the storage device
     * (or exceptionally when the force failed: it may or may not be there).
     */
    public record Durable(Entry entry, CompletableFuture<Void> onDisk) {
    }

    /** What the index keeps of each stored message. {@code bytes}: payload plus topic length. */
    public record Meta(long seq, String id, int priority, long createdMillis, long expiresMillis, String origin, int bytes) {
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

    private final Path directory;
    private final String storeId;
    private final OutboxJournals journals;
    private final OutboxIndex index;
    private final SendLine sendLine;
    private final SqliteTier sqlite;
    private final OutboxWriter writer;

    private DurableOutbox(Path directory, Limits limits, long syncIntervalMillis) throws KuraStoreException {
        this.directory = directory;
        this.journals = new OutboxJournals(directory, limits, syncIntervalMillis);
        this.index = new OutboxIndex(directory);
        this.sendLine = index.sendLine();
        SqliteTier opened = null;
        try {
            opened = SqliteTier.open(directory);
            this.storeId = opened.storeId();
            this.sqlite = opened;
            OutboxRecovery.recover(directory, opened, journals, index, this::idOf);
            this.writer = new OutboxWriter(directory, opened, journals, index, this::idOf, limits);
        } catch (IOException | SQLException | RuntimeException | KuraStoreException e) {
            if (opened != null) {
                opened.close();
            }
            throw e instanceof KuraStoreException k ? k
                    : new KuraStoreException(e, "cannot open the outbox in " + directory + ": " + e.getMessage());
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
        Limits l = writer.limits();
        writer.setLimits(new Limits(capacity, l.capacityBytes(), l.policy())); // same bytes: same journal size
    }

    public void setLimits(Limits limits) {
        writer.setLimits(limits);
    }

    public Limits limits() {
        return writer.limits();
    }

    public void setSyncIntervalMillis(long syncIntervalMillis) {
        journals.setSyncIntervalMillis(syncIntervalMillis);
    }

    public long syncIntervalMillis() {
        return journals.syncIntervalMillis();
    }

    // ------------------------------------------------------------------ writing (OutboxWriter)

    /**
     * Stores a message durably (per the sync policy) and returns it with its sequence and id.
     *
     * @param payloadForSeq makes the wire payload once the sequence (hence the id) is known
     * @throws KuraStoreCapacityReachedException when full, the priority is 2 or more and the policy keeps what is
     *             stored
     * @throws KuraStoreException when the store cannot write
     */
    public Entry append(Draft draft, long nowMillis, LongFunction<byte[]> payloadForSeq) throws KuraStoreException {
        return writer.append(draft, nowMillis, payloadForSeq);
    }

    /**
     * Stores a message like {@link #append} but never waits for the disk, whatever the sync policy: the returned
     * future completes once the record is forced (one force, on the outbox's {@code aios-outbox-fsync-*} thread,
     * serves every record appended meanwhile, from any thread). The message is in line to be sent at once; a
     * broker's acknowledgement may come before the future completes.
     *
     * @throws KuraStoreCapacityReachedException and {@link KuraStoreException} as {@link #append}
     */
    public Durable appendDurably(Draft draft, long nowMillis, LongFunction<byte[]> payloadForSeq)
            throws KuraStoreException {
        return writer.appendDurably(draft, nowMillis, payloadForSeq);
    }

    /** Forces run for {@link #appendDurably} and the appends they acknowledged: {forces, acknowledged}. */
    public long[] durableWaitCounts() {
        return writer.durableWaitCounts();
    }

    /**
     * Moves the survivors of sealed journals into SQLite until at most {@code keep} are left: one transaction per
     * journal, fsynced, then the journal file is deleted. Messages dropped by the full policy are deleted from
     * SQLite in the same transaction.
     */
    public void moveSealed(int keep) throws KuraStoreException {
        writer.moveSealed(keep);
    }

    /**
     * Records the removal of what {@link #markAcknowledged} recorded (and of messages the full policy dropped);
     * returns each acknowledged message once.
     */
    public List<Meta> flushAcknowledged() throws KuraStoreException {
        return writer.flushAcknowledged();
    }

    /**
     * Removes acknowledged, purged or dropped messages: one journal record for those still in a journal, one
     * SQLite transaction for those in the database, nothing for those whose journal is gone. Returns what was
     * actually removed, so that a message acknowledged twice is reported once.
     */
    public List<Meta> remove(Collection<Long> seqs) throws KuraStoreException {
        return writer.remove(seqs);
    }

    /** Removes messages created before {@code cutoffMillis} that are not in flight; returns them. */
    public List<Meta> purgeCreatedBefore(long cutoffMillis) throws KuraStoreException {
        return writer.remove(index.pendingCreatedBefore(cutoffMillis));
    }

    /** Removes pending messages whose expiry (if any) is before {@code nowMillis}; returns them. */
    public List<Meta> purgeExpired(long nowMillis) throws KuraStoreException {
        return writer.remove(index.pendingExpiredBefore(nowMillis));
    }

    /**
     * Forces what was written to disk (the periodic half of the sync policy): the current journal and SQLite's
     * WAL (a checkpoint).
     */
    public void checkpoint() throws KuraStoreException {
        writer.checkpoint();
    }

    /** Closes the journals (forced) and the database; what they hold is recovered at the next open. */
    @Override
    public void close() {
        writer.close();
    }

    // ------------------------------------------------------------------ sending (SendLine)

    /**
     * The next message to send (lowest priority number, then oldest), now marked in flight; null when none is
     * pending.
     */
    public Entry nextToSend() throws KuraStoreException {
        SendLine.Polled polled = sendLine.pollNext();
        if (polled == null) {
            return null;
        }
        if (polled.inMemory() != null) {
            return polled.inMemory();
        }
        Meta meta = polled.meta();
        Map<Long, Entry> read;
        try {
            read = sqlite.readRows(polled.toRead());
        } catch (SQLException e) {
            sendLine.unpoll(meta);
            throw new KuraStoreException(e, "cannot read message " + meta.id() + ": " + e.getMessage());
        }
        Entry first = read.remove(meta.seq());
        sendLine.keepReadAhead(read.values(), meta, first != null);
        if (first == null) {
            throw new KuraStoreException("cannot read message " + meta.id() + ": row " + meta.seq() + " vanished");
        }
        return first;
    }

    /**
     * Like {@link #nextToSend()} but only when the next message is in memory (never touches the disk); null
     * otherwise.
     */
    public Entry nextCachedToSend() {
        return sendLine.pollCached();
    }

    /**
     * Whether some message waits to be sent. Without the index lock: it is asked several times per message by
     * every sending thread.
     */
    public boolean hasPending() {
        return sendLine.hasPending();
    }

    /** Puts an in-flight message back in line (the send failed or the connection dropped). */
    public void returnToPending(long seq) {
        sendLine.returnToPending(seq);
    }

    /** Puts every in-flight message back in line: called when a connection is lost. */
    public int returnAllToPending() {
        return sendLine.returnAllToPending();
    }

    /**
     * Records acknowledgements without touching the disk yet: the messages leave the in-flight set and are never
     * handed out again (not even after a reconnect); {@link #flushAcknowledged()} records their removal.
     */
    public void markAcknowledged(Collection<Long> seqs) {
        index.markAcknowledged(seqs);
    }

    /**
     * {@link #markAcknowledged(Collection)} for one message (the acknowledgement path: no collection made); returns
     * how many acknowledged messages wait for {@link #flushAcknowledged()} now.
     */
    public int markAcknowledged(long seq) {
        return index.markAcknowledged(seq);
    }

    /** How many acknowledged messages wait for {@link #flushAcknowledged()}. */
    public int acknowledgedCount() {
        return index.acknowledgedCount();
    }

    // ------------------------------------------------------------------ status

    public int size() {
        return index.size();
    }

    public int inFlightCount() {
        return index.inFlightCount();
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
        int journalCount = journals.count();
        long disk = diskBytes();
        return index.stats(writer.limits(), disk, journalCount);
    }

    /** Waits up to {@code millis} until the outbox is empty; true when it is. For tests and draining. */
    public boolean awaitEmpty(long millis) throws InterruptedException {
        return index.awaitEmpty(millis);
    }
}
