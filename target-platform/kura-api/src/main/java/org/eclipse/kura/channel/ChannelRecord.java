package org.eclipse.kura.channel;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code ChannelRecord}: the request and the result of one read or write on a channel.
 * Drivers fill a record in place with its value, {@link ChannelStatus} and timestamp.
 */
@ProviderType
public class ChannelRecord {

    private String channelName;
    private DataType valueType;
    private TypedValue<?> value;
    private ChannelStatus channelStatus;
    private long timestamp;
    private String unit;
    private Map<String, Object> channelConfig;

    private ChannelRecord(String channelName, DataType valueType) {
        this.channelName = Objects.requireNonNull(channelName, "Channel Name cannot be null");
        this.valueType = valueType;
    }

    /**
     * @param channelName the channel name, not null
     * @param valueType the expected value type, not null
     * @return a record asking to read the channel, with the unit {@code ""}
     */
    public static ChannelRecord createReadRecord(String channelName, DataType valueType) {
        return createReadRecord(channelName, valueType, "");
    }

    /**
     * @param channelName the channel name, not null
     * @param valueType the expected value type, not null
     * @param unit the unit of the value, kept as given (null too)
     * @return a record asking to read the channel
     */
    public static ChannelRecord createReadRecord(String channelName, DataType valueType, String unit) {
        ChannelRecord result = new ChannelRecord(channelName,
                Objects.requireNonNull(valueType, "Value Type cannot be null"));
        result.unit = unit;
        return result;
    }

    /**
     * @param channelName the channel name, not null
     * @param value the value to write, not null; it also gives the record's value type. The unit stays null.
     * @return a record asking to write the value
     */
    public static ChannelRecord createWriteRecord(String channelName, TypedValue<?> value) {
        Objects.requireNonNull(channelName, "Channel Name cannot be null");
        Objects.requireNonNull(value, "Value cannot be null");
        ChannelRecord result = new ChannelRecord(channelName, value.getType());
        result.value = value;
        return result;
    }

    /**
     * @param channelName the channel name, not null
     * @param status the status, not null
     * @return a record that only carries a status: value type and unit stay null
     */
    public static ChannelRecord createStatusRecord(String channelName, ChannelStatus status) {
        Objects.requireNonNull(channelName, "Channel Name cannot be null");
        ChannelRecord result = new ChannelRecord(channelName, null);
        result.channelStatus = Objects.requireNonNull(status, "Status cannot be null");
        return result;
    }

    /** @return the map set last (a copy of what was given, which may be changed), null until one is set */
    public Map<String, Object> getChannelConfig() {
        return this.channelConfig;
    }

    public ChannelStatus getChannelStatus() {
        return this.channelStatus;
    }

    public long getTimestamp() {
        return this.timestamp;
    }

    public String getUnit() {
        return this.unit;
    }

    /** @param channelConfig the channel configuration, not null; copied */
    public void setChannelConfig(Map<String, Object> channelConfig) {
        this.channelConfig = new HashMap<>(
                Objects.requireNonNull(channelConfig, "Channel configuration cannot be null"));
    }

    public void setChannelStatus(ChannelStatus status) {
        this.channelStatus = Objects.requireNonNull(status, "Channel Status cannot be null");
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /** @param unit the unit, null allowed */
    public void setUnit(String unit) {
        this.unit = unit;
    }

    public String getChannelName() {
        return this.channelName;
    }

    public DataType getValueType() {
        return this.valueType;
    }

    public TypedValue<?> getValue() {
        return this.value;
    }

    /** @param value the value, not null; it is not checked against {@link #getValueType()} */
    public void setValue(TypedValue<?> value) {
        this.value = Objects.requireNonNull(value, "Value cannot be null");
    }

    @Override
    public String toString() {
        return "ChannelRecord [channelConfiguration=" + this.channelConfig + ", channelStatus=" + this.channelStatus
                + ", name=" + this.channelName + ", valueType=" + this.valueType + ", value=" + this.value
                + ", timestamp=" + this.timestamp + ", unit=" + this.unit + "]";
    }

    /** Over name, value type, value, status, timestamp and unit; the channel configuration is not part of it. */
    @Override
    public int hashCode() {
        return Objects.hash(this.channelName, this.valueType, this.value, this.channelStatus, this.timestamp,
                this.unit);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        ChannelRecord other = (ChannelRecord) obj;
        return this.timestamp == other.timestamp && Objects.equals(this.channelName, other.channelName)
                && this.valueType == other.valueType && Objects.equals(this.value, other.value)
                && Objects.equals(this.channelStatus, other.channelStatus) && Objects.equals(this.unit, other.unit);
    }
}
