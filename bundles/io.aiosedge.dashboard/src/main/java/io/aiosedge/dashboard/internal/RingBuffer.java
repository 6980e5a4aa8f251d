package io.aiosedge.dashboard.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's history: the last {@code capacity} samples, oldest first. Bounded so that a gateway running for
 * months holds the same few hundred samples as one started a minute ago; adding to a full buffer drops the oldest.
 * Thread-safe: the sampler's thread adds while the web console's threads read.
 *
 * @param <T> what is kept (immutable values, so a snapshot can be handed out without copying them)
 */
final class RingBuffer<T> {

    private final Object[] slots;
    /** Index of the oldest element. */
    private int head;
    private int size;

    RingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring buffer capacity must be at least 1: " + capacity);
        }
        this.slots = new Object[capacity];
    }

    int capacity() {
        return slots.length;
    }

    synchronized int size() {
        return size;
    }

    /** Appends {@code value}; when full, the oldest element makes room. */
    synchronized void add(T value) {
        if (value == null) {
            throw new IllegalArgumentException("a ring buffer holds no nulls");
        }
        if (size < slots.length) {
            slots[(head + size) % slots.length] = value;
            size++;
        } else {
            slots[head] = value;
            head = (head + 1) % slots.length;
        }
    }

    /** The newest element, or null when empty. */
    @SuppressWarnings("unchecked")
    synchronized T newest() {
        return size == 0 ? null : (T) slots[(head + size - 1) % slots.length];
    }

    /** A copy of the contents, oldest first. */
    @SuppressWarnings("unchecked")
    synchronized List<T> snapshot() {
        List<T> copy = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            copy.add((T) slots[(head + k) % slots.length]);
        }
        return copy;
    }
}
