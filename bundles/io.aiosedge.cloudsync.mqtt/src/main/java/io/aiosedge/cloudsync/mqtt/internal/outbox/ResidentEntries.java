package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;

/**
 * The entries whose record is in a live journal, by sequence: a ring of slots indexed by {@code seq - first}.
 * Entries are added in increasing sequence order (appends take their sequence and add it under the journal
 * lock), removed in any order, and leave from the front when their journal moves; so a lookup is an array index
 * instead of a tree descent (the tree was a few percent of the publish path's CPU). The span between the oldest
 * and the newest entry is bounded by the live journals (a sealed journal moves out after
 * {@value DurableOutbox#MAX_SEALED_JOURNALS} more), so the ring stays within a few hundred thousand slots.
 *
 * <p>Not thread-safe: used under the outbox's index lock.
 */
final class ResidentEntries {

    private static final int MIN_CAPACITY = 1024;

    private Entry[] ring = new Entry[MIN_CAPACITY];
    /** The sequence in slot {@code head}; nothing below it is held. */
    private long first;
    private int head;
    /** Slots from {@code head} on that are in use (held or removed but not yet passed by the front). */
    private int span;
    private int size;

    /** Adds the entry of a new message; its sequence is above every sequence added before. */
    void add(Entry entry) {
        long seq = entry.seq();
        if (size == 0) {
            first = seq;
            head = 0;
            span = 0;
        } else if (seq < first + span) {
            throw new IllegalArgumentException("sequence " + seq + " added after " + (first + span - 1));
        }
        long newSpan = seq - first + 1;
        if (newSpan > Integer.MAX_VALUE / 2) {
            throw new IllegalStateException("resident sequences span more than " + Integer.MAX_VALUE / 2);
        }
        if (newSpan > ring.length) {
            resize((int) newSpan);
        }
        ring[slot(seq)] = entry;
        span = (int) newSpan;
        size++;
    }

    Entry get(long seq) {
        return seq < first || seq >= first + span ? null : ring[slot(seq)];
    }

    boolean contains(long seq) {
        return get(seq) != null;
    }

    /** Removes the entry of {@code seq}, if held. */
    void remove(long seq) {
        if (seq < first || seq >= first + span) {
            return;
        }
        int i = slot(seq);
        if (ring[i] == null) {
            return;
        }
        ring[i] = null;
        size--;
        if (seq == first) {
            advanceFront();
        }
        if (ring.length > MIN_CAPACITY && span < ring.length / 8) {
            resize(Math.max(MIN_CAPACITY, span * 2));
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The lowest sequence held; only when not empty. */
    long firstSeq() {
        return first;
    }

    /** Calls {@code action} with each entry up to {@code lastSeq} (inclusive), in sequence order. */
    void forEachUpTo(long lastSeq, Consumer<Entry> action) {
        long end = Math.min(lastSeq, first + span - 1);
        for (long seq = first; size > 0 && seq <= end; seq++) {
            Entry e = ring[slot(seq)];
            if (e != null) {
                action.accept(e);
            }
        }
    }

    /** Removes every entry up to {@code lastSeq} (inclusive); returns their sequences in order. */
    List<Long> removeUpTo(long lastSeq) {
        List<Long> removed = new ArrayList<>();
        forEachUpTo(lastSeq, e -> removed.add(e.seq()));
        for (Long seq : removed) {
            remove(seq);
        }
        return removed;
    }

    private int slot(long seq) {
        return (int) ((head + (seq - first)) & (ring.length - 1));
    }

    /** Moves the front past removed slots; the ring is empty when nothing is held. */
    private void advanceFront() {
        if (size == 0) {
            first += span;
            head = 0;
            span = 0;
            return;
        }
        while (ring[head] == null) {
            head = (head + 1) & (ring.length - 1);
            first++;
            span--;
        }
    }

    /** A ring of the next power of two at or above {@code needed} slots, the entries copied in order. */
    private void resize(int needed) {
        int capacity = Integer.highestOneBit(Math.max(MIN_CAPACITY, needed) - 1) << 1;
        Entry[] next = new Entry[capacity];
        for (int k = 0; k < span; k++) {
            next[k] = ring[(head + k) & (ring.length - 1)];
        }
        ring = next;
        head = 0;
    }
}
