package io.aiosedge.cloudsync.mqtt.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a lock file, held by one opener of a store directory at a time: another process (an OS file
 * lock) or this JVM (another component, or a copy of the bundle not yet stopped) is kept out. Released by
 * {@link #close()}, or with the process.
 */
public final class DirectoryLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code lockFile} (created, with its directory, if missing).
     *
     * @return the lock, or {@code null} when someone else holds it
     */
    public static DirectoryLock tryAcquire(Path lockFile) throws IOException {
        Path parent = lockFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return new DirectoryLock(lockFile, channel, lock);
    }

    public Path file() {
        return file;
    }

    /** Releases the lock; quietly, since the lock goes with the channel or the process anyway. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // released with the channel below
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process
        }
    }
}
