package io.aiosedge.driver.simulated.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the threads of a {@link SimulatedDriver}'s listener executor (daemon threads, prefix plus a counter)
 * and remembers them, so deactivation can wait until each one has ended. Thread-safe without locks.
 */
final class TrackingThreadFactory implements ThreadFactory {
    private final String namePrefix;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    TrackingThreadFactory(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, this.namePrefix + this.count.incrementAndGet());
        thread.setDaemon(true);
        this.threads.add(thread);
        return thread;
    }

    /** @return whether every thread ended within the timeout */
    boolean joinAll(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (Thread thread : this.threads) {
            if (thread == Thread.currentThread()) {
                continue; // deactivated from a listener callback: cannot wait for itself
            }
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                return !thread.isAlive();
            }
            thread.join(leftMs);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
