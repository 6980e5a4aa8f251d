package io.aiosedge.cloudsync.mqtt.internal.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.StoredMessage;
import org.eclipse.kura.message.store.provider.MessageStore;

import io.aiosedge.cloudsync.mqtt.internal.store.MessageDatabase.Table;

/**
 * One opened Kura message store: a table of the provider's SQLite database, with Kura's semantics
 * ({@code AbstractJdbcMessageStoreImpl}, which Kura's H2 and SQLite stores share):
 * <ul>
 * <li>{@link #store} returns a new positive id; ids increase and are not reused while the database lives (after
 * {@link Integer#MAX_VALUE} they start again at 1, skipping ids still stored).</li>
 * <li>{@link #getNextMessage()}: the unpublished message ({@code publishedOn} unset) with the lowest priority number,
 * then the first stored.</li>
 * <li>In flight: QoS &gt; 0, published, neither confirmed nor dropped. {@link #unpublishAllInFlighMessages()} and
 * {@link #dropAllInFlightMessages()} act on exactly those.</li>
 * <li>{@link #deleteStaleMessages}: dropped, confirmed, and published QoS 0 messages whose date is at least the age
 * old.</li>
 * <li>Marking an unknown id does nothing (a late confirmation of a purged message is no error), as in Kura.</li>
 * <li>Lists leave the payload out ({@code getPayload() == null}); {@link #get} and {@link #getNextMessage()} carry
 * it.</li>
 * </ul>
 * Beyond Kura: {@code store} of priority &ge; 2 beyond the provider's capacity (messages or bytes, messages in any
 * state count) fails with {@link KuraStoreCapacityReachedException}; invalid arguments (blank topic, null payload,
 * QoS other than 0-2, negative priority, ids below 1, a null token, a negative age) fail with a
 * {@link KuraStoreException} that names them; a closed store refuses every call but {@link #close()}.
 */
final class SqliteMessageStore implements MessageStore {

    private static final String COLUMNS = "id, topic, qos, retain, priority, createdOn, publishedOn, confirmedOn,"
            + " droppedOn, publishedMessageId, sessionId";

    private final MessageDatabase db;
    private final Table table;
    private volatile boolean closed;

    SqliteMessageStore(MessageDatabase db, Table table) {
        this.db = db;
        this.table = table;
    }

    String name() {
        return table.name;
    }

