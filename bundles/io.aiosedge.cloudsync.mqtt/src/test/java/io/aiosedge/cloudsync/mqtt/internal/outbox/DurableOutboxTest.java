package io.aiosedge.cloudsync.mqtt.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableOutboxTest {

    @TempDir
    Path dir;

    static DurableOutbox.Entry append(DurableOutbox outbox, int priority, String text) throws KuraStoreException {
        return outbox.append(new DurableOutbox.Draft(priority, 1, false, "t/" + text, "origin", 0), 1000,
                seq -> text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(DurableOutbox.Entry entry) {
        return new String(entry.payload(), StandardCharsets.UTF_8);
    }

    static List<String> drain(DurableOutbox outbox) throws KuraStoreException {
        List<String> sent = new ArrayList<>();
        DurableOutbox.Entry e;
        while ((e = outbox.nextToSend()) != null) {
            sent.add(text(e));
        }
        return sent;
    }

    @Test
    void handsOutByPriorityThenAge() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            append(outbox, 5, "a");
            append(outbox, 1, "b");
            append(outbox, 5, "c");
            append(outbox, 0, "d");
            append(outbox, 1, "e");
            assertThat(drain(outbox)).containsExactly("d", "b", "e", "a", "c");
            assertThat(outbox.inFlightCount()).isEqualTo(5);
        }
    }

    @Test
    void survivesReopenWithIdsAndOrderAndNeverReusesAnId() throws Exception {
        Set<String> ids = new HashSet<>();
        String storeId;
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            storeId = outbox.storeId();
            for (int i = 0; i < 5; i++) {
                ids.add(append(outbox, 3, "m" + i).id());
            }
            DurableOutbox.Entry first = outbox.nextToSend(); // in flight, never acknowledged
            assertThat(text(first)).isEqualTo("m0");
            DurableOutbox.Entry second = outbox.nextToSend();
            assertThat(outbox.remove(List.of(second.seq()))).hasSize(1);
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            assertThat(outbox.storeId()).isEqualTo(storeId);
            assertThat(outbox.size()).isEqualTo(4);
            assertThat(drain(outbox)).containsExactly("m0", "m2", "m3", "m4");
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) { // empty it: the next id must still be new
            List<Long> seqs = new ArrayList<>();
            DurableOutbox.Entry e;
            while ((e = outbox.nextToSend()) != null) {
                seqs.add(e.seq());
            }
            outbox.remove(seqs);
            assertThat(outbox.size()).isZero();
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            String fresh = append(outbox, 3, "new").id();
            assertThat(ids).doesNotContain(fresh);
            assertThat(fresh).startsWith(storeId + "-");
        }
    }

    @Test
    void removeReportsEachMessageOnce() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            DurableOutbox.Entry e = append(outbox, 3, "x");
            assertThat(outbox.remove(List.of(e.seq(), e.seq()))).hasSize(1);
            assertThat(outbox.remove(List.of(e.seq()))).isEmpty();
        }
    }

    @Test
    void capacityRejectsOrdinaryPrioritiesButNotZeroAndOne() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 3, 0)) {
            append(outbox, 5, "a");
            append(outbox, 5, "b");
            append(outbox, 2, "c");
            assertThatThrownBy(() -> append(outbox, 2, "d")).isInstanceOf(KuraStoreCapacityReachedException.class)
                    .hasMessageContaining("capacity 3");
            append(outbox, 1, "urgent");
            append(outbox, 0, "critical");
            assertThat(outbox.size()).isEqualTo(5);
            outbox.setCapacity(10);
            append(outbox, 5, "fits again");
        }
    }

    @Test
    void returnedMessagesKeepTheirPlace() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            append(outbox, 3, "a");
            append(outbox, 3, "b");
            append(outbox, 3, "c");
            DurableOutbox.Entry a = outbox.nextToSend();
            outbox.nextToSend();
            assertThat(outbox.returnAllToPending()).isEqualTo(2);
            assertThat(drain(outbox)).containsExactly("a", "b", "c");
            outbox.returnToPending(a.seq());
            assertThat(drain(outbox)).containsExactly("a");
        }
    }

    @Test
    void purgesByAgeAndExpiryButNotWhatIsInFlight() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            outbox.append(new DurableOutbox.Draft(3, 1, false, "t", "", 0), 1000, s -> new byte[1]);
            outbox.append(new DurableOutbox.Draft(3, 1, false, "t", "", 0), 2000, s -> new byte[1]);
            outbox.append(new DurableOutbox.Draft(3, 1, false, "t", "", 0), 3000, s -> new byte[1]);
            outbox.append(new DurableOutbox.Draft(3, 1, false, "t", "", 5000), 4000, s -> new byte[1]);
            DurableOutbox.Entry inFlight = outbox.nextToSend(); // created 1000
            assertThat(outbox.purgeCreatedBefore(2500)).extracting(DurableOutbox.Meta::createdMillis).containsExactly(2000L);
            assertThat(outbox.purgeExpired(4999)).isEmpty();
            assertThat(outbox.purgeExpired(5001)).extracting(DurableOutbox.Meta::createdMillis).containsExactly(4000L);
            assertThat(outbox.size()).isEqualTo(2);
            assertThat(outbox.remove(List.of(inFlight.seq()))).hasSize(1);
        }
    }

    @Test
    void concurrentAppendsAreAllStoredInSequenceOrderPerThread() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100_000, 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        append(outbox, 4, thread + ":" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            List<String> sent = drain(outbox);
            assertThat(sent).hasSize(800).doesNotHaveDuplicates();
            for (int t = 0; t < 4; t++) {
                String prefix = t + ":";
                List<Integer> mine = new ArrayList<>();
                for (String s : sent) {
                    if (s.startsWith(prefix)) {
                        mine.add(Integer.parseInt(s.substring(prefix.length())));
                    }
                }
                List<Integer> sorted = new ArrayList<>(mine);
                Collections.sort(sorted);
                assertThat(mine).as("thread %d in publish order", t).isEqualTo(sorted).hasSize(200);
            }
        }
    }

    @Test
    void aSecondOpenerOfTheSameDirectoryIsRefused() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            assertThatThrownBy(() -> DurableOutbox.open(dir, 100, 0)).isInstanceOf(KuraStoreException.class)
                    .hasMessageContaining("in use by another endpoint");
        }
        DurableOutbox.open(dir, 100, 0).close(); // free again after close
    }

    @Test
    void periodicSyncModeStoresAndCheckpoints() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 200)) {
            append(outbox, 3, "a");
            outbox.checkpoint();
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            assertThat(drain(outbox)).containsExactly("a");
        }
    }

    @Test
    void closedOutboxRefusesAppends() throws Exception {
        DurableOutbox outbox = DurableOutbox.open(dir, 100, 0);
        outbox.close();
        assertThatThrownBy(() -> append(outbox, 3, "late")).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("closed");
    }
}
