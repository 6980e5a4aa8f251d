package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

import org.eclipse.kura.KuraStoreCapacityReachedException;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Limits;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Stats;

/**
 * The outbox's in-memory index: the {@link Meta} of every stored message, the send order, what is in flight,
 * what is acknowledged or dropped but not yet removed on disk, the entries held in memory (their journal is live,
 * or they were read ahead from SQLite), where each message is, and the live counts the limits apply to. Handing
 * messages out and taking them back is its {@link SendLine}, which shares its collections and its lock.
 *
 * <p><b>Lock:</b> the index lock of {@link DurableOutbox} is the monitor of {@code stored}. Every method takes it
 * itself, so that each call is one atomic step, except {@link #load} (opening, before the outbox is shared).
 * Callers may hold the database lock and the journal lock (taken in that order) around a call; nothing here takes
 * either, so the index lock is always innermost. It is also what {@link #awaitEmpty} waits on.
 */
final class OutboxIndex {

    private final Map<Long, Meta> stored = new HashMap<>();
    private final PendingQueue pending = new PendingQueue();
    private final Set<Long> inFlight = new HashSet<>();
    /** Acknowledged, removal not recorded yet: neither sent again nor returned to pending. */
    private final Set<Long> acked = new HashSet<>();
    /** Dropped by the full policy, removal not recorded yet: never sent, never confirmed. */
    private final Set<Long> dropped = new HashSet<>();
    /** Entries whose record is in a live journal (kept in memory until the journal is moved). */
    private final ResidentEntries resident = new ResidentEntries();
    /** Pending messages read ahead from SQLite, to be sent next; at most {@value DurableOutbox#READ_AHEAD}. */
    private final Map<Long, Entry> readAhead = new HashMap<>();
    /** Messages whose row is in SQLite. */
    private final Set<Long> inDb = new HashSet<>();
    private int liveCount; // stored minus acked minus dropped
    private long liveBytes;
    private final OutboxAdmission admission;
    private final SendLine sendLine;

    OutboxIndex(Path directory) {
        this.admission = new OutboxAdmission(directory);
        this.sendLine = new SendLine(stored, pending, inFlight, acked, resident, readAhead, inDb);
    }

    /** The send side: hands messages out in send order and takes them back (the same lock). */
    SendLine sendLine() {
        return sendLine;
    }

    /** What the index keeps of an entry; {@code idOf} names it when the entry has no id (read from a journal). */
    static Meta metaOf(Entry e, LongFunction<String> idOf) {
        return new Meta(e.seq(), e.id() == null ? idOf.apply(e.seq()) : e.id(), e.priority(), e.createdMillis(),
                e.expiresMillis(), e.origin(), e.payload().length + e.topic().length());
    }

    /** Opening: the messages whose row is in SQLite, all pending. Without the lock: the outbox is not shared yet. */
    void load(Collection<Meta> rows) {
        for (Meta meta : rows) {
            stored.put(meta.seq(), meta);
            pending.add(meta);
            inDb.add(meta.seq());
            liveCount++;
            liveBytes += meta.bytes();
        }
    }

    // ------------------------------------------------------------------ append (the caller holds the journal lock)

    /**
     * Applies the limits and the full policy to a new message ({@link OutboxAdmission}); returns the dropped
     * messages whose record is in a journal.
     */
    List<Long> admit(Meta incoming, Limits limits) throws KuraStoreCapacityReachedException {
        synchronized (stored) {
            return admission.admit(this, incoming, limits);
        }
    }

    /** A new message, stored in the current journal. */
    void addAppended(Meta meta, Entry entry) {
        synchronized (stored) {
            stored.put(meta.seq(), meta);
            pending.add(meta);
            resident.add(entry);
            liveCount++;
            liveBytes += meta.bytes();
        }
    }

    /** Forgets messages whose removal is recorded (or whose record went with its journal). */
    void forgetAll(List<Long> seqs) {
        synchronized (stored) {
            seqs.forEach(this::forget);
        }
    }

    // ------------------------------------------------------------------ for OutboxAdmission, with the lock held

