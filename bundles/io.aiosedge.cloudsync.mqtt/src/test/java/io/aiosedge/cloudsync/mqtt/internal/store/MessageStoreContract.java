package io.aiosedge.cloudsync.mqtt.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.StoredMessage;
import org.eclipse.kura.message.store.provider.MessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kura's {@link MessageStore} contract as Kura's DataService relies on it (WIRES.md section 6, Kura 5.4.1's
 * {@code AbstractJdbcMessageStoreImpl}): ids, the next message by priority then age, the published / confirmed /
 * dropped states, in-flight messages and their tokens, un-publishing and dropping them, stale deletion by age,
 * counting, and durability across a close and reopen. Only what Kura's own stores also do is asserted here, so that
 * the class can run against any implementation: subclasses say how to make one.
 */
public abstract class MessageStoreContract {

    /** A new, empty store. */
    protected abstract MessageStore newStore() throws Exception;

    /** Closes {@code store} and opens the same store again, as after a restart of the gateway. */
    protected abstract MessageStore reopen(MessageStore store) throws Exception;

    protected MessageStore store;
    private final List<MessageStore> opened = new ArrayList<>();

    @BeforeEach
    void openStore() throws Exception {
        store = track(newStore());
    }

    @AfterEach
    void closeStores() {
        opened.forEach(MessageStore::close);
    }

    protected MessageStore track(MessageStore s) {
        opened.add(s);
        return s;
    }

    private int put(String topic, int qos, int priority) throws KuraStoreException {
        return store.store(topic, topic.getBytes(StandardCharsets.UTF_8), qos, false, priority);
    }

    private StoredMessage get(int id) throws KuraStoreException {
        return store.get(id).orElseThrow(() -> new AssertionError("message " + id + " is not stored"));
    }

