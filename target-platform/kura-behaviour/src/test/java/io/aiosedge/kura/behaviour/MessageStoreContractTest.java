package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.Optional;

import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.StoredMessage;
import org.junit.jupiter.api.Test;

/**
 * {@code StoredMessage} and {@code DataTransportToken} as Kura 5.4.1 has them: the builder checks nothing and
 * leaves unset fields at 0, null or {@code Optional.empty()}; the payload is kept, not copied; a message is equal
 * to another when every field is (the payload by content); a token is equal by message and session id and has no
 * {@code toString} of its own. A message store must give back messages that compare as the DataService expects.
 */
class MessageStoreContractTest {

    @Test
    void aBuiltMessageHasOnlyItsIdUntilFieldsAreSet() {
        StoredMessage message = new StoredMessage.Builder(7).build();
        assertThat(message.getId()).isEqualTo(7);
        assertThat(message.getTopic()).isNull();
        assertThat(message.getPayload()).isNull();
        assertThat(message.getQos()).isZero();
        assertThat(message.getPriority()).isZero();
        assertThat(message.isRetain()).isFalse();
        assertThat(message.getCreatedOn()).isEmpty();
        assertThat(message.getPublishedOn()).isEmpty();
        assertThat(message.getConfirmedOn()).isEmpty();
        assertThat(message.getDroppedOn()).isEmpty();
        assertThat(message.getDataTransportToken()).isEmpty();
    }

    @Test
    void everyFieldIsKeptAsGivenAndThePayloadIsNotCopied() {
        byte[] payload = {1, 2, 3};
        Date created = new Date(1_000);
        Date published = new Date(2_000);
        Date confirmed = new Date(3_000);
        Date dropped = new Date(4_000);
        DataTransportToken token = new DataTransportToken(12, "session");
        StoredMessage message = new StoredMessage.Builder(-1).withTopic("").withQos(7).withRetain(true)
                .withPriority(-3).withPayload(payload).withCreatedOn(created).withPublishedOn(published)
                .withConfirmedOn(confirmed).withDroppedOn(dropped).withDataTransportToken(token).build();

        assertThat(message.getId()).isEqualTo(-1);
        assertThat(message.getTopic()).isEmpty();
        assertThat(message.getQos()).isEqualTo(7);
        assertThat(message.isRetain()).isTrue();
        assertThat(message.getPriority()).isEqualTo(-3);
        assertThat(message.getPayload()).isSameAs(payload);
        assertThat(message.getCreatedOn()).contains(created);
        assertThat(message.getPublishedOn()).contains(published);
        assertThat(message.getConfirmedOn()).contains(confirmed);
        assertThat(message.getDroppedOn()).contains(dropped);
        assertThat(message.getDataTransportToken()).contains(token);
    }

    @Test
    void messagesAreEqualWhenEveryFieldIsThePayloadByContent() {
        StoredMessage one = new StoredMessage.Builder(1).withTopic("t").withPayload(new byte[] {9})
                .withCreatedOn(new Date(5)).build();
        StoredMessage same = new StoredMessage.Builder(1).withTopic("t").withPayload(new byte[] {9})
                .withCreatedOn(new Date(5)).build();
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(one).isNotEqualTo(new StoredMessage.Builder(1).withTopic("t").withPayload(new byte[] {8})
                .withCreatedOn(new Date(5)).build());
        assertThat(one).isNotEqualTo(new StoredMessage.Builder(1).withTopic("t").withPayload(new byte[] {9})
                .withCreatedOn(new Date(5)).withPublishedOn(new Date(6)).build());
        assertThat(one).isNotEqualTo(new StoredMessage.Builder(2).withTopic("t").withPayload(new byte[] {9})
                .withCreatedOn(new Date(5)).build());
        assertThat(one).isNotEqualTo(new StoredMessage.Builder(1).withTopic("t").withPayload(new byte[] {9})
                .withCreatedOn(new Date(5)).withQos(1).build());
        assertThat(one).isNotEqualTo(null);
    }

    @Test
    void toStringListsEveryField() {
        StoredMessage message = new StoredMessage.Builder(3).withTopic("a/b").withQos(1).withPayload(new byte[] {1, 2})
                .withPriority(4).build();
        assertThat(message.toString()).isEqualTo("StoredMessage [id=3, topic=a/b, qos=1, retain=false, priority=4,"
                + " payload=[1, 2], createdOn=" + Optional.empty() + ", publishedOn=Optional.empty,"
                + " confirmedOn=Optional.empty, droppedOn=Optional.empty, dataTransportToken=Optional.empty]");
    }

    @Test
    void aTokenIsEqualByMessageAndSessionAndHasNoToStringOfItsOwn() {
        DataTransportToken token = new DataTransportToken(5, "s1");
        assertThat(token.getMessageId()).isEqualTo(5);
        assertThat(token.getSessionId()).isEqualTo("s1");
        assertThat(token).isEqualTo(new DataTransportToken(5, "s1")).hasSameHashCodeAs(new DataTransportToken(5, "s1"));
        assertThat(token).isNotEqualTo(new DataTransportToken(5, "s2")).isNotEqualTo(new DataTransportToken(6, "s1"));
        assertThat(new DataTransportToken(5, null)).isEqualTo(new DataTransportToken(5, null))
                .isNotEqualTo(token);
        assertThat(token.toString()).startsWith("org.eclipse.kura.data.DataTransportToken@");
    }
}
