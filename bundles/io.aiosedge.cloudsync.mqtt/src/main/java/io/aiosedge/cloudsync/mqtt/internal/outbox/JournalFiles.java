package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal files of one outbox directory: preallocated <i>slots</i> ({@code journal-slot-<k>.log}) that hold one
 * journal at a time and are reused, not deleted, once their journal has been moved into SQLite.
 *
 * <p>Why slots: a new file per journal costs the kernel a page allocation, zeroing and a block allocation for every
 * 4 KiB written and an invalidation at its deletion (a tenth of the append path's CPU here), and in the
 * power-loss-safe mode a preallocation and two forced metadata updates per journal. A reused slot's pages are
 * already allocated (and mostly cached): an append is an overwrite, and forcing it never touches metadata.
 *
 * <p>Layout: a {@value #HEADER_BYTES}-byte header (magic {@code AIOSJNL1}, the journal's number, CRC-32C of both),
 * then records: length (4 bytes), CRC-32C (4 bytes) of the journal number followed by the body, body. Because the
 * number is part of every record's checksum, what an earlier journal left in a reused slot can never pass for a
 * record of the current one. A reused slot is not zeroed (that cost 6-7 % of the publish path's CPU and doubled
 * the bytes written): instead every write ends in {@value #RECORD_HEADER} zero bytes (an empty record header, which
 * the next record overwrites), so the last record of a journal is always followed by zeros and a checksum mismatch
 * still means a write cut short (worth a warning), never what the slot's previous journal left. A slot whose journal
 * number is not above the last number moved into SQLite holds nothing live.
 *
 * <p>Not thread-safe: the outbox calls it with its journal lock held; {@link Journal#force()} may run concurrently
 * with writes (the group commit).
 */
public final class JournalFiles implements AutoCloseable {

    public static final int HEADER_BYTES = 32;
    /** Bytes before a record's body: length and checksum. */
    public static final int RECORD_HEADER = 8;
    /** Zero bytes written after the last record: an empty record header, where replay stops. */
    static final int END_MARK = RECORD_HEADER;
    /** Free slots kept for reuse; more are deleted (they appear after the journal size was lowered). */
    public static final int MAX_FREE_SLOTS = 2;
    private static final byte[] MAGIC = "AIOSJNL1".getBytes(StandardCharsets.US_ASCII);
    private static final String PREFIX = "journal-slot-";
    private static final String SUFFIX = ".log";
    private static final int ZERO_CHUNK = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JournalFiles.class);

    /** One journal in a slot. Writes are positional; {@code position} is the end of the last record. */
    public static final class Journal extends GroupCommit.Log {
        final long number;
        private final JournalSlot slot;
        private final byte[] numberBytes;
        volatile long position = HEADER_BYTES;
        long lastSeq = -1; // guarded by the outbox's journal lock

        private Journal(long number, JournalSlot slot) {
            this.number = number;
            this.slot = slot;
            this.numberBytes = ByteBuffer.allocate(8).putLong(number).array();
        }

        Path path() {
            return slot.path;
        }

        /** Whether a record of {@code bodyLength} bytes (and the zeros after it) still fits without growing the slot. */
        boolean fits(int bodyLength) {
            return position + RECORD_HEADER + bodyLength + END_MARK <= slot.capacity;
        }

        boolean isEmpty() {
            return position == HEADER_BYTES;
        }

        @Override
        long written() {
            return position;
        }

        @Override
        void force() throws IOException {
            slot.force();
        }
    }

    /** A journal found at opening, with its slot's content. */
    public record Found(long number, Path path, ByteBuffer records) {
    }

    private final Path directory;
    private final CRC32C crc = new CRC32C();
    private final List<JournalSlot> all = new ArrayList<>();
    private final ArrayDeque<JournalSlot> free = new ArrayDeque<>();
    private final List<Found> found = new ArrayList<>();
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
    private boolean directoryDirty;

    /**
     * Opens every slot of {@code directory}. Those holding a journal numbered above {@code movedUpTo} are returned
     * by {@link #found()} (oldest first) and stay taken until {@link #releaseFound()}; the others are free.
     */
    public JournalFiles(Path directory, long movedUpTo) throws IOException {
        this.directory = directory;
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            files.forEach(paths::add);
        }
        try {
            for (Path path : paths) {
                String name = path.getFileName().toString();
                int index;
                try {
                    index = Integer.parseInt(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
                } catch (NumberFormatException e) {
                    LOG.warn("outbox {}: ignoring {}", directory, path);
                    continue;
                }
                FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                JournalSlot slot = new JournalSlot(index, path, channel, channel.size());
                all.add(slot);
                ByteBuffer content = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, slot.capacity));
                while (content.hasRemaining() && channel.read(content, content.position()) > 0) {
                    // read it all
                }
                content.flip();
                long number = headerNumber(content);
                if (number > movedUpTo) {
                    content.position(HEADER_BYTES);
                    found.add(new Found(number, path, content.slice()));
                } else {
                    free.add(slot); // never used, or its journal was moved into SQLite
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        found.sort((a, b) -> Long.compare(a.number, b.number));
    }

    /** The journals found at opening, oldest first. */
    public List<Found> found() {
        return found;
    }

    /** The highest journal number found in any slot (free ones too), or -1. */
    public long highestNumberSeen() {
        long highest = -1;
        for (Found f : found) {
            highest = Math.max(highest, f.number);
        }
        return highest;
    }

    /** Frees the slots of the found journals, once their content is safely in SQLite. */
    public void releaseFound() {
        for (Found f : found) {
            for (JournalSlot slot : all) {
                if (slot.path.equals(f.path)) {
                    free.add(slot);
                }
            }
        }
        found.clear();
        trimFree();
    }

    /**
     * Starts journal {@code number} in a free slot of {@code bytes} (the new header and an end mark over the old
     * journal's first bytes; the rest of them stays and is never read) or in a new preallocated slot of zeros. The
     * header reaches the disk with the journal's first force.
     */
    public Journal start(long number, long bytes) throws IOException {
        JournalSlot slot = null;
        while (!free.isEmpty() && slot == null) {
            JournalSlot candidate = free.poll();
            if (candidate.capacity == bytes) {
                slot = candidate;
            } else {
                delete(candidate); // the journal size changed
            }
        }
        if (slot == null) {
            slot = create(bytes);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES + END_MARK);
        header.put(MAGIC).putLong(number);
        crc.reset();
        crc.update(header.array(), 0, 16);
        header.putInt((int) crc.getValue());
        slot.write(header.array(), 0, HEADER_BYTES + END_MARK, 0);
        return new Journal(number, slot);
    }

    /**
     * A buffer for a record of {@code bodyLength} bytes, positioned where the body goes; it has room for the end
     * mark after the body, which stays zero.
     */
    public static ByteBuffer recordBuffer(int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + bodyLength + END_MARK);
        b.position(RECORD_HEADER);
        b.limit(RECORD_HEADER + bodyLength);
        return b;
    }

    /**
     * Appends a record made with {@link #recordBuffer} (body written, position at its end) to {@code journal}:
     * fills in length and checksum and writes it, followed by the end mark, at the journal's end (to the operating
     * system, not forced).
     */
    public void append(Journal journal, ByteBuffer record) throws IOException {
        int bodyLength = record.position() - RECORD_HEADER;
        crc.reset();
        crc.update(journal.numberBytes);
        crc.update(record.array(), RECORD_HEADER, bodyLength);
        record.putInt(0, bodyLength).putInt(4, (int) crc.getValue());
        int length = RECORD_HEADER + bodyLength;
        long at = journal.position;
        journal.slot.write(record.array(), record.arrayOffset(), length + END_MARK, at);
        journal.position = at + length;
        if (journal.position + END_MARK > journal.slot.capacity) {
            journal.slot.capacity = journal.position + END_MARK; // a record larger than a slot grew it
        }
    }

    /**
     * Reads the records of a found journal in order, up to the first that is incomplete or fails its checksum;
     * returns the bodies.
     */
    public List<ByteBuffer> records(Found journal) {
        List<ByteBuffer> bodies = new ArrayList<>();
        ByteBuffer in = journal.records.duplicate();
        byte[] number = ByteBuffer.allocate(8).putLong(journal.number).array();
        CRC32C check = new CRC32C();
        while (in.remaining() >= RECORD_HEADER) {
            int start = in.position();
            int length = in.getInt();
            int sum = in.getInt();
            if (length == 0 && sum == 0) {
                break; // the zeros after the last record
            }
            if (length < 0 || length > in.remaining()) {
                LOG.warn("outbox {}: journal {} ({}) ends in an incomplete record at offset {} (a write cut short),"
                        + " replayed up to there", directory, journal.number, journal.path.getFileName(),
                        start + HEADER_BYTES);
                break;
            }
            check.reset();
            check.update(number);
            check.update(in.array(), in.arrayOffset() + in.position(), length);
            if ((int) check.getValue() != sum) {
                LOG.warn("outbox {}: journal {} ({}) ends in a damaged record at offset {} (a write cut short),"
                        + " replayed up to there", directory, journal.number, journal.path.getFileName(),
                        start + HEADER_BYTES);
                break;
            }
            bodies.add(in.slice(in.position(), length));
            in.position(in.position() + length);
        }
        return bodies;
    }

    /** Gives a journal's slot back for reuse (its content was moved into SQLite). */
    public void release(Journal journal) {
        free.add(journal.slot);
        trimFree();
    }

    /** Whether a new slot was made since the last call: its name must be forced to survive a power cut. */
    public boolean takeDirectoryDirty() {
        boolean dirty = directoryDirty;
        directoryDirty = false;
        return dirty;
    }

    /** Slot files, free ones included. */
    public int slots() {
        return all.size();
    }

    @Override
    public void close() {
        for (JournalSlot slot : all) {
            try {
                slot.channel.close();
            } catch (IOException e) {
                LOG.debug("outbox {}: closing {}: {}", directory, slot.path, e.toString());
            }
        }
    }

    private void trimFree() {
        while (free.size() > MAX_FREE_SLOTS) {
            delete(free.pollLast());
        }
    }

    private void delete(JournalSlot slot) {
        all.remove(slot);
        try {
            slot.channel.close();
            Files.deleteIfExists(slot.path);
        } catch (IOException e) {
            LOG.warn("outbox {}: cannot delete the unused journal slot {}: {}", directory, slot.path, e.toString());
        }
    }

    /**
     * A new slot: zeros written (not a sparse file, so that a full disk shows at creation and forcing an append
     * never changes the file's size), forced with its metadata.
     */
    private JournalSlot create(long bytes) throws IOException {
        int index = 0;
        while (indexUsed(index)) {
            index++;
        }
        Path path = directory.resolve(PREFIX + index + SUFFIX);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            zero(channel, 0, bytes);
            channel.force(true);
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        directoryDirty = true;
        JournalSlot slot = new JournalSlot(index, path, channel, bytes);
        all.add(slot);
        return slot;
    }

    private boolean indexUsed(int index) {
        for (JournalSlot slot : all) {
            if (slot.index == index) {
                return true;
            }
        }
        return false;
    }

    private void zero(FileChannel channel, long from, long to) throws IOException {
        for (long at = from; at < to;) {
            zeros.clear();
            zeros.limit((int) Math.min(ZERO_CHUNK, to - at));
            at += channel.write(zeros, at);
        }
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** The journal number in a slot's header, or -1 when the header is missing or damaged (a slot never used). */
    private long headerNumber(ByteBuffer content) {
        if (content.limit() < HEADER_BYTES) {
            return -1;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (content.get(i) != MAGIC[i]) {
                return -1;
            }
        }
        crc.reset();
        crc.update(content.array(), 0, 16);
        if ((int) crc.getValue() != content.getInt(16)) {
            return -1;
        }
        return content.getLong(8);
    }
}
