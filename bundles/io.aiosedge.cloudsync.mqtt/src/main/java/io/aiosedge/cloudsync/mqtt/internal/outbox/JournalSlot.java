package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A slot of {@link JournalFiles}: the file, open for reading and writing, and mapped (shared, read-write) from 0 to
 * its size at opening; writes go into the mapping, forces force the mapping (see the class comment of
 * {@link JournalFiles} for why and what survives what). {@code capacity} is the file's size, beyond
 * {@code mapped} only when a record larger than the slot grew it; that part is written through the channel.
 * Used under the outbox's journal lock, except {@link #force()} (the group commit's).
 */
final class JournalSlot {
    final int index;
    final Path path;
    final FileChannel channel;
    final MappedByteBuffer map;
    final int mapped;
    long capacity;
    /** Something was written through the channel since its last force (a record beyond the mapping). */
    volatile boolean channelDirty;

    JournalSlot(int index, Path path, FileChannel channel, long capacity) throws IOException {
        this.index = index;
        this.path = path;
        this.channel = channel;
        this.capacity = capacity;
        this.mapped = (int) Math.min(capacity, Integer.MAX_VALUE - 8);
        this.map = channel.map(FileChannel.MapMode.READ_WRITE, 0, mapped);
    }

    /** Writes {@code length} bytes of {@code bytes} at {@code at}: into the mapping where it reaches. */
    void write(byte[] bytes, int offset, int length, long at) throws IOException {
        int inMap = (int) Math.max(0, Math.min(length, mapped - at));
        try {
            if (inMap > 0) {
                map.put((int) at, bytes, offset, inMap);
            }
        } catch (InternalError e) { // the JVM's report of a fault (SIGBUS) while writing into the mapping
            throw new IOException("cannot write into the mapping of " + path + ": " + e.getMessage(), e);
        }
        if (inMap < length) {
            channelDirty = true;
            JournalFiles.writeFully(channel, ByteBuffer.wrap(bytes, offset + inMap, length - inMap), at + inMap);
        }
    }

    void force() throws IOException {
        try {
            map.force();
        } catch (InternalError | UncheckedIOException e) {
            throw new IOException("cannot force " + path + ": " + e.getMessage(), e);
        }
        if (channelDirty) {
            channelDirty = false;
            channel.force(false);
        }
    }
}
