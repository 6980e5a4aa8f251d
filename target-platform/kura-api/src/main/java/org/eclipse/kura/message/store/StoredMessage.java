package org.eclipse.kura.message.store;

import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.kura.data.DataTransportToken;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code StoredMessage}: a message as a store returns it. A value (equal when every field is, the
 * payload by content), built with {@link Builder}, which checks nothing; the payload array is kept, not copied.
 * Unset dates and token are {@code Optional.empty()}.
 */
@ProviderType
public class StoredMessage {

    private final int id;
    private final String topic;
    private final int qos;
    private final boolean retain;
    private final int priority;
    private final byte[] payload;
    private final Optional<Date> createdOn;
    private final Optional<Date> publishedOn;
    private final Optional<Date> confirmedOn;
    private final Optional<Date> droppedOn;
    private final Optional<DataTransportToken> dataTransportToken;

    StoredMessage(Builder builder) {
        this.id = builder.id;
        this.topic = builder.topic;
        this.qos = builder.qos;
        this.retain = builder.retain;
        this.priority = builder.priority;
        this.payload = builder.payload;
        this.createdOn = Optional.ofNullable(builder.createdOn);
        this.publishedOn = Optional.ofNullable(builder.publishedOn);
        this.confirmedOn = Optional.ofNullable(builder.confirmedOn);
        this.droppedOn = Optional.ofNullable(builder.droppedOn);
        this.dataTransportToken = Optional.ofNullable(builder.dataTransportToken);
    }

    public int getId() {
        return id;
    }

    public String getTopic() {
        return topic;
    }

    public int getQos() {
        return qos;
    }

    public boolean isRetain() {
        return retain;
    }

    /** @return the priority, lower is more urgent */
    public int getPriority() {
        return priority;
    }

    public byte[] getPayload() {
        return payload;
    }

    public Optional<Date> getCreatedOn() {
        return createdOn;
    }

    public Optional<Date> getPublishedOn() {
        return publishedOn;
    }

    public Optional<Date> getConfirmedOn() {
        return confirmedOn;
    }

    public Optional<Date> getDroppedOn() {
        return droppedOn;
    }

    public Optional<DataTransportToken> getDataTransportToken() {
        return dataTransportToken;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + Objects.hash(confirmedOn, createdOn, dataTransportToken, droppedOn, id,
                priority, publishedOn, qos, retain, topic);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (!(obj instanceof StoredMessage)) {
            return false;
        }
        StoredMessage other = (StoredMessage) obj;
        return id == other.id && qos == other.qos && retain == other.retain && priority == other.priority
                && Objects.equals(topic, other.topic) && Arrays.equals(payload, other.payload)
                && createdOn.equals(other.createdOn) && publishedOn.equals(other.publishedOn)
                && confirmedOn.equals(other.confirmedOn) && droppedOn.equals(other.droppedOn)
                && dataTransportToken.equals(other.dataTransportToken);
    }

    @Override
    public String toString() {
        return "StoredMessage [id=" + id + ", topic=" + topic + ", qos=" + qos + ", retain=" + retain
                + ", priority=" + priority + ", payload=" + Arrays.toString(payload) + ", createdOn=" + createdOn
                + ", publishedOn=" + publishedOn + ", confirmedOn=" + confirmedOn + ", droppedOn=" + droppedOn
                + ", dataTransportToken=" + dataTransportToken + "]";
    }

    /** Mirrors Kura's {@code StoredMessage.Builder}: every field optional, the id given up front. */
    @ProviderType
    public static class Builder {

        private final int id;
        private String topic;
        private int qos;
        private boolean retain;
        private byte[] payload;
        private int priority;
        private Date createdOn;
        private Date publishedOn;
        private Date confirmedOn;
        private Date droppedOn;
        private DataTransportToken dataTransportToken;

        public Builder(int id) {
            this.id = id;
        }

        public Builder withTopic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder withQos(int qos) {
            this.qos = qos;
            return this;
        }

        public Builder withRetain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder withCreatedOn(Date createdOn) {
            this.createdOn = createdOn;
            return this;
        }

        public Builder withPublishedOn(Date publishedOn) {
            this.publishedOn = publishedOn;
            return this;
        }

        public Builder withConfirmedOn(Date confirmedOn) {
            this.confirmedOn = confirmedOn;
            return this;
        }

        public Builder withPayload(byte[] payload) {
            this.payload = payload;
            return this;
        }

        public Builder withPriority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder withDataTransportToken(DataTransportToken token) {
            this.dataTransportToken = token;
            return this;
        }

        public Builder withDroppedOn(Date droppedOn) {
            this.droppedOn = droppedOn;
            return this;
        }

        public StoredMessage build() {
            return new StoredMessage(this);
        }
    }
}
