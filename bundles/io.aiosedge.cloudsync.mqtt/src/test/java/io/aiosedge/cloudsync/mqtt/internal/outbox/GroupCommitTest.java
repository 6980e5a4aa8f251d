package io.aiosedge.cloudsync.mqtt.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Group commit: every waiter returns only once a force covered its record, and concurrent waiters share forces. */
class GroupCommitTest {

    /** A log whose force takes a while and remembers what it covered. */
    static final class SlowLog extends GroupCommit.Log {
        final AtomicLong end = new AtomicLong();
        final AtomicLong forcedUpTo = new AtomicLong();
        final AtomicInteger forces = new AtomicInteger();
        final AtomicInteger failuresToCome = new AtomicInteger();

        /** Appends {@code bytes}; returns the new end. */
        long write(int bytes) {
            return end.addAndGet(bytes);
        }

        @Override
        long written() {
            return end.get();
        }

        @Override
        void force() throws IOException {
            long covering = end.get();
            forces.incrementAndGet();
            try {
                Thread.sleep(2); // a disk flush
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("disk gone");
            }
            forcedUpTo.accumulateAndGet(covering, Math::max);
        }
    }

    @Test
    void concurrentWaitersShareForcesAndEachReturnsOnlyWhenCovered() throws Exception {
        GroupCommit commit = new GroupCommit();
        SlowLog log = new SlowLog();
        int threads = 16;
        int perThread = 40;
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        long end = log.write(100);
                        commit.awaitDurable(log, end);
                        if (log.forcedUpTo.get() < end) {
                            violations.add("returned at " + log.forcedUpTo.get() + " before " + end + " was forced");
                        }
                    }
                } catch (Exception e) {
                    violations.add(e.toString());
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        assertThat(violations).isEmpty();
        int waits = threads * perThread;
        // 16 threads waiting on 2 ms forces: most forces serve many of them
        assertThat(log.forces.get()).isLessThan(waits / 4);
    }

    @Test
    void aFailedForceReachesTheWaiterAndTheNextWaitForcesAgain() throws Exception {
        GroupCommit commit = new GroupCommit();
        SlowLog log = new SlowLog();
        log.failuresToCome.set(1);
        long end = log.write(10);
        assertThatThrownBy(() -> commit.awaitDurable(log, end)).isInstanceOf(IOException.class)
                .hasMessage("disk gone");
        commit.awaitDurable(log, end);
        assertThat(log.forcedUpTo.get()).isEqualTo(end);
        assertThat(log.forces.get()).isEqualTo(2);
    }

    @Test
    void whatAForceNowCoveredNeedsNoOtherForce() throws Exception {
        GroupCommit commit = new GroupCommit();
        SlowLog log = new SlowLog();
        long end = log.write(10);
        commit.forceNow(log);
        commit.awaitDurable(log, end);
        commit.forceNow(log); // nothing new: no force
        assertThat(log.forces.get()).isEqualTo(1);
    }

    @Test
    void anInterruptedWaiterStillWaitsForItsForceAndKeepsTheFlag() throws Exception {
        GroupCommit commit = new GroupCommit();
        SlowLog log = new SlowLog();
        long first = log.write(10);
        Thread leader = new Thread(() -> {
            try {
                commit.awaitDurable(log, first);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        leader.start();
        boolean[] flag = new boolean[1];
        long[] forcedWhenReturned = new long[1];
        long second = log.write(10);
        Thread waiter = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                commit.awaitDurable(log, second);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            forcedWhenReturned[0] = log.forcedUpTo.get();
            flag[0] = Thread.currentThread().isInterrupted();
        });
        waiter.start();
        leader.join(10_000);
        waiter.join(10_000);
        assertThat(forcedWhenReturned[0]).isGreaterThanOrEqualTo(second);
        assertThat(flag[0]).isTrue();
    }
}
