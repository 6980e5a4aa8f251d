package io.aiosedge.scheduler.internal.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.type.DataType;

/**
 * One channel a job reads, written {@code name:VALUE_TYPE[:key=value,key=value...]} (several separated by
 * {@code ;}), e.g. {@code vibration:DOUBLE:shape=SINE,amplitude=2}. It becomes the String-valued channel
 * configuration Kura's Asset would hand a driver: the driver's own keys plus {@code +name}, {@code +type},
 * {@code +value.type}, {@code +enabled}.
 *
 * @param name channel name
 * @param valueType value type (numeric or BOOLEAN: a job feeds numbers to a model)
 * @param config the channel configuration map
 */
public record ChannelSpec(String name, DataType valueType, Map<String, Object> config) {

    /** Parses a {@code ;}-separated list; an IllegalArgumentException names the bad channel. */
    public static List<ChannelSpec> parseList(String text) {
        List<ChannelSpec> out = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                out.add(parse(part.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no channel given; write name:VALUE_TYPE[:key=value,...];...");
        }
        return List.copyOf(out);
    }

    static ChannelSpec parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank()) {
            throw new IllegalArgumentException("channel '" + text + "' must be name:VALUE_TYPE[:key=value,...]");
        }
        String name = parts[0].trim();
        DataType type;
        try {
            type = DataType.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel '" + name + "': value type '" + parts[1] + "' is unknown", e);
        }
        if (type == DataType.STRING || type == DataType.BYTE_ARRAY) {
            throw new IllegalArgumentException("channel '" + name + "': value type " + type
                    + " is not numeric; use DOUBLE, FLOAT, INTEGER, LONG or BOOLEAN");
        }
        Map<String, Object> config = new HashMap<>();
        if (parts.length == 3 && !parts[2].isBlank()) {
            for (String pair : parts[2].split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("channel '" + name + "': setting '" + pair + "' is not key=value");
                }
                config.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        config.put("+name", name);
        config.put("+type", ChannelType.READ.name());
        config.put("+value.type", type.name());
        config.putIfAbsent("+enabled", "true");
        return new ChannelSpec(name, type, Map.copyOf(config));
    }

    /** A fresh read record for this channel (drivers fill records in place, so each read needs new ones). */
    public ChannelRecord readRecord() {
        ChannelRecord record = ChannelRecord.createReadRecord(name, valueType);
        record.setChannelConfig(config);
        return record;
    }
}
