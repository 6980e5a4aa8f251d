package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Entry;

/**
 * The outbox's three journal record kinds (the body inside {@link JournalFiles}' framing and checksum): ADD (a
 * whole message), REMOVE (the sequences that left the outbox) and RESERVE (sequences below it may have been
 * handed out). Numbers are big-endian, strings a 4-byte length and UTF-8.
 */
final class JournalRecords {

    static final byte ADD = 1;
    static final byte REMOVE = 2;
    static final byte RESERVE = 3;

    private JournalRecords() {
    }

    /** The ADD record of an entry. */
    static ByteBuffer add(Entry e, byte[] origin, byte[] topic) {
        int bodyLength = 1 + 8 + 4 + 1 + 1 + 8 + 8 + 4 + origin.length + 4 + topic.length + 4 + e.payload().length;
        ByteBuffer b = JournalFiles.recordBuffer(bodyLength);
        b.put(ADD).putLong(e.seq()).putInt(e.priority()).put((byte) e.qos()).put((byte) (e.retain() ? 1 : 0))
                .putLong(e.createdMillis()).putLong(e.expiresMillis()).putInt(origin.length).put(origin)
                .putInt(topic.length).put(topic).putInt(e.payload().length).put(e.payload());
        return b;
    }

    /** A REMOVE record: the sequences whose messages left the outbox. */
    static ByteBuffer remove(List<Long> seqs) {
        ByteBuffer b = JournalFiles.recordBuffer(1 + 4 + 8 * seqs.size());
        b.put(REMOVE).putInt(seqs.size());
        seqs.forEach(b::putLong);
        return b;
    }

    /** A RESERVE record: sequences below {@code reserve} may have been handed out. */
    static ByteBuffer reserve(long reserve) {
        return JournalFiles.recordBuffer(9).put(RESERVE).putLong(reserve);
    }

    /** The entry of an ADD record whose type byte was read already (its id is not stored: it follows the seq). */
    static Entry decodeAdd(ByteBuffer r) {
        long seq = r.getLong();
        int priority = r.getInt();
        int qos = r.get();
        boolean retain = r.get() != 0;
        long created = r.getLong();
        long expires = r.getLong();
        String origin = readString(r);
        String topic = readString(r);
        byte[] payload = new byte[r.getInt()];
        r.get(payload);
        return new Entry(seq, null, priority, qos, retain, created, expires, origin, topic, payload);
    }

    private static String readString(ByteBuffer r) {
        byte[] bytes = new byte[r.getInt()];
        r.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