    private static List<Integer> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::getId).collect(Collectors.toList());
    }

    @Test
    void storeReturnsNewIncreasingIdsAndGetReturnsTheMessageAsStored() throws Exception {
        long before = System.currentTimeMillis();
        byte[] payload = {1, 2, 3, (byte) 0xff};
        int a = store.store("a/b", payload, 1, true, 4);
        int b = store.store("a/c", new byte[] {9}, 0, false, 7);
        long after = System.currentTimeMillis();

        assertThat(a).isPositive();
        assertThat(b).isGreaterThan(a);
        StoredMessage m = get(a);
        assertThat(m.getId()).isEqualTo(a);
        assertThat(m.getTopic()).isEqualTo("a/b");
        assertThat(m.getPayload()).containsExactly(1, 2, 3, 0xff);
        assertThat(m.getQos()).isEqualTo(1);
        assertThat(m.isRetain()).isTrue();
        assertThat(m.getPriority()).isEqualTo(4);
        assertThat(m.getCreatedOn()).isPresent();
        assertThat(m.getCreatedOn().get().getTime()).isBetween(before, after);
        assertThat(m.getPublishedOn()).isEmpty();
        assertThat(m.getConfirmedOn()).isEmpty();
        assertThat(m.getDroppedOn()).isEmpty();
        assertThat(m.getDataTransportToken()).isEmpty();
        assertThat(get(b).isRetain()).isFalse();
        assertThat(get(b).getQos()).isZero();
        assertThat(store.getMessageCount()).isEqualTo(2);
    }

    @Test
    void getOfAnUnknownIdIsEmpty() throws Exception {
        int id = put("t", 1, 5);
        assertThat(store.get(id + 1000)).isEmpty();
    }

    @Test
    void blankTopicIsRefused() {
        assertThatThrownBy(() -> store.store(" ", new byte[0], 1, false, 5)).isInstanceOf(KuraStoreException.class);
        assertThatThrownBy(() -> store.store(null, new byte[0], 1, false, 5)).isInstanceOf(KuraStoreException.class);
    }

    @Test
    void nextMessageIsTheUnpublishedOneOfLowestPriorityThenTheOldest() throws Exception {
        assertThat(store.getNextMessage()).isEmpty();
        int low1 = put("low1", 1, 9);
        int high1 = put("high1", 1, 2);
        int low2 = put("low2", 1, 9);
        int high2 = put("high2", 1, 2);
        int urgent = put("urgent", 0, 0);

        List<Integer> sent = new ArrayList<>();
        for (Optional<StoredMessage> next = store.getNextMessage(); next.isPresent(); next = store.getNextMessage()) {
            StoredMessage m = next.get();
            assertThat(m.getPayload()).as("the next message carries its payload")
                    .isEqualTo(m.getTopic().getBytes(StandardCharsets.UTF_8));
            sent.add(m.getId());
            if (m.getQos() == 0) {
                store.markAsPublished(m.getId());
            } else {
                store.markAsPublished(m.getId(), new DataTransportToken(sent.size(), "session"));
            }
        }
        assertThat(sent).containsExactly(urgent, high1, high2, low1, low2);
        assertThat(store.getMessageCount()).as("published messages stay stored").isEqualTo(5);
    }

    @Test
    void markAsPublishedWithoutTokenSetsThePublishedDateOnly() throws Exception {
        int id = put("q0", 0, 5);
        long before = System.currentTimeMillis();
        store.markAsPublished(id);
        StoredMessage m = get(id);
        assertThat(m.getPublishedOn()).isPresent();
        assertThat(m.getPublishedOn().get().getTime()).isGreaterThanOrEqualTo(before);
        assertThat(m.getDataTransportToken()).isEmpty();
        assertThat(m.getConfirmedOn()).isEmpty();
        assertThat(ids(store.getInFlightMessages())).as("QoS 0 is never in flight").isEmpty();
        assertThat(ids(store.getUnpublishedMessages())).isEmpty();
        assertThat(store.getNextMessage()).isEmpty();
    }

    @Test
    void markAsPublishedWithTokenKeepsTheTokenAndTheMessageIsInFlightUntilConfirmed() throws Exception {
        int id = put("q1", 1, 5);
        int other = put("other", 2, 5);
        DataTransportToken token = new DataTransportToken(42, "client-1");
        store.markAsPublished(id, token);

        StoredMessage m = get(id);
        assertThat(m.getPublishedOn()).isPresent();
        assertThat(m.getDataTransportToken()).contains(token);
        List<StoredMessage> inFlight = store.getInFlightMessages();
        assertThat(ids(inFlight)).containsExactly(id);
        assertThat(inFlight.get(0).getDataTransportToken()).contains(token);
        assertThat(ids(store.getUnpublishedMessages())).containsExactly(other);

        long before = System.currentTimeMillis();
        store.markAsConfirmed(id);
        m = get(id);
        assertThat(m.getConfirmedOn()).isPresent();
        assertThat(m.getConfirmedOn().get().getTime()).isGreaterThanOrEqualTo(before);
        assertThat(store.getInFlightMessages()).isEmpty();
        assertThat(store.getMessageCount()).as("confirmed messages stay until purged").isEqualTo(2);
    }

    @Test
    void listsSelectByStateAndKeepPriorityOrder() throws Exception {
        int u1 = put("u1", 1, 8);
        int u2 = put("u2", 1, 3);
        int f1 = put("f1", 1, 6);
        int f2 = put("f2", 2, 1);
        int c = put("c", 1, 5);
        int d = put("d", 1, 5);
        int q0 = put("q0", 0, 5);
        store.markAsPublished(f1, new DataTransportToken(1, "s"));
        store.markAsPublished(f2, new DataTransportToken(2, "s"));
        store.markAsPublished(c, new DataTransportToken(3, "s"));
        store.markAsConfirmed(c);
        store.markAsPublished(q0);
        store.markAsPublished(d, new DataTransportToken(4, "s"));

        assertThat(ids(store.getUnpublishedMessages())).containsExactly(u2, u1);
        List<StoredMessage> inFlight = store.getInFlightMessages();
        assertThat(ids(inFlight)).containsExactlyInAnyOrder(f1, f2, d);
        assertThat(inFlight.stream().map(StoredMessage::getPriority)).isSorted();
        assertThat(store.getDroppedMessages()).isEmpty();
        assertThat(store.getMessageCount()).isEqualTo(7);
    }

    @Test
    void unpublishAllInFlightMakesThemUnpublishedAgainAndLeavesTheRest() throws Exception {
        int inFlight = put("inflight", 1, 5);
        int confirmed = put("confirmed", 1, 5);
        int q0 = put("q0", 0, 5);
        int waiting = put("waiting", 1, 6);
        store.markAsPublished(inFlight, new DataTransportToken(7, "old-session"));
        store.markAsPublished(confirmed, new DataTransportToken(8, "old-session"));
        store.markAsConfirmed(confirmed);
        store.markAsPublished(q0);

        store.unpublishAllInFlighMessages();

        assertThat(get(inFlight).getPublishedOn()).isEmpty();
        assertThat(store.getInFlightMessages()).isEmpty();
        assertThat(ids(store.getUnpublishedMessages())).containsExactly(inFlight, waiting);
        assertThat(store.getNextMessage().map(StoredMessage::getId)).contains(inFlight);
        assertThat(get(confirmed).getPublishedOn()).as("confirmed stays published").isPresent();
        assertThat(get(q0).getPublishedOn()).as("QoS 0 is not sent again").isPresent();
        assertThat(store.getDroppedMessages()).isEmpty();
    }

    @Test
    void dropAllInFlightMarksExactlyTheInFlightOnesDropped() throws Exception {
        int inFlight = put("inflight", 1, 5);
        int inFlight2 = put("inflight2", 2, 4);
        int confirmed = put("confirmed", 1, 5);
        int q0 = put("q0", 0, 5);
        int waiting = put("waiting", 1, 5);
        store.markAsPublished(inFlight, new DataTransportToken(1, "s"));
        store.markAsPublished(inFlight2, new DataTransportToken(2, "s"));
        store.markAsPublished(confirmed, new DataTransportToken(3, "s"));
        store.markAsConfirmed(confirmed);
        store.markAsPublished(q0);

        long before = System.currentTimeMillis();
        store.dropAllInFlightMessages();

        assertThat(ids(store.getDroppedMessages())).containsExactlyInAnyOrder(inFlight, inFlight2);
        assertThat(get(inFlight).getDroppedOn()).isPresent();
        assertThat(get(inFlight).getDroppedOn().get().getTime()).isGreaterThanOrEqualTo(before);
        assertThat(store.getInFlightMessages()).isEmpty();
        assertThat(get(confirmed).getDroppedOn()).isEmpty();
        assertThat(get(q0).getDroppedOn()).isEmpty();
        assertThat(get(waiting).getDroppedOn()).isEmpty();
        assertThat(store.getNextMessage().map(StoredMessage::getId)).as("dropped are not sent again")
                .contains(waiting);
        assertThat(store.getMessageCount()).isEqualTo(5);
    }

    @Test
    void deleteStaleRemovesDroppedConfirmedAndPublishedQos0AtLeastThatOld() throws Exception {
        int dropped = put("dropped", 1, 5);
        int confirmed = put("confirmed", 1, 5);
        int q0 = put("q0", 0, 5);
        int inFlight = put("inflight", 1, 5);
        int unpublished = put("unpublished", 1, 5);
        int unpublishedQ0 = put("unpublished-q0", 0, 5);
        store.markAsPublished(dropped, new DataTransportToken(1, "s"));
        store.dropAllInFlightMessages();
        store.markAsPublished(confirmed, new DataTransportToken(2, "s"));
        store.markAsConfirmed(confirmed);
        store.markAsPublished(q0);
        store.markAsPublished(inFlight, new DataTransportToken(3, "s"));
        long marked = System.currentTimeMillis();

        store.deleteStaleMessages(3600);
        assertThat(store.getMessageCount()).as("nothing is an hour old").isEqualTo(6);

        // age 1 s: deleted once they are a second old, not before
        store.deleteStaleMessages(1);
        long elapsed = System.currentTimeMillis() - marked;
        if (elapsed < 1000) {
            assertThat(store.getMessageCount()).as("younger than 1 s after %d ms", elapsed).isEqualTo(6);
        }
        Duration waited = awaitDeleted(() -> store.deleteStaleMessages(1), 3);
        assertThat(System.currentTimeMillis() - marked).isGreaterThanOrEqualTo(1000);
        assertThat(waited).isLessThan(Duration.ofSeconds(10));

        assertThat(store.get(dropped)).isEmpty();
        assertThat(store.get(confirmed)).isEmpty();
        assertThat(store.get(q0)).isEmpty();
        assertThat(store.get(inFlight)).isPresent();
        assertThat(store.get(unpublished)).isPresent();
        assertThat(store.get(unpublishedQ0)).isPresent();
        assertThat(store.getMessageCount()).isEqualTo(3);

        store.markAsConfirmed(inFlight);
        store.deleteStaleMessages(0);
        assertThat(store.get(inFlight)).as("age 0: everything stale goes").isEmpty();
        assertThat(store.getMessageCount()).isEqualTo(2);
    }

    /** An action run until {@code expectedGone} messages are gone (polling every 50 ms, at most 10 s). */
    private Duration awaitDeleted(StoreAction action, int expectedGone) throws Exception {
        int start = store.getMessageCount();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos()) {
            action.run();
            if (store.getMessageCount() <= start - expectedGone) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(50); // polling a condition with a deadline
        }
        throw new AssertionError("stale messages not deleted within 10 s: " + store.getMessageCount() + " left");
    }

    @FunctionalInterface
    private interface StoreAction {
        void run() throws Exception;
    }

    @Test
    void markingAnUnknownIdChangesNothing() throws Exception {
        int id = put("t", 1, 5);
        StoredMessage before = get(id);
        store.markAsPublished(id + 100);
        store.markAsPublished(id + 100, new DataTransportToken(1, "s"));
        store.markAsConfirmed(id + 100);
        assertThat(get(id)).isEqualTo(before);
        assertThat(store.getMessageCount()).isEqualTo(1);
    }

    @Test
    void aNewTokenReplacesTheOldOneWhenRepublished() throws Exception {
        int id = put("t", 1, 5);
        store.markAsPublished(id, new DataTransportToken(1, "session-1"));
        store.unpublishAllInFlighMessages();
        assertThat(store.getNextMessage().map(StoredMessage::getId)).contains(id);
        store.markAsPublished(id, new DataTransportToken(5, "session-2"));
        assertThat(get(id).getDataTransportToken()).contains(new DataTransportToken(5, "session-2"));
        assertThat(ids(store.getInFlightMessages())).containsExactly(id);
    }

    @Test
    void everythingSurvivesCloseAndReopenAndIdsAreNotReused() throws Exception {
        int unpublished = put("unpublished", 1, 5);
        int inFlight = put("inflight", 1, 3);
        int confirmed = put("confirmed", 2, 5);
        int dropped = put("dropped", 1, 5);
        int last = put("last", 0, 9);
        store.markAsPublished(dropped, new DataTransportToken(1, "s"));
        store.dropAllInFlightMessages();
        store.markAsPublished(inFlight, new DataTransportToken(2, "s"));
        store.markAsPublished(confirmed, new DataTransportToken(3, "s"));
        store.markAsConfirmed(confirmed);
        store.markAsPublished(last);
        List<StoredMessage> all = new ArrayList<>();
        for (int id : new int[] {unpublished, inFlight, confirmed, dropped, last}) {
            all.add(get(id));
        }
        store.deleteStaleMessages(0); // deletes confirmed, dropped and the published QoS 0 (the highest id)
        assertThat(store.getMessageCount()).isEqualTo(2);

        MessageStore again = track(reopen(store));
        store = again;
        assertThat(again.getMessageCount()).isEqualTo(2);
        assertThat(again.get(unpublished)).contains(all.get(0));
        assertThat(again.get(inFlight)).contains(all.get(1));
        assertThat(ids(again.getInFlightMessages())).containsExactly(inFlight);
        assertThat(again.getInFlightMessages().get(0).getDataTransportToken())
                .contains(new DataTransportToken(2, "s"));
        assertThat(again.getNextMessage().map(StoredMessage::getId)).contains(unpublished);
        int next = again.store("after", new byte[0], 1, false, 5);
        assertThat(next).as("ids are not reused after a restart, not even the deleted highest").isGreaterThan(last);
    }

    @Test
    void datesAreMillisecondsOfTheWallClock() throws Exception {
        int id = put("t", 1, 5);
        Date created = get(id).getCreatedOn().orElseThrow();
        assertThat(Math.abs(created.getTime() - System.currentTimeMillis())).isLessThan(60_000);
    }
}