    @Override
    public int store(String topic, byte[] payload, int qos, boolean retain, int priority) throws KuraStoreException {
        if (topic == null || topic.isBlank()) {
            throw new KuraStoreException("topic must not be null or blank, got "
                    + (topic == null ? "null" : "'" + topic + "'"));
        }
        if (payload == null) {
            throw new KuraStoreException("payload must not be null (an empty message has an empty array)");
        }
        if (qos < 0 || qos > 2) {
            throw new KuraStoreException("qos must be 0, 1 or 2, got " + qos);
        }
        if (priority < 0) {
            throw new KuraStoreException("priority must be >= 0 (0 is the most urgent), got " + priority);
        }
        long bytes = (long) payload.length + topic.getBytes(StandardCharsets.UTF_8).length;
        return db.call("store a message in '" + table.name + "'", conn -> {
            checkOpen();
            MessageDatabase.Limits limits = db.limits();
            if (priority >= 2) {
                if (table.count >= limits.capacity()) {
                    throw new KuraStoreCapacityReachedException("message store '" + table.name + "' is full: "
                            + table.count + " messages of " + limits.capacity() + " (store.capacity); priorities 0"
                            + " and 1 are still accepted");
                }
                if (table.bytes + bytes > limits.capacityBytes()) {
                    throw new KuraStoreCapacityReachedException("message store '" + table.name + "' is full: "
                            + table.bytes + " + " + bytes + " bytes would exceed " + limits.capacityBytes()
                            + " (store.capacity.bytes); priorities 0 and 1 are still accepted");
                }
            }
            if (table.count >= Integer.MAX_VALUE - 1) {
                throw new KuraStoreException("message store '" + table.name + "' holds " + table.count
                        + " messages: no message id is free");
            }
            long seq = table.lastSeq + 1;
            while (seq > Integer.MAX_VALUE && exists(conn, idOf(seq))) {
                seq++; // after the wrap, skip ids that are still stored
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement p = conn.prepareStatement("INSERT INTO " + table.sql + " (seq, id, topic, qos,"
                    + " retain, priority, createdOn, bytes, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, seq);
                p.setInt(2, idOf(seq));
                p.setString(3, topic);
                p.setInt(4, qos);
                p.setInt(5, retain ? 1 : 0);
                p.setInt(6, priority);
                p.setLong(7, now);
                p.setLong(8, bytes);
                p.setBytes(9, payload);
                p.executeUpdate();
            }
            table.lastSeq = seq;
            table.count++;
            table.bytes += bytes;
            return idOf(seq);
        });
    }

    /** Kura's id of the {@code seq}-th message: 1 .. {@link Integer#MAX_VALUE}, then 1 again. */
    static int idOf(long seq) {
        return (int) ((seq - 1) % Integer.MAX_VALUE) + 1;
    }

    private boolean exists(Connection conn, int id) throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT 1 FROM " + table.sql + " WHERE id = ?")) {
            p.setInt(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void markAsPublished(int msgId) throws KuraStoreException {
        checkId(msgId);
        update("mark message " + msgId + " published", "UPDATE " + table.sql + " SET publishedOn = ? WHERE id = ?",
                msgId);
    }

    @Override
    public void markAsPublished(int msgId, DataTransportToken dataTransportToken) throws KuraStoreException {
        checkId(msgId);
        if (dataTransportToken == null) {
            throw new KuraStoreException("dataTransportToken must not be null (message " + msgId
                    + "); a QoS 0 message is marked with markAsPublished(int)");
        }
        db.call("mark message " + msgId + " published", conn -> {
            checkOpen();
            try (PreparedStatement p = conn.prepareStatement("UPDATE " + table.sql
                    + " SET publishedOn = ?, publishedMessageId = ?, sessionId = ? WHERE id = ?")) {
                p.setLong(1, System.currentTimeMillis());
                p.setInt(2, dataTransportToken.getMessageId());
                p.setString(3, dataTransportToken.getSessionId());
                p.setInt(4, msgId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void markAsConfirmed(int msgId) throws KuraStoreException {
        checkId(msgId);
        update("mark message " + msgId + " confirmed", "UPDATE " + table.sql + " SET confirmedOn = ? WHERE id = ?",
                msgId);
    }

    private void update(String what, String sql, int msgId) throws KuraStoreException {
        db.call(what, conn -> {
            checkOpen();
            try (PreparedStatement p = conn.prepareStatement(sql)) {
                p.setLong(1, System.currentTimeMillis());
                p.setInt(2, msgId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<StoredMessage> getNextMessage() throws KuraStoreException {
        return db.call("read the next message of '" + table.name + "'", conn -> {
            checkOpen();
            try (Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + COLUMNS + ", payload FROM " + table.sql
                            + " WHERE publishedOn IS NULL ORDER BY priority, seq LIMIT 1")) {
                return rs.next() ? Optional.of(message(rs, true)) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<StoredMessage> get(int msgId) throws KuraStoreException {
        checkId(msgId);
        return db.call("read message " + msgId + " of '" + table.name + "'", conn -> {
            checkOpen();
            try (PreparedStatement p = conn.prepareStatement("SELECT " + COLUMNS + ", payload FROM " + table.sql
                    + " WHERE id = ?")) {
                p.setInt(1, msgId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(message(rs, true)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public int getMessageCount() throws KuraStoreException {
        return db.call("count the messages of '" + table.name + "'", conn -> {
            checkOpen();
            return table.count;
        });
    }

    @Override
    public List<StoredMessage> getUnpublishedMessages() throws KuraStoreException {
        return list("list the unpublished messages", "publishedOn IS NULL");
    }

    @Override
    public List<StoredMessage> getInFlightMessages() throws KuraStoreException {
        return list("list the in-flight messages", inFlight());
    }

    @Override
    public List<StoredMessage> getDroppedMessages() throws KuraStoreException {
        return list("list the dropped messages", "droppedOn IS NOT NULL");
    }

    private static String inFlight() {
        return "publishedOn IS NOT NULL AND confirmedOn IS NULL AND droppedOn IS NULL AND qos > 0";
    }

    /** The messages matching {@code where}, without payload, in send order. */
    private List<StoredMessage> list(String what, String where) throws KuraStoreException {
        return db.call(what + " of '" + table.name + "'", conn -> {
            checkOpen();
            List<StoredMessage> messages = new ArrayList<>();
            try (Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM " + table.sql + " WHERE " + where
                            + " ORDER BY priority, seq")) {
                while (rs.next()) {
                    messages.add(message(rs, false));
                }
            }
            return messages;
        });
    }

    @Override
    public void unpublishAllInFlighMessages() throws KuraStoreException {
        db.call("unpublish the in-flight messages of '" + table.name + "'", conn -> {
            checkOpen();
            try (Statement s = conn.createStatement()) {
                s.executeUpdate("UPDATE " + table.sql + " SET publishedOn = NULL WHERE " + inFlight());
            }
            return null;
        });
    }

    @Override
    public void dropAllInFlightMessages() throws KuraStoreException {
        db.call("drop the in-flight messages of '" + table.name + "'", conn -> {
            checkOpen();
            try (PreparedStatement p = conn.prepareStatement("UPDATE " + table.sql + " SET droppedOn = ? WHERE "
                    + inFlight())) {
                p.setLong(1, System.currentTimeMillis());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void deleteStaleMessages(int purgeAgeSeconds) throws KuraStoreException {
        if (purgeAgeSeconds < 0) {
            throw new KuraStoreException("purgeAgeSeconds must be >= 0, got " + purgeAgeSeconds);
        }
        int deleted = db.transaction("delete the stale messages of '" + table.name + "'", conn -> {
            checkOpen();
            long cutoff = System.currentTimeMillis() - purgeAgeSeconds * 1000L;
            int n = 0;
            try (PreparedStatement p = conn.prepareStatement("DELETE FROM " + table.sql + " WHERE"
                    + " (droppedOn IS NOT NULL AND droppedOn <= ?) OR (confirmedOn IS NOT NULL AND confirmedOn <= ?)"
                    + " OR (qos = 0 AND publishedOn IS NOT NULL AND publishedOn <= ?)")) {
                p.setLong(1, cutoff);
                p.setLong(2, cutoff);
                p.setLong(3, cutoff);
                n = p.executeUpdate();
            }
            if (n > 0) {
                db.recount(conn, table);
            }
            return n;
        });
        if (deleted > 0) {
            db.returnFreePages();
        }
    }

    /** Closes this store (the database stays open for the provider's other stores); idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws KuraStoreException {
        if (closed) {
            throw new KuraStoreException("message store '" + table.name + "' is closed; open it again with"
                    + " MessageStoreProvider.openMessageStore");
        }
    }

    private static void checkId(int msgId) throws KuraStoreException {
        if (msgId < 1) {
            throw new KuraStoreException("message id must be >= 1 (ids are positive), got " + msgId);
        }
    }

    private static StoredMessage message(ResultSet rs, boolean withPayload) throws SQLException {
        StoredMessage.Builder b = new StoredMessage.Builder(rs.getInt("id")).withTopic(rs.getString("topic"))
                .withQos(rs.getInt("qos")).withRetain(rs.getInt("retain") != 0).withPriority(rs.getInt("priority"))
                .withCreatedOn(date(rs, "createdOn")).withPublishedOn(date(rs, "publishedOn"))
                .withConfirmedOn(date(rs, "confirmedOn")).withDroppedOn(date(rs, "droppedOn"));
        int transportId = rs.getInt("publishedMessageId");
        if (!rs.wasNull()) {
            b.withDataTransportToken(new DataTransportToken(transportId, rs.getString("sessionId")));
        }
        if (withPayload) {
            byte[] payload = rs.getBytes("payload");
            b.withPayload(payload == null ? new byte[0] : payload); // the driver reads an empty BLOB as null
        }
        return b.build();
    }

    private static Date date(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : new Date(millis);
    }
}
