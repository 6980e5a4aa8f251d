package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;

/**
 * The send side of the outbox's {@link OutboxIndex}: hands pending messages out in send order (lowest priority
 * number, then oldest) from memory when it can, says which rows to read from SQLite when it cannot (reading ahead
 * for a drain), and takes messages back when a send fails or the connection drops. It works on the index's own
 * collections (created by the index) and never changes the live counts.
 *
 * <p><b>Lock:</b> the index lock (the monitor of the index's {@code stored} map): every method takes it itself,
 * except {@link #hasPending()}, which reads the pending count without it. Callers hold no outbox lock; between
 * {@link #pollNext()} and {@link #keepReadAhead} the caller reads the rows under the database lock, outside this
 * one.
 */
final class SendLine {

    /** A message taken off the pending line: its entry when in memory, else the rows to read (it first). */
    record Polled(Meta meta, Entry inMemory, List<Meta> toRead) {
    }

    private final Map<Long, Meta> stored;
    private final PendingQueue pending;
    private final Set<Long> inFlight;
    private final Set<Long> acked;
    private final ResidentEntries resident;
    private final Map<Long, Entry> readAhead;
    private final Set<Long> inDb;

    SendLine(Map<Long, Meta> stored, PendingQueue pending, Set<Long> inFlight, Set<Long> acked,
            ResidentEntries resident, Map<Long, Entry> readAhead, Set<Long> inDb) {
        this.stored = stored;
        this.pending = pending;
        this.inFlight = inFlight;
        this.acked = acked;
        this.resident = resident;
        this.readAhead = readAhead;
        this.inDb = inDb;
    }

    /**
     * The next pending message (lowest priority number, then oldest), now in flight, with its entry when it is in
     * memory, else with the batch of rows to read: it and the next pending ones in SQLite not read ahead yet (at
     * most {@value DurableOutbox#READ_AHEAD}); null when none is pending.
     */
    Polled pollNext() {
        synchronized (stored) {
            Meta meta = pending.pollFirst();
            if (meta == null) {
                return null;
            }
            inFlight.add(meta.seq());
            Entry inMemory = inMemory(meta);
            if (inMemory != null) {
                return new Polled(meta, inMemory, null);
            }
            List<Meta> batch = new ArrayList<>(DurableOutbox.READ_AHEAD);
            batch.add(meta);
            int looked = 0;
            for (Meta next : pending) { // in send order: those that will be asked for next
                if (batch.size() == DurableOutbox.READ_AHEAD || ++looked > 2 * DurableOutbox.READ_AHEAD) {
                    break; // enough, or the next ones are in memory anyway (new messages of a higher priority)
                }
                if (inDb.contains(next.seq()) && !readAhead.containsKey(next.seq())) {
                    batch.add(next);
                }
            }
            return new Polled(meta, null, batch);
        }
    }

    /** Puts a polled message back in line (its row could not be read). */
    void unpoll(Meta meta) {
        synchronized (stored) {
            inFlight.remove(meta.seq());
            pending.add(meta);
        }
    }

    /**
     * Keeps the rows read with a polled message that are still stored as read ahead (within the bound); puts the
     * polled message back in line when its own row was not among them ({@code found} false).
     */
    void keepReadAhead(Collection<Entry> read, Meta polled, boolean found) {
        synchronized (stored) {
            for (Entry e : read) {
                if (stored.containsKey(e.seq()) && readAhead.size() < DurableOutbox.READ_AHEAD) {
                    readAhead.put(e.seq(), e); // still stored: removed by forget() otherwise
                }
            }
            if (!found) {
                inFlight.remove(polled.seq());
                pending.add(polled);
            }
        }
    }

    /** A pending message's entry if it is in memory (its journal, or read ahead); with the lock held. */
    private Entry inMemory(Meta meta) {
        Entry inJournal = resident.get(meta.seq());
        if (inJournal != null) {
            return withId(inJournal, meta);
        }
        return readAhead.remove(meta.seq());
    }

    private static Entry withId(Entry e, Meta meta) {
        return e.id() != null ? e : new Entry(e.seq(), meta.id(), e.priority(), e.qos(), e.retain(), e.createdMillis(),
                e.expiresMillis(), e.origin(), e.topic(), e.payload());
    }

    /** {@link DurableOutbox#nextCachedToSend()}. */
    Entry pollCached() {
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
            inFlight.add(meta.seq());
            return inMemory;
        }
    }

    /** {@link DurableOutbox#hasPending()}: without the lock. */
    boolean hasPending() {
        return pending.size > 0;
    }

    /** {@link DurableOutbox#returnToPending(long)}. */
    void returnToPending(long seq) {
        synchronized (stored) {
            Meta meta = stored.get(seq);
            if (meta != null && inFlight.remove(seq) && !acked.contains(seq)) {
                pending.add(meta);
            }
        }
    }

    /** {@link DurableOutbox#returnAllToPending()}. */
    int returnAllToPending() {
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
}
