package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.util.Collections;
import java.util.Iterator;
import java.util.TreeSet;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;

/**
 * The messages waiting to be sent, in send order (lowest priority number, then oldest); guarded by the outbox's
 * index lock, except {@link #size}, which is published for lock-free reads.
 */
final class PendingQueue implements Iterable<Meta> {

    private final TreeSet<Meta> order = new TreeSet<>((a, b) -> a.priority() != b.priority()
            ? Integer.compare(a.priority(), b.priority()) : Long.compare(a.seq(), b.seq()));
    volatile int size;

    boolean add(Meta meta) {
        boolean added = order.add(meta);
        size = order.size();
        return added;
    }

    boolean remove(Meta meta) {
        boolean removed = order.remove(meta);
        size = order.size();
        return removed;
    }

    Meta pollFirst() {
        Meta first = order.pollFirst();
        size = order.size();
        return first;
    }

    Meta first() {
        return order.first();
    }

    Meta last() {
        return order.last();
    }

    Meta ceiling(Meta meta) {
        return order.ceiling(meta);
    }

    boolean isEmpty() {
        return order.isEmpty();
    }

    /** Read-only iteration (removing through it would leave {@link #size} stale). */
    @Override
    public Iterator<Meta> iterator() {
        return Collections.unmodifiableSet(order).iterator();
    }
}
