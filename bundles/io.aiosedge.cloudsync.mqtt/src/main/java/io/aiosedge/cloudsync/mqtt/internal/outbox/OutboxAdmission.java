package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.FullPolicy;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Limits;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox.Meta;

/**
 * The outbox's limits at the door: whether a new message fits in {@link Limits} ({@code outbox.capacity},
 * {@code outbox.capacity.bytes}) and, when it does not, what the {@link FullPolicy} does — refuse it, or drop the
 * oldest unsent message of the lowest priority — with the refusals and drops counted by priority for
 * {@link DurableOutbox#stats()}. Priorities 0 and 1 are never refused (as in Kura).
 *
 * <p><b>Lock:</b> part of the {@link OutboxIndex} and called only by it, with the index lock held (inside the
 * journal lock, during an append); its counters are guarded by the index lock too.
 */
final class OutboxAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(DurableOutbox.class);

    private final Path directory;
    private final Map<Integer, Long> refusedByPriority = new TreeMap<>();
    private final Map<Integer, Long> droppedByPriority = new TreeMap<>();
    private long lastDropLogMillis;

    OutboxAdmission(Path directory) {
        this.directory = directory;
    }

    /**
     * Applies the limits and the full policy to a new message. Returns the dropped messages whose record is in a
     * journal (the caller records their removal there); those in SQLite are deleted by the next move or flush.
     *
     * @throws KuraStoreCapacityReachedException when the message is refused; the message names the limits
     */
    List<Long> admit(OutboxIndex index, Meta incoming, Limits l) throws KuraStoreCapacityReachedException {
        if (!full(index, l, incoming.bytes())) {
            return List.of();
        }
        List<Long> droppedInJournal = new ArrayList<>();
        boolean exempt = incoming.priority() < 2;
        if (l.policy() == FullPolicy.DROP_OLDEST) {
            int lowestEvictable = Math.max(incoming.priority(), 2);
            while (full(index, l, incoming.bytes())) {
                Meta victim = index.oldestOfLowestPriority();
                if (victim == null || victim.priority() < lowestEvictable) {
                    break;
                }
                boolean inJournal = index.drop(victim);
                droppedByPriority.merge(victim.priority(), 1L, Long::sum);
                if (inJournal) {
                    droppedInJournal.add(victim.seq());
                }
                logDrop(victim);
            }
            if (!full(index, l, incoming.bytes())) {
                return droppedInJournal;
            }
        }
        if (exempt) {
            return droppedInJournal; // priorities 0-1 are never refused (as in Kura)
        }
        refusedByPriority.merge(incoming.priority(), 1L, Long::sum);
        throw new KuraStoreCapacityReachedException("outbox full: " + index.liveCount() + " messages (outbox.capacity "
                + l.capacity() + ") and " + index.liveBytes() + " bytes (outbox.capacity.bytes " + l.capacityBytes()
                + ") stored; a message of priority " + incoming.priority() + " and " + incoming.bytes()
                + " bytes is refused (outbox.full.policy=" + l.policy()
                + (l.policy() == FullPolicy.DROP_OLDEST ? ": nothing of priority " + incoming.priority()
                        + " or lower is waiting to be dropped" : "")
                + "); priorities 0-1 are exempt");
    }

    private static boolean full(OutboxIndex index, Limits l, int bytes) {
        return index.liveCount() + 1 > l.capacity() || index.liveBytes() + bytes > l.capacityBytes();
    }

    private void logDrop(Meta victim) {
        long now = System.currentTimeMillis();
        if (now - lastDropLogMillis >= 10_000) {
            lastDropLogMillis = now;
            LOG.warn("outbox {} full: dropping the oldest message of the lowest priority to make room"
                    + " (outbox.full.policy=drop-oldest), e.g. {} of priority {}; dropped so far by priority: {}",
                    directory, victim.id(), victim.priority(), droppedByPriority);
        }
    }

    /** Refusals so far by priority (a copy). */
    Map<Integer, Long> refusedByPriority() {
        return new TreeMap<>(refusedByPriority);
    }

    /** Drops so far by priority (a copy). */
    Map<Integer, Long> droppedByPriority() {
        return new TreeMap<>(droppedByPriority);
    }
}
