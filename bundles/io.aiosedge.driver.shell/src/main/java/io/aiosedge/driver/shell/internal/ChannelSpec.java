package io.aiosedge.driver.shell.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.type.DataType;

/**
 * A channel as typed on the shell: {@code name:VALUE_TYPE[:key=value,key=value...]}, e.g.
 * {@code temp:DOUBLE:shape=SINE,amplitude=5}. It becomes the String-valued channel configuration map
 * that Kura's Asset would hand to a driver (keys without the channel prefix, plus {@code +name},
 * {@code +type}, {@code +value.type}, {@code +enabled}).
 */
record ChannelSpec(String name, DataType valueType, Map<String, Object> config) {

    static ChannelSpec parse(String text, ChannelType type) {
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
        config.put("+type", type.name());
        config.put("+value.type", valueType.name());
        config.putIfAbsent("+enabled", "true");
        return new ChannelSpec(name, valueType, Map.copyOf(config));
    }
}
