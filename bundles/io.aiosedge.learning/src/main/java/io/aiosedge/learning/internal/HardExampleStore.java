package io.aiosedge.learning.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Hard examples kept until they are uploaded: a bounded queue, oldest first, mirrored in one append-only file so
 * that a restart or a crash keeps them.
 *
 * <p>File: a magic line, then per example {@code int length, bytes, int CRC-32 of the bytes}. Each append is
 * forced to the device before {@link #add} returns. Examples leave only from the head (uploaded, too old, or
 * pushed out by a newer one when the store is full); the file is then rewritten from memory (to a temporary file,
 * forced, atomically renamed) after an upload, on {@link #clear}, and whenever the removed examples outnumber the
 * kept ones, so it never holds much more than the bound. A torn or corrupt tail (power loss during an append) is
 * cut off when the file is read: the examples before it are kept.
 */
final class HardExampleStore implements AutoCloseable {

    private static final byte[] MAGIC = "AIOS hard examples 1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** A record longer than this is corrupt. */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    private final Path file;
    private final ArrayDeque<Entry> examples = new ArrayDeque<>();
    private FileChannel channel;
    private int maxExamples;
    private long liveBytes;
    private long deadRecords;
    private long droppedFull;
    private long expired;
    private long corruptTails;

    private record Entry(HardExample example, int recordBytes) {
    }

    HardExampleStore(Path file, int maxExamples) throws IOException {
        if (maxExamples < 1) {
            throw new IllegalArgumentException("max examples must be at least 1: " + maxExamples);
        }
        this.file = file;
        this.maxExamples = maxExamples;
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean clean = load();
        while (examples.size() > maxExamples) {
            dropHead();
            droppedFull++;
        }
        if (!clean || deadRecords > 0 || !Files.exists(file)) {
            rewrite();
        } else {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
    }

    /** Reads the file; false when it was missing a magic line or had a corrupt tail (then it is rewritten). */
    private boolean load() throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            byte[] magic = new byte[MAGIC.length];
            try {
                in.readFully(magic);
            } catch (EOFException e) {
                corruptTails++;
                return false;
            }
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a hard-example store (unknown first line); move it away");
            }
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    return true;
                }
                try {
                    if (length <= 0 || length > MAX_RECORD_BYTES) {
                        throw new IOException("record length " + length);
                    }
                    byte[] bytes = new byte[length];
                    in.readFully(bytes);
                    int crc = in.readInt();
                    if (crc != crc(bytes)) {
                        throw new IOException("CRC mismatch");
                    }
                    HardExample example = HardExample.readFrom(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
                    examples.addLast(new Entry(example, length + 8));
                    liveBytes += length + 8;
                } catch (IOException e) {
                    corruptTails++;
                    return false;
                }
            }
        }
    }

    synchronized void setMaxExamples(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max examples must be at least 1: " + max);
        }
        maxExamples = max;
        while (examples.size() > maxExamples) {
            dropHead();
            droppedFull++;
        }
        compactIfWasteful();
    }

    /** Keeps the example (durably, before returning); when the store is full, the oldest one makes room. */
    synchronized void add(HardExample example) throws IOException {
        ensureOpen();
        byte[] bytes = encode(example);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 8);
        buffer.putInt(bytes.length).put(bytes).putInt(crc(bytes)).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        examples.addLast(new Entry(example, bytes.length + 8));
        liveBytes += bytes.length + 8;
        while (examples.size() > maxExamples) {
            dropHead();
            droppedFull++;
        }
        compactIfWasteful();
    }

    /** The oldest examples, at most {@code max}, still kept. */
    synchronized List<HardExample> oldest(int max) {
        List<HardExample> out = new ArrayList<>(Math.min(max, examples.size()));
        Iterator<Entry> it = examples.iterator();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next().example());
        }
        return out;
    }

    /**
     * Removes the given examples (those {@link #oldest} gave and that were uploaded) where they are still at the
     * head; an example pushed out meanwhile is skipped. The file is rewritten at once, so a restart does not
     * upload them again.
     */
    synchronized int removeUploaded(List<HardExample> uploaded) throws IOException {
        int removed = 0;
        for (HardExample example : uploaded) {
            Entry head = examples.peekFirst();
            if (head != null && head.example() == example) {
                dropHead();
                removed++;
            }
        }
        if (removed > 0) {
            rewrite();
        }
        return removed;
    }

    /** Removes examples older than {@code oldestKeptMillis}; how many. */
    synchronized int expire(long oldestKeptMillis) throws IOException {
        int removed = 0;
        // Examples are appended in completion order, which is time order up to a clock step; a late one older
        // than the cut-off behind a newer head stays until the head goes.
        while (!examples.isEmpty() && examples.peekFirst().example().timeMillis() < oldestKeptMillis) {
            dropHead();
            removed++;
        }
        expired += removed;
        compactIfWasteful();
        return removed;
    }

    synchronized int clear() throws IOException {
        int count = examples.size();
        examples.clear();
        liveBytes = 0;
        rewrite();
        return count;
    }

    synchronized int size() {
        return examples.size();
    }

    synchronized int maxExamples() {
        return maxExamples;
    }

    synchronized long droppedFull() {
        return droppedFull;
    }

    synchronized long expired() {
        return expired;
    }

    synchronized long corruptTails() {
        return corruptTails;
    }

    /** Bytes of the store file now. */
    synchronized long fileBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** When the oldest kept example was labelled, or -1 when there is none. */
    synchronized long oldestMillis() {
        return examples.isEmpty() ? -1 : examples.peekFirst().example().timeMillis();
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void ensureOpen() throws IOException {
        if (channel == null) {
            throw new IOException("the hard-example store " + file + " is closed");
        }
    }

    private void dropHead() {
        Entry head = examples.removeFirst();
        liveBytes -= head.recordBytes();
        deadRecords++;
    }

    private void compactIfWasteful() throws IOException {
        if (deadRecords > Math.max(16, examples.size())) {
            rewrite();
        }
    }

    private void rewrite() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteArrayOutputStream block = new ByteArrayOutputStream(1 << 16);
            block.write(MAGIC);
            for (Entry entry : examples) {
                byte[] bytes = encode(entry.example());
                DataOutputStream data = new DataOutputStream(block);
                data.writeInt(bytes.length);
                data.write(bytes);
                data.writeInt(crc(bytes));
                if (block.size() > 1 << 16) {
                    writeAll(out, block);
                }
            }
            writeAll(out, block);
            out.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        deadRecords = 0;
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static void writeAll(FileChannel out, ByteArrayOutputStream block) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(block.toByteArray());
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        block.reset();
    }

    private static byte[] encode(HardExample example) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(example.approximateBytes());
        example.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
