package io.aiosedge.cloudsync.mqtt.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal slots: reuse never resurrects an earlier journal's records, damaged headers, growth, the free-slot bound. */
class JournalFilesTest {

    private static final long SLOT = 64 * 1024;

    @TempDir
    Path dir;

    private static ByteBuffer record(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = JournalFiles.recordBuffer(bytes.length);
        b.put(bytes);
        return b;
    }

    private static List<String> texts(JournalFiles files, JournalFiles.Found found) {
        List<String> out = new ArrayList<>();
        for (ByteBuffer body : files.records(found)) {
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            out.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<Path> slotFiles() throws Exception {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "journal-slot-*.log")) {
            files.forEach(out::add);
        }
        return out;
    }

    @Test
    void aReusedSlotHoldsOnlyItsCurrentJournal() throws Exception {
        try (JournalFiles files = new JournalFiles(dir, -1)) {
            JournalFiles.Journal first = files.start(1, SLOT);
            files.append(first, record("one"));
            files.append(first, record("two"));
            files.append(first, record("three"));
            files.release(first); // as after its move into SQLite
            JournalFiles.Journal second = files.start(2, SLOT);
            files.append(second, record("four"));
            assertThat(files.slots()).isEqualTo(1);
        }
        try (JournalFiles files = new JournalFiles(dir, 1)) {
            assertThat(files.found()).extracting(JournalFiles.Found::number).containsExactly(2L);
            assertThat(texts(files, files.found().get(0))).containsExactly("four");
        }
    }

    @Test
    void aReusedSlotIsNotZeroedYetItsLastRecordIsFollowedByZeros() throws Exception {
        Path slot;
        long end;
        try (JournalFiles files = new JournalFiles(dir, -1)) {
            JournalFiles.Journal first = files.start(1, SLOT);
            for (int i = 0; i < 20; i++) {
                files.append(first, record("old record number " + i));
            }
            slot = first.path();
            files.release(first);
            JournalFiles.Journal second = files.start(2, SLOT);
            assertThat(second.written()).isEqualTo(JournalFiles.HEADER_BYTES);
            assertThat(endMark(slot, second.written())).as("an empty journal ends in zeros").isTrue();
            files.append(second, record("new"));
            end = second.written();
        }
        assertThat(new String(Files.readAllBytes(slot), StandardCharsets.UTF_8))
                .as("journal 1's later records are still in the slot (not zeroed)").contains("old record number 19");
        assertThat(endMark(slot, end)).as("zeros right after the last record").isTrue();
        try (JournalFiles files = new JournalFiles(dir, 1)) {
            assertThat(texts(files, files.found().get(0))).containsExactly("new");
        }
    }

    /** Whether the {@value JournalFiles#END_MARK} bytes at {@code at} are zeros. */
    private static boolean endMark(Path slot, long at) throws Exception {
        ByteBuffer mark = ByteBuffer.allocate(JournalFiles.END_MARK);
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.READ)) {
            ch.read(mark, at);
        }
        for (byte b : mark.array()) {
            if (b != 0) {
                return false;
            }
        }
        return mark.position() == JournalFiles.END_MARK;
    }

    @Test
    void aJournalFillsItsSlotUpToTheEndMarkWithoutGrowingIt() throws Exception {
        try (JournalFiles files = new JournalFiles(dir, -1)) {
            JournalFiles.Journal journal = files.start(1, SLOT);
            int body = 100;
            int n = 0;
            while (journal.fits(body)) {
                files.append(journal, record("y".repeat(body)));
                n++;
            }
            assertThat(n).isEqualTo((int) ((SLOT - JournalFiles.HEADER_BYTES - JournalFiles.END_MARK)
                    / (JournalFiles.RECORD_HEADER + body)));
            assertThat(Files.size(journal.path())).isEqualTo(SLOT);
            assertThat(endMark(journal.path(), journal.written())).isTrue();
        }
    }

    @Test
    void aRecordLeftByAnEarlierJournalFailsItsChecksumInTheNextOne() throws Exception {
        Path slot;
        long end;
        ByteBuffer stale;
        try (JournalFiles files = new JournalFiles(dir, -1)) {
            JournalFiles.Journal first = files.start(1, SLOT);
            files.append(first, record("old"));
            slot = first.path();
            stale = ByteBuffer.allocate((int) (first.written() - JournalFiles.HEADER_BYTES));
            try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.READ)) {
                ch.read(stale, JournalFiles.HEADER_BYTES);
            }
            files.release(first);
            JournalFiles.Journal second = files.start(2, SLOT);
            files.append(second, record("new"));
            end = second.written();
        }
        // journal 1's record copied behind journal 2's (what reuse without zeroing would leave): not replayed
        stale.flip();
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.WRITE)) {
            ch.write(stale, end);
        }
        try (JournalFiles files = new JournalFiles(dir, 1)) {
            assertThat(texts(files, files.found().get(0))).containsExactly("new");
        }
    }

    @Test
    void aSlotWithADamagedHeaderOrAMovedJournalIsFree() throws Exception {
        try (JournalFiles files = new JournalFiles(dir, -1)) {
            files.append(files.start(5, SLOT), record("a"));
            files.append(files.start(6, SLOT), record("b"));
        }
        List<Path> slots = slotFiles();
        assertThat(slots).hasSize(2);
        try (FileChannel ch = FileChannel.open(dir.resolve("journal-slot-1.log"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9}), 10); // inside the header
        }
        try (JournalFiles files = new JournalFiles(dir, 4)) {
            assertThat(files.found()).extracting(JournalFiles.Found::number).containsExactly(5L);
        }
        try (JournalFiles files = new JournalFiles(dir, 5)) {
            assertThat(files.found()).isEmpty(); // 5 was moved, the other header is damaged
            files.start(7, SLOT);
            files.start(8, SLOT);
            assertThat(files.slots()).isEqualTo(2); // both reused
        }
    }

    @Test
    void aRecordLargerThanTheSlotGrowsItAndIsReplayed() throws Exception {
        String big = "x".repeat((int) SLOT);
        try (JournalFiles files = new JournalFiles(dir, -1)) {
            JournalFiles.Journal journal = files.start(1, SLOT);
            assertThat(journal.fits(big.length())).isFalse();
            files.append(journal, record(big));
            files.append(journal, record("after"));
        }
        try (JournalFiles files = new JournalFiles(dir, 0)) {
            assertThat(texts(files, files.found().get(0))).containsExactly(big, "after");
        }
    }

    @Test
    void freeSlotsBeyondTheLimitAreDeleted() throws Exception {
        try (JournalFiles files = new JournalFiles(dir, -1)) {
            List<JournalFiles.Journal> journals = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                journals.add(files.start(n, SLOT));
            }
            assertThat(slotFiles()).hasSize(5);
            journals.forEach(files::release);
            assertThat(slotFiles()).hasSize(JournalFiles.MAX_FREE_SLOTS);
            files.start(9, 2 * SLOT); // another journal size: free slots of the old size are deleted, not reused
            assertThat(slotFiles()).hasSize(1);
            assertThat(Files.size(slotFiles().get(0))).isEqualTo(2 * SLOT);
        }
    }
}
