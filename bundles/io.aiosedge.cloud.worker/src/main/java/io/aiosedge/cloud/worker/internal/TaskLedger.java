package io.aiosedge.cloud.worker.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.aiosedge.api.cloud.OffloadReply;

/**
 * The worker's own idempotency guard: every task id it accepted within the dedup window, with the outcome of its
 * one execution. The cloud-sync connector deduplicates too, but only per connection and only while that
 * connection lives: a worker reached through two endpoints, or whose endpoint was restarted (a configuration
 * change, a bundle update) while a QoS 1 request was being redelivered, would run the task a second time
 * without this ledger.
 *
 * <p>Entries leave the ledger once they are older than the window and finished, or, beyond
 * {@code maxEntries}, oldest finished first. A running entry is never evicted.
 */
final class TaskLedger {

    /** The answer to {@link #claim}: whether the caller executes the task, and the outcome to wait for if not. */
    record Claim(boolean first, CompletableFuture<OffloadReply> outcome) {
    }

    private static final class Entry {
        final long claimedAtMillis;
        final CompletableFuture<OffloadReply> outcome = new CompletableFuture<>();

        Entry(long claimedAtMillis) {
            this.claimedAtMillis = claimedAtMillis;
        }
    }

    private final long windowMillis;
    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(); // guarded by this

    /**
     * @param windowMillis how long a finished task id is remembered, in ms
     * @param maxEntries most task ids remembered; the oldest finished ones go first beyond it
     */
    TaskLedger(long windowMillis, int maxEntries) {
        this.windowMillis = windowMillis;
        this.maxEntries = maxEntries;
    }

    /** Claims a task id at {@code nowMillis}: the first claim within the window executes, later ones wait for it. */
    synchronized Claim claim(String taskId, long nowMillis) {
        evict(nowMillis);
        Entry existing = entries.get(taskId);
        if (existing != null) {
            return new Claim(false, existing.outcome);
        }
        Entry entry = new Entry(nowMillis);
        entries.put(taskId, entry);
        return new Claim(true, entry.outcome);
    }

    /**
     * Records the outcome of the execution that claimed the task. With {@code remember} false the id is
     * forgotten (the task did not run: a retry may run it), but waiting duplicates still get this reply.
     */
    void complete(String taskId, OffloadReply reply, boolean remember) {
        Entry entry;
        synchronized (this) {
            entry = remember ? entries.get(taskId) : entries.remove(taskId);
        }
        if (entry != null) {
            entry.outcome.complete(reply);
        }
    }

    /** Task ids remembered now (running or finished). */
    synchronized int size() {
        return entries.size();
    }

    private void evict(long nowMillis) {
        int excess = entries.size() - maxEntries;
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            Entry entry = it.next().getValue();
            boolean old = nowMillis - entry.claimedAtMillis > windowMillis;
            if (!old && excess <= 0) {
                break; // insertion order: everything after is younger
            }
            if (entry.outcome.isDone()) {
                it.remove();
                excess--;
            }
        }
    }
}
