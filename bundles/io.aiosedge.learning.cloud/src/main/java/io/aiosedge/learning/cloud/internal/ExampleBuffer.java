package io.aiosedge.learning.cloud.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The trainer's bounded, durable buffer of the gateways' hard examples, oldest first. Each added batch is appended
 * to one file (length, CRC-32, record) and forced to the device before {@link #add} returns; a torn or corrupt tail
 * is cut off when the file is opened again. At most {@code maxExamples} are kept: the oldest make room. Examples
 * are numbered ({@link TrainingExample#sequence()}, increasing, never reused) and deduplicated by gateway and task
 * id (an upload may arrive twice). The file is rewritten (temporary file, forced, atomic rename) when it holds a
 * quarter more records than the bound, so it stays within 1.25× a full buffer.
 *
 * <p>Not thread-safe: the trainer's one thread uses it.
 */
final class ExampleBuffer implements AutoCloseable {

    static final int MAX_WINDOW = 65_536;
    private static final int MAGIC = 0x41494542; // "AIEB"
    private static final int MAX_RECORD = 16 + 8 * 1024 + 4 * MAX_WINDOW;

    private final Path file;
    private final Deque<TrainingExample> examples = new ArrayDeque<>();
    private final Set<String> keys = new HashSet<>();
    private int maxExamples;
    private long nextSequence = 1;
    private long recordsInFile;
    private long dropped;
    private long duplicates;
    private FileChannel channel;

    /**
     * @param file the buffer's file (created when absent)
     * @param maxExamples the bound, at least 1
     * @throws IOException when the file cannot be read or is not a buffer file
     */
    ExampleBuffer(Path file, int maxExamples) throws IOException {
        if (maxExamples < 1) {
            throw new IllegalArgumentException("buffer.max.examples must be at least 1: " + maxExamples);
        }
        this.file = file;
        this.maxExamples = maxExamples;
        Files.createDirectories(file.toAbsolutePath().getParent());
        long validBytes = load();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.size() == 0) {
            writeHeader(channel);
            validBytes = 4;
        }
        if (channel.size() > validBytes) {
            channel.truncate(validBytes); // a torn tail: the examples before it are kept
            channel.force(true);
        }
        channel.position(validBytes);
        trim();
        if (recordsInFile > maxExamples + maxExamples / 4) {
            rewrite();
        }
    }

    private long load() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 4 || in.getInt() != MAGIC) {
            throw new IOException(file + " is not a trainer example buffer (no AIEB header); move it away");
        }
        long valid = 4;
        while (in.remaining() >= 8) {
            int length = in.getInt();
            int crc = in.getInt();
            if (length < 1 || length > MAX_RECORD || length > in.remaining()) {
                break;
            }
            byte[] record = new byte[length];
            in.get(record);
            CRC32 check = new CRC32();
            check.update(record);
            if ((int) check.getValue() != crc) {
                break;
            }
            TrainingExample example;
            try {
                example = TrainingExample.readFrom(new DataInputStream(new java.io.ByteArrayInputStream(record)));
            } catch (IOException e) {
                break;
            }
            recordsInFile++;
            valid = in.position();
            if (keys.add(example.key())) {
                examples.addLast(example);
            }
            nextSequence = Math.max(nextSequence, example.sequence() + 1);
        }
        return valid;
    }

    /**
     * Adds the examples not seen before, numbered in order, and forces them to the device.
     *
     * @return the examples added (with their sequence numbers)
     */
    List<TrainingExample> add(Collection<TrainingExample> batch) throws IOException {
        List<TrainingExample> added = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (TrainingExample example : batch) {
            if (keys.contains(example.key())) {
                duplicates++;
                continue;
            }
            TrainingExample numbered = example.withSequence(nextSequence++);
            keys.add(numbered.key());
            examples.addLast(numbered);
            added.add(numbered);
            appendRecord(bytes, numbered);
        }
        if (!added.isEmpty()) {
            ByteBuffer out = ByteBuffer.wrap(bytes.toByteArray());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(false);
            recordsInFile += added.size();
            trim();
            if (recordsInFile > maxExamples + maxExamples / 4) {
                rewrite();
            }
        }
        return added;
    }

    private void trim() {
        while (examples.size() > maxExamples) {
            TrainingExample oldest = examples.removeFirst();
            keys.remove(oldest.key());
            dropped++;
        }
    }

    /** Changes the bound; the oldest beyond it are dropped at once. */
    void setMaxExamples(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("buffer.max.examples must be at least 1: " + max);
        }
        this.maxExamples = max;
        trim();
        if (recordsInFile > max + max / 4) {
            rewrite();
        }
    }

    private void rewrite() throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(bytes);
        header.writeInt(MAGIC);
        for (TrainingExample example : examples) {
            appendRecord(bytes, example);
        }
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        channel.close();
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
        recordsInFile = examples.size();
    }

    private static void appendRecord(ByteArrayOutputStream bytes, TrainingExample example) throws IOException {
        ByteArrayOutputStream record = new ByteArrayOutputStream(64 + 4 * example.window().length);
        example.writeTo(new DataOutputStream(record));
        byte[] body = record.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(body.length);
        out.writeInt((int) crc.getValue());
        out.write(body);
    }

    private static void writeHeader(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4).putInt(MAGIC).flip();
        while (header.hasRemaining()) {
            channel.write(header);
        }
        channel.force(true);
    }

    /** @return the examples kept, oldest first (a copy) */
    List<TrainingExample> all() {
        return new ArrayList<>(examples);
    }

    /** @return the examples numbered after {@code sequence}, oldest first */
    List<TrainingExample> after(long sequence) {
        List<TrainingExample> newer = new ArrayList<>();
        for (TrainingExample e : examples) {
            if (e.sequence() > sequence) {
                newer.add(e);
            }
        }
        return newer;
    }

    int size() {
        return examples.size();
    }

    int maxExamples() {
        return maxExamples;
    }

    /** @return the highest sequence number given so far (0 before the first example) */
    long lastSequence() {
        return nextSequence - 1;
    }

    /** @return examples dropped to stay within the bound since the buffer was opened */
    long dropped() {
        return dropped;
    }

    /** @return examples refused as already present since the buffer was opened */
    long duplicates() {
        return duplicates;
    }

    /** @return bytes on disk */
    long fileBytes() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
