package io.aiosedge.cloudsync.mqtt.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.aiosedge.cloudsync.mqtt.internal.outbox.GroupCommitTest.SlowLog;

/**
 * Acknowledgements that do not block: a future completes only once a force covered its record, one force serves
 * many records, a failed force fails exactly the futures it was to cover, and close completes what is queued and
 * stops the thread.
 */
class DurableWaitsTest {

    private static final String THREAD = "test-outbox-fsync";

    @Test
    void eachFutureCompletesOnlyOnceAForceCoveredItAndForcesAreShared() throws Exception {
        GroupCommit commit = new GroupCommit();
        SlowLog log = new SlowLog();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (DurableWaits waits = new DurableWaits(THREAD, commit::awaitDurable)) {
            for (int i = 0; i < 2_000; i++) {
                long end = log.write(100);
                CompletableFuture<Void> f = waits.whenDurable(log, end);
                all.add(f.whenComplete((ok, e) -> {
                    if (log.forcedUpTo.get() < end) {
                        violations.add("record ending at " + end + " acknowledged with " + log.forcedUpTo.get()
                                + " forced");
                    }
                }));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
            assertThat(violations).isEmpty();
            long[] counts = waits.counts();
            assertThat(counts[1]).isEqualTo(2_000);
            // 2,000 records appended far faster than one 2 ms force: a handful of forces serve them all
            assertThat(log.forces.get()).isLessThan(200);
        }
    }

    @Test
    void aFailedForceFailsTheFuturesItWasToCoverAndTheNextOnesSucceed() throws Exception {
        GroupCommit commit = new GroupCommit();
        SlowLog log = new SlowLog();
        log.failuresToCome.set(1);
        try (DurableWaits waits = new DurableWaits(THREAD, commit::awaitDurable)) {
            CompletableFuture<Void> first = waits.whenDurable(log, log.write(10));
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> first.get(10, TimeUnit.SECONDS));
            assertThat(failed.getCause()).isInstanceOf(IOException.class).hasMessageContaining("disk gone");
            CompletableFuture<Void> second = waits.whenDurable(log, log.write(10));
            second.get(10, TimeUnit.SECONDS);
            assertThat(log.forcedUpTo.get()).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void closeCompletesWhatIsQueuedStopsTheThreadAndLaterWaitsAreForcedOnTheCaller() throws Exception {
        GroupCommit commit = new GroupCommit();
        SlowLog log = new SlowLog();
        DurableWaits waits = new DurableWaits(THREAD, commit::awaitDurable);
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            queued.add(waits.whenDurable(log, log.write(8)));
        }
        waits.close();
        for (CompletableFuture<Void> f : queued) {
            assertThat(f).isCompleted();
            assertThat(f.isCompletedExceptionally()).isFalse();
        }
        assertThat(log.forcedUpTo.get()).isEqualTo(log.end.get());
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(THREAD));
        long end = log.write(8);
        CompletableFuture<Void> late = waits.whenDurable(log, end);
        assertThat(late).isCompleted(); // forced on this thread before returning
        assertThat(log.forcedUpTo.get()).isGreaterThanOrEqualTo(end);
    }
}
