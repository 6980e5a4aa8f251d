package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A slot of {@link JournalFiles}: the file, open for reading and writing, written with positional writes (to the
 * operating system's page cache, which keeps them through a JVM crash or SIGKILL) and forced with fdatasync.
 * {@code capacity} is the file's size. Used under the outbox's journal lock, except {@link #force()} (the group
 * commit's).
 *
 * <p>Why not a memory mapping: it saves the system call per record, but forcing a mapped slot costs the kernel
 * more than that (each force write-protects the mapped pages again, and the next write to each faults): with 8
 * publisher threads at window 65535 the mapped journals took 11.1-11.7 µs of CPU per message against 10.6-10.7 with
 * positional writes (benchmarks/cloudsync, alternating runs on the same machine).
 */
final class JournalSlot {
    final int index;
    final Path path;
    final FileChannel channel;
    long capacity;

    JournalSlot(int index, Path path, FileChannel channel, long capacity) {
        this.index = index;
        this.path = path;
        this.channel = channel;
        this.capacity = capacity;
    }

    /** Writes {@code length} bytes of {@code bytes} at {@code at}. */
    void write(byte[] bytes, int offset, int length, long at) throws IOException {
        JournalFiles.writeFully(channel, ByteBuffer.wrap(bytes, offset, length), at);
    }

    /** Forces the file's content (not its metadata) to the storage device. */
    void force() throws IOException {
        channel.force(false);
    }
}
