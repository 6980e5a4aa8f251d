package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the outbox's journals: threads that appended a record and must not return before it is on disk
 * wait here, and one force (fdatasync) serves all of them.
 *
 * <p>The first waiter that finds no force running becomes the <i>leader</i>. Before forcing, it waits briefly for
 * as many threads as the previous force served (at most a quarter of that force's duration, at most
 * {@value #MAX_GATHER_MICROS} µs): under steady load the threads that the previous force released come back
 * with their next record within microseconds, and without that short wait the forces would alternate between
 * one that covers almost every thread and one that covers almost none. A thread whose record the running force
 * already covers waits for that force; one that arrives after the leader captured its target counts towards
 * the next batch.
 *
 * <p>Waiters park on their own and are unparked by the force that covers them; they check the (volatile) durable
 * position before touching the lock again, so the threads one force releases run in parallel instead of queueing
 * for the lock one after another.
 *
 * <p>Why not a dedicated sync thread: it would have to wake a waiter per force anyway, and a leader among the
 * waiters saves that hand-off; the outbox's own threads never wait here.
 */
public final class GroupCommit {

    /** A file that records are appended to; {@link #synced} is written under the group commit's lock. */
    public abstract static class Log {
        private volatile long synced;

        /** Bytes written so far: everything below is covered by a force that starts now. */
        abstract long written();

        /** Forces the file's content (not necessarily its metadata) to the storage device. */
        abstract void force() throws IOException;
    }

    public static final long MAX_GATHER_MICROS = 1000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrivedCondition = lock.newCondition();
    private boolean forcing; // a leader is gathering or forcing
    private Log forcingLog; // while forcing (not gathering): the log and the position its force covers
    private long covering;
    private int arrivals; // waiters not covered by the running force
    private int lastBatch = 1;
    private long lastForceNanos;
    private long forces;
    private long served;
    /** Forces completed; a parked waiter wakes for good when it changes. */
    private volatile long generation;
    private final List<Thread> parked = new ArrayList<>(); // guarded by lock

    /**
     * Returns once the first {@code end} bytes of {@code log} are on disk, forcing it (for every waiter) unless a
     * force that covers them is already running.
     *
     * @throws IOException when the force fails (the record may or may not be on disk)
     */
    public void awaitDurable(Log log, long end) throws IOException {
        boolean counted = false;
        boolean interrupted = false;
        try {
            while (log.synced < end) {
                long seen;
                lock.lock();
                try {
                    if (log.synced >= end) {
                        return;
                    }
                    if (!forcing) {
                        if (!counted) {
                            counted = true;
                            arrivals++;
                        }
                        lead(log);
                        continue;
                    }
                    if (!counted && !(forcingLog == log && end <= covering)) {
                        counted = true;
                        arrivals++;
                        arrivedCondition.signal();
                    }
                    parked.add(Thread.currentThread());
                    seen = generation;
                } finally {
                    lock.unlock();
                }
                while (generation == seen) {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted(); // keep waiting: the record's fate is being decided
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** With the lock held: gathers, forces for every waiter, wakes them. */
    private void lead(Log log) throws IOException {
        forcing = true;
        long gatherNanos = Math.min(lastForceNanos / 4, TimeUnit.MICROSECONDS.toNanos(MAX_GATHER_MICROS));
        long deadline = System.nanoTime() + gatherNanos;
        try {
            while (arrivals < lastBatch) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                arrivedCondition.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // force now; the caller sees the flag
        }
        long target = log.written();
        int batch = arrivals;
        arrivals = 0;
        forcingLog = log;
        covering = target;
        IOException failure = null;
        long started = System.nanoTime();
        lock.unlock();
        try {
            log.force();
        } catch (IOException e) {
            failure = e;
        } finally {
            lock.lock();
            lastForceNanos = System.nanoTime() - started;
            lastBatch = Math.max(1, batch);
            forcing = false;
            forcingLog = null;
            forces++;
            served += batch;
            if (failure == null && target > log.synced) {
                log.synced = target;
            }
            if (failure != null && log.synced >= target) {
                failure = null; // another force (a rotation's) covered it while this one failed on the closed file
            }
            wakeAll();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Forces {@code log} now on the caller's thread (rotation, checkpoint, close) and releases the waiters it
     * covers.
     */
    public void forceNow(Log log) throws IOException {
        long target = log.written();
        lock.lock();
        try {
            if (log.synced >= target) {
                return;
            }
        } finally {
            lock.unlock();
        }
        log.force();
        lock.lock();
        try {
            if (target > log.synced) {
                log.synced = target;
            }
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: every parked waiter checks again (a force completed). */
    private void wakeAll() {
        generation++;
        for (Thread waiter : parked) {
            LockSupport.unpark(waiter);
        }
        parked.clear();
    }

    /** Forces run by waiters and the waiters they served, for status displays and tests. */
    public long[] counts() {
        lock.lock();
        try {
            return new long[] {forces, served};
        } finally {
            lock.unlock();
        }
    }
}
