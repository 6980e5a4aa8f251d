package org.eclipse.kura.channel;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code Channel}: the configuration of one channel of an asset. A new channel is enabled,
 * with scale 1.0, offset 0.0 and no unit.
 */
@ProviderType
public class Channel {

    private String name;
    private ChannelType type;
    private DataType valueType;
    private boolean enabled = true;
    private double valueScale = 1.0d;
    private double valueOffset = 0.0d;
    private String unit;
    private final Map<String, Object> configuration;

    /**
     * @param name the channel name, not null
     * @param type the channel type, not null
     * @param valueType the value type, not null
     * @param config the channel configuration (copied; null means empty)
     */
    public Channel(String name, ChannelType type, DataType valueType, Map<String, Object> config) {
        this.name = Objects.requireNonNull(name, "name cannot be null");
        this.type = Objects.requireNonNull(type, "type cannot be null");
        this.valueType = Objects.requireNonNull(valueType, "valueType cannot be null");
        this.configuration = config == null ? Collections.emptyMap()
                : Collections.unmodifiableMap(new HashMap<>(config));
    }

    /** @return the channel configuration, unmodifiable */
    public Map<String, Object> getConfiguration() {
        return this.configuration;
    }

    public String getName() {
        return this.name;
    }

    public ChannelType getType() {
        return this.type;
    }

    public DataType getValueType() {
        return this.valueType;
    }

    public boolean isEnabled() {
        return this.enabled;
    }

    public double getValueScale() {
        return this.valueScale;
    }

    public double getValueOffset() {
        return this.valueOffset;
    }

    public String getUnit() {
        return this.unit;
    }

    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name cannot be null");
    }

    public void setType(ChannelType type) {
        this.type = Objects.requireNonNull(type, "type cannot be null");
    }

    public void setValueType(DataType valueType) {
        this.valueType = Objects.requireNonNull(valueType, "valueType cannot be null");
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void setScale(double scale) {
        this.valueScale = scale;
    }

    public void setOffset(double offset) {
        this.valueOffset = offset;
    }

    public void setUnit(String unit) {
        this.unit = unit;
    }

    @Override
    public String toString() {
        return "Channel [name=" + this.name + ", type=" + this.type + ", valueType=" + this.valueType + ", enabled="
                + this.enabled + ", valueScale=" + this.valueScale + ", valueOffset=" + this.valueOffset + ", unit="
                + this.unit + ", configuration=" + this.configuration + "]";
    }

    /** @return a read record for this channel, carrying its unit and configuration */
    public ChannelRecord createReadRecord() {
        ChannelRecord result = ChannelRecord.createReadRecord(this.name, this.valueType, this.unit);
        result.setChannelConfig(this.configuration);
        return result;
    }

    /**
     * @param value the value to write, not null
     * @return a write record for this channel, carrying its unit and configuration
     */
    public ChannelRecord createWriteRecord(TypedValue<?> value) {
        ChannelRecord result = ChannelRecord.createWriteRecord(this.name, value);
        result.setUnit(this.unit);
        result.setChannelConfig(this.configuration);
        return result;
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.name, this.type, this.valueType, this.enabled, this.valueScale, this.valueOffset,
                this.unit, this.configuration);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        Channel other = (Channel) obj;
        return this.enabled == other.enabled && Double.compare(this.valueScale, other.valueScale) == 0
                && Double.compare(this.valueOffset, other.valueOffset) == 0 && Objects.equals(this.name, other.name)
                && this.type == other.type && this.valueType == other.valueType
                && Objects.equals(this.unit, other.unit) && Objects.equals(this.configuration, other.configuration);
    }
}
