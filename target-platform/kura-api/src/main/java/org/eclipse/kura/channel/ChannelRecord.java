package org.eclipse.kura.channel;

import java.util.Collections;
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
    private Map<String, Object> channelConfig = Collections.emptyMap();

    private ChannelRecord() {
    }

    /**
     * @param channelName the channel name, not null
     * @param valueType the expected value type, not null
     * @return a record asking to read the channel
     */
    public static ChannelRecord createReadRecord(String channelName, DataType valueType) {
        ChannelRecord result = new ChannelRecord();
        result.channelName = Objects.requireNonNull(channelName, "channelName cannot be null");
        result.valueType = Objects.requireNonNull(valueType, "valueType cannot be null");
        return result;
    }

    /**
     * @param channelName the channel name, not null
     * @param valueType the expected value type, not null
     * @param unit the unit of the value, may be null
     * @return a record asking to read the channel
     */
    public static ChannelRecord createReadRecord(String channelName, DataType valueType, String unit) {
        ChannelRecord result = createReadRecord(channelName, valueType);
        result.unit = unit;
        return result;
    }

    /**
     * @param channelName the channel name, not null
     * @param value the value to write, not null; it also gives the record's value type
     * @return a record asking to write the value
     */
    public static ChannelRecord createWriteRecord(String channelName, TypedValue<?> value) {
        Objects.requireNonNull(value, "value cannot be null");
        ChannelRecord result = createReadRecord(channelName, value.getType());
        result.value = value;
        return result;
    }

    /**
     * @param channelName the channel name, not null
     * @param status the status, not null
     * @return a record that only carries a status
     */
    public static ChannelRecord createStatusRecord(String channelName, ChannelStatus status) {
        ChannelRecord result = new ChannelRecord();
        result.channelName = Objects.requireNonNull(channelName, "channelName cannot be null");
        result.channelStatus = Objects.requireNonNull(status, "status cannot be null");
        return result;
    }

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

    /** @param channelConfig the channel configuration; kept as an unmodifiable view (null means empty) */
    public void setChannelConfig(Map<String, Object> channelConfig) {
        this.channelConfig = channelConfig == null ? Collections.emptyMap()
                : Collections.unmodifiableMap(channelConfig);
    }

    public void setChannelStatus(ChannelStatus status) {
        this.channelStatus = status;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

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

    public void setValue(TypedValue<?> value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "ChannelRecord [channelName=" + this.channelName + ", valueType=" + this.valueType + ", value="
                + this.value + ", channelStatus=" + this.channelStatus + ", timestamp=" + this.timestamp
                + ", unit=" + this.unit + "]";
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.channelName, this.valueType, this.value, this.channelStatus, this.timestamp,
                this.unit, this.channelConfig);
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
                && Objects.equals(this.channelStatus, other.channelStatus) && Objects.equals(this.unit, other.unit)
                && Objects.equals(this.channelConfig, other.channelConfig);
    }
}