    int liveCount() {
        return liveCount;
    }

    long liveBytes() {
        return liveBytes;
    }

    /** The oldest pending message of the highest priority number. */
    Meta oldestOfLowestPriority() {
        if (pending.isEmpty()) {
            return null;
        }
        int lowest = pending.last().priority();
        return pending.ceiling(new Meta(Long.MIN_VALUE, null, lowest, 0, 0, null, 0));
    }

    /** Marks a pending message dropped by the full policy; true when its record is in a journal (not SQLite). */
    boolean drop(Meta victim) {
        pending.remove(victim);
        dropped.add(victim.seq());
        liveCount--;
        liveBytes -= victim.bytes();
        return !inDb.contains(victim.seq());
    }

    // ------------------------------------------------------------------ removal

    /**
     * Sorts the stored ones of {@code seqs} (each once) into {@code present}, and of those the rows in SQLite into
     * {@code rows} and the records in a live journal into {@code inJournal}.
     */
    void locate(Collection<Long> seqs, List<Meta> present, List<Long> rows, List<Long> inJournal) {
        synchronized (stored) {
            for (Long seq : new LinkedHashSet<>(seqs)) {
                Meta meta = stored.get(seq);
                if (meta != null) {
                    present.add(meta);
                    if (inDb.contains(seq)) {
                        rows.add(seq);
                    } else if (resident.contains(seq)) {
                        inJournal.add(seq);
                    }
                }
            }
        }
    }

    /** Forgets removed messages and wakes {@link #awaitEmpty} when none is left. */
    void forgetRemoved(List<Meta> removed) {
        synchronized (stored) {
            for (Meta meta : removed) {
                forget(meta.seq());
            }
            if (stored.isEmpty()) {
                stored.notifyAll(); // awaitEmpty
            }
        }
    }

    /** Drops a message from the index; with the lock held. */
    private void forget(long seq) {
        Meta meta = stored.remove(seq);
        if (meta == null) {
            return;
        }
        boolean wasLive = !acked.remove(seq) & !dropped.remove(seq);
        if (wasLive) {
            liveCount--;
            liveBytes -= meta.bytes();
        }
        pending.remove(meta);
        inFlight.remove(seq);
        resident.remove(seq);
        readAhead.remove(seq);
        inDb.remove(seq);
    }

    /**
     * What a flush removes: the acknowledged messages (also copied into {@code ackedNow}) and the dropped ones;
     * empty when there are none.
     */
    List<Long> toFlush(Set<Long> ackedNow) {
        synchronized (stored) {
            if (acked.isEmpty() && dropped.isEmpty()) {
                return List.of();
            }
            ackedNow.addAll(acked);
            List<Long> seqs = new ArrayList<>(acked);
            seqs.addAll(dropped);
            return seqs;
        }
    }

    /** Pending messages created before {@code cutoffMillis}. */
    List<Long> pendingCreatedBefore(long cutoffMillis) {
        List<Long> old = new ArrayList<>();
        synchronized (stored) {
            for (Meta meta : pending) {
                if (meta.createdMillis() < cutoffMillis) {
                    old.add(meta.seq());
                }
            }
        }
        return old;
    }

    /** Pending messages whose expiry (if any) is before {@code nowMillis}. */
    List<Long> pendingExpiredBefore(long nowMillis) {
        List<Long> expired = new ArrayList<>();
        synchronized (stored) {
            for (Iterator<Meta> it = pending.iterator(); it.hasNext();) {
                Meta meta = it.next();
                if (meta.expiresMillis() > 0 && meta.expiresMillis() < nowMillis) {
                    expired.add(meta.seq());
                }
            }
        }
        return expired;
    }

    // ------------------------------------------------------------------ moving a journal (the caller holds the db lock)

