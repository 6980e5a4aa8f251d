package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Acknowledgements that do not block the appending thread: {@link #whenDurable} returns a future that completes
 * once a force covers the record, so that one publisher thread can have many records on their way to the disk
 * and one force serves all of them (the blocking mode's group commit serves at most one record per waiting
 * thread).
 *
 * <p>One thread of its own ({@code <name>}), started with the first wait and stopped by {@link #close()}, takes
 * every wait queued so far, forces each log once up to the furthest record waited for (through the same
 * {@link Forcer} as the blocking waiters, so a force that either side started serves the other), completes the
 * futures it covered, and takes the next batch: while one force runs, the next batch gathers. Futures complete on
 * that thread: dependent actions must be quick or use the {@code *Async} forms of {@link CompletableFuture}.
 *
 * <p>A failed force completes the futures it was to cover exceptionally (the records may or may not be on disk).
 * {@link #close()} stops taking waits, forces what is queued and completes it, then joins the thread; a wait
 * after that is forced on the caller's thread.
 */
final class DurableWaits implements AutoCloseable {

    /** Returns once the first {@code end} bytes of {@code log} are on disk. */
    @FunctionalInterface
    interface Forcer {
        void awaitDurable(GroupCommit.Log log, long end) throws IOException;
    }

    private record Wait(GroupCommit.Log log, long end, CompletableFuture<Void> done) {
    }

    private final String threadName;
    private final Forcer forcer;
    private final ArrayDeque<Wait> queue = new ArrayDeque<>(); // guarded by this
    private Thread thread; // guarded by this; started with the first wait
    private boolean closed; // guarded by this
    private long forces; // guarded by this
    private long completed; // guarded by this

    DurableWaits(String threadName, Forcer forcer) {
        this.threadName = threadName;
        this.forcer = forcer;
    }

    /** A future that completes once the first {@code end} bytes of {@code log} are on disk. */
    CompletableFuture<Void> whenDurable(GroupCommit.Log log, long end) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (!closed) {
                queue.add(new Wait(log, end, done));
                if (thread == null) {
                    thread = new Thread(this::run, threadName);
                    thread.setDaemon(true);
                    thread.start();
                } else if (queue.size() == 1) {
                    notifyAll();
                }
                return done;
            }
        }
        force(List.of(new Wait(log, end, done))); // closed: on the caller's thread
        return done;
    }

    /** Forces run for waits and futures completed, for status displays and tests. */
    synchronized long[] counts() {
        return new long[] {forces, completed};
    }

    private void run() {
        while (true) {
            List<Wait> batch;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // only close() ends this thread: the queued futures must be completed first
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            force(batch);
        }
    }

    /** Forces each log of {@code batch} once, up to its furthest record, and completes the futures. */
    private void force(List<Wait> batch) {
        Map<GroupCommit.Log, List<Wait>> byLog = new LinkedHashMap<>();
        for (Wait w : batch) {
            byLog.computeIfAbsent(w.log(), k -> new ArrayList<>()).add(w);
        }
        for (Map.Entry<GroupCommit.Log, List<Wait>> e : byLog.entrySet()) {
            long end = 0;
            for (Wait w : e.getValue()) {
                end = Math.max(end, w.end());
            }
            IOException failure = null;
            try {
                forcer.awaitDurable(e.getKey(), end);
            } catch (IOException | RuntimeException ex) {
                failure = ex instanceof IOException io ? io : new IOException(ex.getMessage(), ex);
            }
            synchronized (this) {
                forces++;
                completed += e.getValue().size();
            }
            for (Wait w : e.getValue()) {
                if (failure == null) {
                    w.done().complete(null);
                } else {
                    w.done().completeExceptionally(failure);
                }
            }
        }
    }

    /** Completes what is queued (forcing it), then stops the thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true; // the queued futures are being completed: wait for that
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
