package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;

/**
 * Opening an outbox: loads the index from SQLite, replays the journals left by the last run (up to the first torn
 * or corrupt record of each), moves what they hold into SQLite in one fsynced transaction, frees their slots and
 * starts a new journal.
 *
 * <p><b>Thread and locks:</b> runs once, on the thread that opens the outbox, inside {@link DurableOutbox}'s
 * constructor (before the outbox is shared). It takes the database lock around the move and the journal lock (in
 * {@link OutboxJournals#start}) to start the first journal, one after the other, as the outbox did before it had
 * this class.
 */
final class OutboxRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(DurableOutbox.class);

    private OutboxRecovery() {
    }

    /**
     * Recovers the outbox in {@code directory} into {@code index} and {@code journals}; {@code idOf} names a
     * sequence's message.
     */
    static void recover(Path directory, SqliteTier sqlite, OutboxJournals journals, OutboxIndex index,
            LongFunction<String> idOf) throws SQLException, IOException {
        OutboxTable table = sqlite.table();
        long reserved = table.readLong("seq.reserved", 1);
        long movedUpTo = table.readLong("journal.moved", -1);
        Map<Long, Meta> rows = table.readIndex(idOf);
        long maxSeq = rows.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        JournalFiles files = new JournalFiles(directory, movedUpTo);
        Map<Long, Entry> replayed = new TreeMap<>();
        Set<Long> removedRows = new HashSet<>();
        long lastNumber = Math.max(movedUpTo, files.highestNumberSeen());
        for (JournalFiles.Found journal : files.found()) {
            for (ByteBuffer record : files.records(journal)) {
                byte type = record.get();
                if (type == JournalRecords.ADD) {
                    Entry e = JournalRecords.decodeAdd(record);
                    maxSeq = Math.max(maxSeq, e.seq());
                    if (!rows.containsKey(e.seq())) {
                        replayed.put(e.seq(), e);
                    }
                } else if (type == JournalRecords.REMOVE) {
                    int count = record.getInt();
                    for (int i = 0; i < count; i++) {
                        long seq = record.getLong();
                        if (replayed.remove(seq) == null && rows.remove(seq) != null) {
                            removedRows.add(seq);
                        }
                    }
                } else if (type == JournalRecords.RESERVE) {
                    reserved = Math.max(reserved, record.getLong());
                }
            }
        }
        long next = Math.max(reserved, maxSeq + 1);
        boolean journalsFound = !files.found().isEmpty();
        if (journalsFound || !rows.isEmpty() && reserved <= maxSeq) {
            sqlite.lock();
            try {
                table.setFullSync(true);
                table.begin();
                for (Entry e : replayed.values()) {
                    table.insert(e);
                    rows.put(e.seq(), OutboxIndex.metaOf(e, idOf));
                }
                for (Long seq : removedRows) {
                    table.delete(seq);
                }
                table.setMeta("seq.reserved", next);
                table.setMeta("journal.moved", lastNumber);
                table.commit();
                table.setFullSync(false);
            } catch (SQLException e) {
                table.rollbackQuietly();
                throw e;
            } finally {
                sqlite.unlock();
            }
            files.releaseFound(); // their content is in SQLite now: the slots are free
            if (!replayed.isEmpty()) {
                LOG.info("outbox {}: {} messages recovered from the journal", directory, replayed.size());
            }
        }
        index.load(rows.values());
        sqlite.vacuumIfWasteful();
        journals.start(files, lastNumber + 1, next);
    }
}