    /**
     * The entries of a journal ending at {@code lastSeq} that are neither acknowledged nor dropped (into
     * {@code survivors}), and the dropped messages whose row is in SQLite (into {@code droppedRows}).
     */
    void survivorsUpTo(long lastSeq, List<Entry> survivors, List<Long> droppedRows) {
        synchronized (stored) {
            resident.forEachUpTo(lastSeq, e -> {
                if (!acked.contains(e.seq()) && !dropped.contains(e.seq())) {
                    survivors.add(e);
                }
            });
            for (Long seq : dropped) {
                if (inDb.contains(seq)) {
                    droppedRows.add(seq);
                }
            }
        }
    }

    /**
     * After the move committed: the survivors still stored are in SQLite, the journal's entries leave memory, and
     * the dropped messages whose record went with the journal or whose row was deleted are forgotten.
     */
    void moved(long lastSeq, List<Entry> survivors, List<Long> droppedRows) {
        synchronized (stored) {
            for (Entry e : survivors) {
                if (stored.containsKey(e.seq())) {
                    inDb.add(e.seq());
                }
            }
            List<Long> droppedInJournal = new ArrayList<>();
            for (Long seq : resident.removeUpTo(lastSeq)) {
                if (dropped.contains(seq)) {
                    droppedInJournal.add(seq);
                }
            }
            droppedInJournal.forEach(this::forget); // their record goes with the file
            droppedRows.forEach(this::forget);
        }
    }

    /** {@link DurableOutbox#markAcknowledged(Collection)}. */
    void markAcknowledged(Collection<Long> seqs) {
        synchronized (stored) {
            for (Long seq : seqs) {
                acknowledge(seq);
            }
        }
    }

    /** {@link DurableOutbox#markAcknowledged(long)}: how many acknowledged messages wait for a flush now. */
    int markAcknowledged(long seq) {
        synchronized (stored) {
            acknowledge(seq);
            return acked.size();
        }
    }

    /** With the lock held. */
    private void acknowledge(Long seq) {
        Meta meta = stored.get(seq);
        if (meta != null && !dropped.contains(seq) && acked.add(seq)) {
            inFlight.remove(seq);
            pending.remove(meta);
            liveCount--;
            liveBytes -= meta.bytes();
        }
    }

    int acknowledgedCount() {
        synchronized (stored) {
            return acked.size();
        }
    }

    // ------------------------------------------------------------------ status

    int size() {
        synchronized (stored) {
            return stored.size();
        }
    }

    /** Stored messages whose row is in SQLite (a backlog that moved out of the journals). */
    /**
     * The lowest sequence whose record is in a live journal and not yet forgotten (acknowledged or dropped ones
     * whose removal is not recorded count), or {@link Long#MAX_VALUE} when there is none.
     */
    long oldestResidentSeq() {
        synchronized (stored) {
            return resident.isEmpty() ? Long.MAX_VALUE : resident.firstSeq();
        }
    }

    int rowsInDatabase() {
        synchronized (stored) {
            return inDb.size();
        }
    }

    int inFlightCount() {
        synchronized (stored) {
            return inFlight.size();
        }
    }

    /** The index's part of {@link DurableOutbox#stats()}; the rest comes in as arguments. */
    Stats stats(Limits l, long disk, int journals) {
        synchronized (stored) {
            Map<Integer, Integer> byPriority = new TreeMap<>();
            long oldest = 0;
            for (Meta meta : stored.values()) {
                if (acked.contains(meta.seq()) || dropped.contains(meta.seq())) {
                    continue;
                }
                byPriority.merge(meta.priority(), 1, Integer::sum);
                if (oldest == 0 || meta.createdMillis() < oldest) {
                    oldest = meta.createdMillis();
                }
            }
            return new Stats(liveCount, inFlight.size(), byPriority, oldest, l.capacity(), liveBytes,
                    l.capacityBytes(), l.policy(), admission.refusedByPriority(), admission.droppedByPriority(),
                    disk, journals, inDb.size());
        }
    }

    /** {@link DurableOutbox#awaitEmpty(long)}. */
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

    /** Wakes every {@link #awaitEmpty} waiter (the outbox closed). */
    void wakeWaiters() {
        synchronized (stored) {
            stored.notifyAll();
        }
    }
}
