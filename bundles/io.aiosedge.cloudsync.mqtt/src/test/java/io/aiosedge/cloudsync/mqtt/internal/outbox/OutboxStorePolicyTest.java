package io.aiosedge.cloudsync.mqtt.internal.outbox;

import static io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutboxTest.append;
import static io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutboxTest.drain;
import static io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutboxTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full-store policies, their counters, the journal tier (recovery, torn tails, moves) and bounded disk use. */
class OutboxStorePolicyTest {

    @TempDir
    Path dir;

    static DurableOutbox.Limits limits(int capacity, long bytes, FullPolicy policy) {
        return new DurableOutbox.Limits(capacity, bytes, policy);
    }

    @Test
    void refusePolicyKeepsWhatIsStoredAndCountsRefusalsByPriority() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(2, 1 << 20, FullPolicy.REFUSE), 100)) {
            append(outbox, 5, "a");
            append(outbox, 7, "b");
            assertThatThrownBy(() -> append(outbox, 7, "c")).isInstanceOf(KuraStoreCapacityReachedException.class)
                    .hasMessageContaining("outbox.capacity 2").hasMessageContaining("outbox.full.policy=refuse");
            assertThatThrownBy(() -> append(outbox, 3, "d")).isInstanceOf(KuraStoreCapacityReachedException.class);
            append(outbox, 1, "exempt");
            DurableOutbox.Stats s = outbox.stats();
            assertThat(s.refusedByPriority()).isEqualTo(Map.of(3, 1L, 7, 1L));
            assertThat(s.dropped()).isZero();
            assertThat(drain(outbox)).containsExactly("exempt", "a", "b");
        }
    }

    @Test
    void dropOldestDropsTheOldestOfTheLowestPriorityButNeverAMoreImportantMessage() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(3, 1 << 20, FullPolicy.DROP_OLDEST),
                100)) {
            append(outbox, 5, "a");
            append(outbox, 7, "b");
            append(outbox, 7, "c");
            append(outbox, 5, "d"); // drops b
            assertThatThrownBy(() -> append(outbox, 9, "e")).isInstanceOf(KuraStoreCapacityReachedException.class)
                    .hasMessageContaining("drop-oldest").hasMessageContaining("nothing of priority 9 or lower");
            append(outbox, 7, "f"); // drops c
            DurableOutbox.Stats s = outbox.stats();
            assertThat(s.droppedByPriority()).isEqualTo(Map.of(7, 2L));
            assertThat(s.refusedByPriority()).isEqualTo(Map.of(9, 1L));
            assertThat(s.stored()).isEqualTo(3);
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 10, 100)) { // the drops were recorded on disk
            assertThat(drain(outbox)).containsExactly("a", "d", "f");
        }
    }

    @Test
    void aByteLimitBoundsTheStoreWhateverTheMessageCount() throws Exception {
        byte[] tenKiB = new byte[10 * 1024];
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(1000, 64 * 1024, FullPolicy.REFUSE),
                100)) {
            int accepted = 0;
            try {
                for (int i = 0; i < 10; i++) {
                    outbox.append(new DurableOutbox.Draft(5, 1, false, "t", "", 0), 1, seq -> tenKiB);
                    accepted++;
                }
            } catch (KuraStoreCapacityReachedException e) {
                assertThat(e).hasMessageContaining("outbox.capacity.bytes 65536");
            }
            assertThat(accepted).isEqualTo(6);
            assertThat(outbox.stats().storedBytes()).isLessThanOrEqualTo(64 * 1024);
        }
    }

    @Test
    void acknowledgedMessagesDoNotCountAgainstTheCapacity() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 2, 100)) {
            DurableOutbox.Entry a = append(outbox, 5, "a");
            append(outbox, 5, "b");
            assertThat(outbox.nextToSend().seq()).isEqualTo(a.seq());
            outbox.markAcknowledged(List.of(a.seq())); // removal not on disk yet
            append(outbox, 5, "c");
            assertThat(outbox.flushAcknowledged()).extracting(DurableOutbox.Meta::seq).containsExactly(a.seq());
        }
    }

    @Test
    void theJournalIsReplayedAtOpenUpToATornRecord() throws Exception {
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            append(outbox, 5, "a");
            DurableOutbox.Entry b = append(outbox, 5, "b");
            append(outbox, 5, "c");
            outbox.remove(List.of(b.seq()));
        }
        Path journal = journals().get(journals().size() - 1);
        // a record cut short by a crash, right after the last one: a length and checksum, then fewer bytes than
        // announced (the slot's zeros follow)
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer torn = ByteBuffer.allocate(20).putInt(400).putInt(12345).putLong(99).putInt(7);
            torn.flip();
            ch.write(torn, endOfRecords(ch));
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 100, 0)) {
            assertThat(drain(outbox)).containsExactly("a", "c");
            assertThat(journals()).hasSize(1); // replayed into the database, old journals deleted
            assertThat(outbox.stats().inDatabase()).isEqualTo(2);
        }
    }

    @Test
    void sealedJournalsWhoseMessagesAllLeftAreFreedAtOnceAndTheirSlotsReused() throws Exception {
        byte[] kib = new byte[1024];
        // 512 KiB of capacity gives 16 KiB journals: 300 KiB make about 20 of them
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(1000, 512 * 1024, FullPolicy.REFUSE), 100)) {
            for (int i = 0; i < 300; i++) {
                int n = i;
                outbox.append(new DurableOutbox.Draft(4, 1, false, "t/" + n, "", 0), n, seq -> kib);
                DurableOutbox.Entry sent = outbox.nextToSend();
                if (i % 10 != 9) {
                    outbox.markAcknowledged(sent.seq()); // every tenth stays in flight for a while
                }
                if (i % 10 == 9) {
                    outbox.markAcknowledged(sent.seq());
                    outbox.flushAcknowledged();
                    assertThat(outbox.stats().journals()).as("sealed journals kept after message %d", n)
                            .isLessThanOrEqualTo(2);
                }
            }
            assertThat(outbox.stats().inDatabase()).as("nothing had to move into SQLite").isZero();
            assertThat(journals()).as("slot files: the current, one sealed at most, free ones")
                    .hasSizeLessThanOrEqualTo(2 + JournalFiles.MAX_FREE_SLOTS);
            assertThat(outbox.stats().stored()).isZero();
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 1000, 100)) {
            assertThat(drain(outbox)).as("the freed journals are not replayed").isEmpty();
            assertThat(outbox.stats().stored()).isZero();
        }
    }

    @Test
    void aSealedJournalHoldingAnUnacknowledgedMessageIsKeptAndReplayed() throws Exception {
        byte[] kib = new byte[1024];
        long first;
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(1000, 512 * 1024, FullPolicy.REFUSE), 100)) {
            first = outbox.append(new DurableOutbox.Draft(4, 1, false, "t/first", "", 0), 0, seq -> kib).seq();
            outbox.nextToSend(); // in flight, never acknowledged
            for (int i = 1; i < 60; i++) {
                int n = i;
                outbox.append(new DurableOutbox.Draft(4, 1, false, "t/" + n, "", 0), n, seq -> kib);
                outbox.markAcknowledged(outbox.nextToSend().seq());
                outbox.flushAcknowledged();
            }
            assertThat(outbox.stats().journals()).as("the first journal and all after it are kept").isGreaterThan(3);
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 1000, 100)) {
            DurableOutbox.Entry e = outbox.nextToSend();
            assertThat(e.seq()).isEqualTo(first);
            assertThat(outbox.nextToSend()).as("only the unacknowledged one").isNull();
        }
    }

    @Test
    void fullJournalsMoveIntoTheDatabaseKeepingOrderAndIds() throws Exception {
        byte[] kib = new byte[1024];
        List<Long> seqs = new ArrayList<>();
        // 512 KiB of capacity gives 16 KiB journals: 300 KiB fill more than the sealed ones kept
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(1000, 512 * 1024, FullPolicy.REFUSE),
                100)) {
            for (int i = 0; i < 300; i++) {
                int n = i;
                seqs.add(outbox.append(new DurableOutbox.Draft(i % 2 == 0 ? 4 : 6, 1, false, "t/" + n, "", 0), n,
                        seq -> kib).seq());
            }
            assertThat(outbox.stats().inDatabase()).isPositive();
            assertThat(outbox.stats().journals()).isLessThanOrEqualTo(DurableOutbox.MAX_SEALED_JOURNALS + 1);
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 1000, 100)) {
            List<Long> sent = new ArrayList<>();
            DurableOutbox.Entry e;
            while ((e = outbox.nextToSend()) != null) {
                sent.add(e.seq());
                assertThat(e.topic()).isEqualTo("t/" + seqs.indexOf(e.seq()));
                assertThat(e.payload()).hasSize(1024);
            }
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 300; i += 2) {
                expected.add(seqs.get(i));
            }
            for (int i = 1; i < 300; i += 2) {
                expected.add(seqs.get(i));
            }
            assertThat(sent).isEqualTo(expected);
        }
    }

    @Test
    void aDrainFromTheDatabaseReadsAheadWithoutHandingOutWhatLeftMeanwhile() throws Exception {
        List<DurableOutbox.Entry> stored = new ArrayList<>();
        try (DurableOutbox outbox = DurableOutbox.open(dir, 1000, 100)) {
            for (int i = 0; i < 600; i++) {
                stored.add(append(outbox, 5, "m" + i));
            }
        }
        try (DurableOutbox outbox = DurableOutbox.open(dir, 1000, 100)) { // all 600 in SQLite now
            assertThat(outbox.stats().inDatabase()).isEqualTo(600);
            assertThat(text(outbox.nextToSend())).isEqualTo("m0"); // reads the next ones ahead
            outbox.remove(List.of(stored.get(1).seq(), stored.get(300).seq())); // read ahead, and not yet read
            append(outbox, 2, "urgent"); // a higher priority goes first, read ahead or not
            List<String> expected = new ArrayList<>(List.of("urgent"));
            for (int i = 2; i < 600; i++) {
                if (i != 300) {
                    expected.add("m" + i);
                }
            }
            assertThat(drain(outbox)).isEqualTo(expected);
            assertThat(outbox.nextCachedToSend()).isNull();
        }
    }

    @Test
    void aDrainedDatabaseGivesItsSpaceBack() throws Exception {
        byte[] kib = new byte[1024];
        Path db = dir.resolve("outbox.db");
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(100_000, 8 << 20, FullPolicy.REFUSE),
                100)) {
            for (int i = 0; i < 6000; i++) { // 6 MiB: all but the last eight 128 KiB journals move into SQLite
                outbox.append(new DurableOutbox.Draft(5, 1, false, "t", "", 0), i, seq -> kib);
            }
            outbox.checkpoint();
            long full = Files.size(db);
            assertThat(full).isGreaterThan(4 << 20);
            List<Long> acked = new ArrayList<>();
            DurableOutbox.Entry e;
            int removed = 0;
            while ((e = outbox.nextToSend()) != null) {
                acked.add(e.seq());
                if (acked.size() == 256) { // as the acker removes them
                    outbox.markAcknowledged(acked);
                    outbox.flushAcknowledged();
                    acked.clear();
                    removed += 256;
                    if (removed == 256 * 12) { // half-way: no vacuum moves pages under the drain's reads
                        assertThat(Files.size(db)).as("database half-way through the drain").isEqualTo(full);
                    }
                }
            }
            outbox.markAcknowledged(acked);
            outbox.flushAcknowledged();
            outbox.checkpoint(); // the WAL into the file, which shrinks with it
            assertThat(outbox.size()).isZero();
            assertThat(Files.size(db)).as("database after the drain, was %d", full).isLessThan(full / 4);
        }
    }

    @Test
    void journalSlotsAreReusedAcrossManyRotations() throws Exception {
        byte[] kib = new byte[1024];
        // 512 KiB of capacity gives 16 KiB journals: 3,000 messages of 1 KiB fill about two hundred journals
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(100_000, 512 * 1024, FullPolicy.REFUSE),
                100)) {
            for (int i = 0; i < 3000; i++) {
                DurableOutbox.Entry e = outbox.append(new DurableOutbox.Draft(5, 1, false, "t", "", 0), i, seq -> kib);
                assertThat(outbox.nextToSend().seq()).isEqualTo(e.seq());
                outbox.markAcknowledged(List.of(e.seq()));
                outbox.flushAcknowledged();
            }
            assertThat(journals()).hasSizeLessThanOrEqualTo(DurableOutbox.MAX_SEALED_JOURNALS + 1
                    + JournalFiles.MAX_FREE_SLOTS);
            assertThat(outbox.size()).isZero();
        }
    }

    @Test
    void diskUseStaysBoundedOverManyFillAndDrainCycles() throws Exception {
        long capacityBytes = 512 * 1024;
        byte[] payload = new byte[1000];
        Set<String> ids = new HashSet<>();
        long maxDisk = 0;
        try (DurableOutbox outbox = DurableOutbox.open(dir, limits(100_000, capacityBytes,
                FullPolicy.DROP_OLDEST), 100)) {
            for (int round = 0; round < 12; round++) {
                for (int i = 0; i < 600; i++) { // more than the capacity: the oldest are dropped
                    ids.add(outbox.append(new DurableOutbox.Draft(5, 1, false, "t", "", 0), 1, seq -> payload).id());
                }
                maxDisk = Math.max(maxDisk, outbox.diskBytes());
                List<Long> sent = new ArrayList<>();
                DurableOutbox.Entry e;
                while ((e = outbox.nextToSend()) != null) {
                    sent.add(e.seq());
                }
                outbox.markAcknowledged(sent);
                outbox.flushAcknowledged();
                maxDisk = Math.max(maxDisk, outbox.diskBytes());
            }
            assertThat(ids).hasSize(12 * 600);
            assertThat(outbox.stats().dropped()).isPositive();
            assertThat(outbox.size()).isZero();
        }
        // database, its WAL (checkpointed at about 1 MiB) and the journal slots (16 KiB each here)
        assertThat(maxDisk).isLessThanOrEqualTo(2 * capacityBytes + 1024 * 1024);
    }

    /** Where the records of a journal slot end: after its header, the first record length of zero. */
    private static long endOfRecords(FileChannel ch) throws Exception {
        ByteBuffer content = ByteBuffer.allocate((int) ch.size());
        ch.read(content, 0);
        int at = JournalFiles.HEADER_BYTES;
        while (content.getInt(at) != 0) {
            at += JournalFiles.RECORD_HEADER + content.getInt(at);
        }
        return at;
    }

    private List<Path> journals() throws Exception {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "journal-*.log")) {
            files.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
