package io.aiosedge.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardExampleStoreTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path folder;

    private static HardExample example(int i) {
        return HardExample.of(Completions.escalated("t" + i, 0.4f, 0.9f, T0 + i * 1000L));
    }

    @Test
    void examplesSurviveAReopenInOrder() throws IOException {
        Path file = folder.resolve("store.bin");
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            for (int i = 0; i < 5; i++) {
                store.add(example(i));
            }
        }
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            assertThat(store.oldest(10)).containsExactly(example(0), example(1), example(2), example(3), example(4));
            assertThat(store.oldest(2)).containsExactly(example(0), example(1));
            assertThat(store.oldestMillis()).isEqualTo(T0);
        }
    }

    @Test
    void uploadedExamplesAreGoneAfterARestart() throws IOException {
        Path file = folder.resolve("store.bin");
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            for (int i = 0; i < 5; i++) {
                store.add(example(i));
            }
            List<HardExample> batch = store.oldest(3);
            assertThat(store.removeUploaded(batch)).isEqualTo(3);
        }
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            assertThat(store.oldest(10)).containsExactly(example(3), example(4));
        }
    }

    @Test
    void aFullStoreMakesRoomByDroppingTheOldestAndTheFileStaysBounded() throws IOException {
        Path file = folder.resolve("store.bin");
        long fullFileBytes;
        try (HardExampleStore store = new HardExampleStore(file, 20)) {
            for (int i = 0; i < 20; i++) {
                store.add(example(i));
            }
            fullFileBytes = store.fileBytes();
            for (int i = 20; i < 1000; i++) {
                store.add(example(i));
                assertThat(store.fileBytes()).isLessThanOrEqualTo(3 * fullFileBytes);
            }
            assertThat(store.size()).isEqualTo(20);
            assertThat(store.droppedFull()).isEqualTo(980);
            assertThat(store.oldest(1)).containsExactly(example(980));
        }
        try (HardExampleStore store = new HardExampleStore(file, 20)) {
            assertThat(store.oldest(100)).hasSize(20).startsWith(example(980)).endsWith(example(999));
        }
    }

    @Test
    void aSmallerBoundOnReopenKeepsTheNewest() throws IOException {
        Path file = folder.resolve("store.bin");
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            for (int i = 0; i < 10; i++) {
                store.add(example(i));
            }
        }
        try (HardExampleStore store = new HardExampleStore(file, 4)) {
            assertThat(store.oldest(100)).containsExactly(example(6), example(7), example(8), example(9));
            assertThat(store.droppedFull()).isEqualTo(6);
        }
    }

    @Test
    void expiredExamplesAreRemovedOldestFirst() throws IOException {
        try (HardExampleStore store = new HardExampleStore(folder.resolve("store.bin"), 100)) {
            for (int i = 0; i < 10; i++) {
                store.add(example(i));
            }
            assertThat(store.expire(T0 + 4_000)).isEqualTo(4);
            assertThat(store.oldest(1)).containsExactly(example(4));
            assertThat(store.expired()).isEqualTo(4);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestKept() throws IOException {
        Path file = folder.resolve("store.bin");
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            for (int i = 0; i < 3; i++) {
                store.add(example(i));
            }
        }
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 7); // power loss during the third append
        }
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            assertThat(store.oldest(10)).containsExactly(example(0), example(1));
            assertThat(store.corruptTails()).isEqualTo(1);
            store.add(example(7));
        }
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            assertThat(store.oldest(10)).containsExactly(example(0), example(1), example(7));
            assertThat(store.corruptTails()).isZero();
        }
    }

    @Test
    void aFlippedByteFailsItsChecksum() throws IOException {
        Path file = folder.resolve("store.bin");
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            store.add(example(0));
            store.add(example(1));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x5a;
        Files.write(file, bytes);
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            assertThat(store.oldest(10)).containsExactly(example(0));
            assertThat(store.corruptTails()).isEqualTo(1);
        }
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedAndLeftAlone() throws IOException {
        Path file = folder.resolve("store.bin");
        Files.writeString(file, "something else entirely\n");
        assertThatThrownBy(() -> new HardExampleStore(file, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a hard-example store");
        assertThat(Files.readString(file)).isEqualTo("something else entirely\n");
        assertThatThrownBy(() -> new HardExampleStore(folder.resolve("other.bin"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max examples");
    }

    @Test
    void clearEmptiesTheStoreAndItsFile() throws IOException {
        Path file = folder.resolve("store.bin");
        List<HardExample> added = new ArrayList<>();
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            for (int i = 0; i < 5; i++) {
                added.add(example(i));
                store.add(added.get(i));
            }
            assertThat(store.clear()).isEqualTo(5);
            // Uploading a batch taken before the clear removes nothing.
            assertThat(store.removeUploaded(added)).isZero();
        }
        try (HardExampleStore store = new HardExampleStore(file, 100)) {
            assertThat(store.size()).isZero();
        }
    }
}
