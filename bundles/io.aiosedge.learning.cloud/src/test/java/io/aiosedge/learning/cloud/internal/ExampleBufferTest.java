package io.aiosedge.learning.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleBufferTest {

    @TempDir
    Path temp;

    private static List<TrainingExample> batch(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> new TrainingExample(0, "gw1", "task-" + i, 1000L + i,
                new float[] { i, i + 0.5f, -i }, (i % 3) / 2f)).toList();
    }

    @Test
    void keepsTheNewestWithinTheBoundAndNumbersThemInOrder() throws IOException {
        Path file = temp.resolve("examples.bin");
        try (ExampleBuffer buffer = new ExampleBuffer(file, 10)) {
            for (int i = 0; i < 30; i += 5) {
                buffer.add(batch(i, 5));
            }
            assertThat(buffer.size()).isEqualTo(10);
            assertThat(buffer.dropped()).isEqualTo(20);
            assertThat(buffer.all()).extracting(TrainingExample::taskId)
                    .containsExactly(IntStream.range(20, 30).mapToObj(i -> "task-" + i).toArray(String[]::new));
            assertThat(buffer.all()).extracting(TrainingExample::sequence)
                    .containsExactly(21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
            assertThat(buffer.after(27)).extracting(TrainingExample::sequence).containsExactly(28L, 29L, 30L);
        }
        try (ExampleBuffer reopened = new ExampleBuffer(file, 10)) {
            assertThat(reopened.all()).extracting(TrainingExample::taskId).first().isEqualTo("task-20");
            assertThat(reopened.size()).isEqualTo(10);
            assertThat(reopened.all().get(3).window()).containsExactly(23f, 23.5f, -23f);
            assertThat(reopened.add(batch(30, 1))).extracting(TrainingExample::sequence).containsExactly(31L);
        }
    }

    @Test
    void theFileStaysWithinAQuarterAboveAFullBuffer() throws IOException {
        Path file = temp.resolve("examples.bin");
        long full;
        try (ExampleBuffer buffer = new ExampleBuffer(file, 20)) {
            buffer.add(batch(0, 20));
            full = buffer.fileBytes();
            long largest = 0;
            for (int i = 20; i < 1000; i++) {
                buffer.add(batch(i, 1));
                largest = Math.max(largest, buffer.fileBytes());
            }
            assertThat(largest).isLessThanOrEqualTo(full + full / 4 + 64);
            assertThat(buffer.size()).isEqualTo(20);
        }
    }

    @Test
    void anExampleUploadedTwiceIsKeptOnce() throws IOException {
        try (ExampleBuffer buffer = new ExampleBuffer(temp.resolve("examples.bin"), 100)) {
            buffer.add(batch(0, 5));
            List<TrainingExample> again = buffer.add(batch(3, 5));
            assertThat(again).extracting(TrainingExample::taskId).containsExactly("task-5", "task-6", "task-7");
            assertThat(buffer.duplicates()).isEqualTo(2);
            assertThat(buffer.size()).isEqualTo(8);
        }
    }

    @Test
    void aTornTailIsCutAndTheExamplesBeforeItKept() throws IOException {
        Path file = temp.resolve("examples.bin");
        try (ExampleBuffer buffer = new ExampleBuffer(file, 100)) {
            buffer.add(batch(0, 3));
        }
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 5);
        }
        try (ExampleBuffer reopened = new ExampleBuffer(file, 100)) {
            assertThat(reopened.all()).extracting(TrainingExample::taskId).containsExactly("task-0", "task-1");
            reopened.add(batch(7, 1));
        }
        try (ExampleBuffer again = new ExampleBuffer(file, 100)) {
            assertThat(again.all()).extracting(TrainingExample::taskId).containsExactly("task-0", "task-1", "task-7");
        }
    }

    @Test
    void aLowerBoundDropsTheOldestAtOnce() throws IOException {
        try (ExampleBuffer buffer = new ExampleBuffer(temp.resolve("examples.bin"), 100)) {
            buffer.add(batch(0, 50));
            buffer.setMaxExamples(10);
            assertThat(buffer.size()).isEqualTo(10);
            assertThat(buffer.all().get(0).taskId()).isEqualTo("task-40");
            assertThatThrownBy(() -> buffer.setMaxExamples(0)).hasMessage("buffer.max.examples must be at least 1: 0");
        }
    }

    @Test
    void aForeignFileIsRefusedAndLeftAlone() throws IOException {
        Path file = temp.resolve("examples.bin");
        Files.writeString(file, "not a buffer");
        assertThatThrownBy(() -> new ExampleBuffer(file, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a trainer example buffer");
        assertThat(Files.readString(file)).isEqualTo("not a buffer");
    }
}
