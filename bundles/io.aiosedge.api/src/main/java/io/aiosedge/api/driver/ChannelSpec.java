package io.aiosedge.api.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.type.DataType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A channel written as text, {@code name:VALUE_TYPE[:key=value,key=value...]}, e.g.
 * {@code vibration:DOUBLE:shape=SINE,amplitude=2} (the Gogo driver commands and the scheduler's jobs both take this
 * form; a job takes several separated by {@code ;}). It becomes the String-valued channel configuration Kura's
 * Asset hands a driver: the driver's own keys plus {@code +name}, {@code +type}, {@code +value.type} and
 * {@code +enabled} (true unless given).
 *
 * @param name the channel's name
 * @param channelType READ, WRITE or READ_WRITE
 * @param valueType the value type
 * @param config the channel configuration map (unmodifiable)
 * @since 1.1
 */
@ProviderType
public record ChannelSpec(String name, ChannelType channelType, DataType valueType, Map<String, Object> config) {

    public ChannelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channelType, "channelType");
        Objects.requireNonNull(valueType, "valueType");
        config = Map.copyOf(config);
    }

    /**
     * Parses one channel; an IllegalArgumentException says what is wrong with it (the form, an unknown value type,
     * a setting that is not key=value).
     */
    public static ChannelSpec parse(String text, ChannelType channelType) {
        String[] parts = text.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank()) {
            throw new IllegalArgumentException("channel '" + text
                    + "' must be name:VALUE_TYPE[:key=value,...], e.g. temp:DOUBLE:shape=SINE");
        }
        String name = parts[0].trim();
        DataType valueType;
        try {
            valueType = DataType.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel '" + name + "': value type '" + parts[1]
                    + "' is not one of BOOLEAN, BYTE_ARRAY, DOUBLE, INTEGER, LONG, FLOAT, STRING", e);
        }
        Map<String, Object> config = new HashMap<>();
        if (parts.length == 3 && !parts[2].isBlank()) {
            for (String pair : parts[2].split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("channel '" + name + "': setting '" + pair
                            + "' is not key=value");
                }
                config.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        // Kura's Asset always passes these, as Strings.
        config.put("+name", name);
        config.put("+type", channelType.name());
        config.put("+value.type", valueType.name());
        config.putIfAbsent("+enabled", "true");
        return new ChannelSpec(name, channelType, valueType, config);
    }

    /** Parses a {@code ;}-separated list of channels; at least one is required. */
    public static List<ChannelSpec> parseList(String text, ChannelType channelType) {
        List<ChannelSpec> out = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                out.add(parse(part.trim(), channelType));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no channel given; write name:VALUE_TYPE[:key=value,...];...");
        }
        return List.copyOf(out);
    }

    /** A fresh read record of this channel (drivers fill records in place, so each read needs new ones). */
    public ChannelRecord readRecord() {
        ChannelRecord record = ChannelRecord.createReadRecord(name, valueType);
        record.setChannelConfig(config);
        return record;
    }
}
