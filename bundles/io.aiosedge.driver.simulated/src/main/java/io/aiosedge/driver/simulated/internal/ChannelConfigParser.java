package io.aiosedge.driver.simulated.internal;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.type.DataType;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.InvalidSignalSpecException;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalGenerator;
import io.aiosedge.driver.simulated.signal.SignalSpec;

/**
 * Reads a Kura channel configuration (every value a String, keys without the {@code <channel>#} prefix) into a
 * {@link SimulatedChannel}. Typed values (a Long instead of "5") are accepted too, by their string form; a
 * missing or blank property takes its default.
 */
final class ChannelConfigParser {

    /** Kura's key of the channel name. */
    static final String NAME_KEY = "+name";
    /** Kura's key of the channel's value type. */
    static final String VALUE_TYPE_KEY = "+value.type";

    private final long driverSeed;

    /** @param driverSeed seed from which channels without a seed of their own derive theirs */
    ChannelConfigParser(long driverSeed) {
        this.driverSeed = driverSeed;
    }

    /**
     * @param channelName the record's channel name; null: take {@code +name} from the configuration
     * @param config the channel configuration
     * @return the parsed channel
     * @throws ChannelConfigException naming the channel, property and bad value
     */
    SimulatedChannel parse(String channelName, Map<String, ?> config) {
        Map<String, ?> safeConfig = config == null ? Map.of() : config;
        String name = channelName != null ? channelName : channelName(safeConfig);
        Shape shape = parseEnum(name, safeConfig, ChannelProperty.SHAPE, Shape.class);
        double amplitude = parseDouble(name, safeConfig, ChannelProperty.AMPLITUDE);
        double offset = parseDouble(name, safeConfig, ChannelProperty.OFFSET);
        long periodMs = parseLong(name, safeConfig, ChannelProperty.PERIOD_MS);
        double noiseSigma = parseDouble(name, safeConfig, ChannelProperty.NOISE_SIGMA);
        double rate = parseDouble(name, safeConfig, ChannelProperty.ANOMALY_RATE);
        double magnitude = parseDouble(name, safeConfig, ChannelProperty.ANOMALY_MAGNITUDE);
        long durationMs = parseLong(name, safeConfig, ChannelProperty.ANOMALY_DURATION_MS);
        Set<AnomalyKind> kinds = parseKinds(name, safeConfig);
        String seedText = text(safeConfig, ChannelProperty.SEED);
        long seed = seedText == null ? SignalSpec.deriveSeed(this.driverSeed, name)
                : parseLong(name, ChannelProperty.SEED, seedText);
        boolean setpoint = parseBoolean(name, safeConfig, ChannelProperty.SETPOINT);
        SignalSpec spec;
        try {
            spec = new SignalSpec(shape, amplitude, offset, periodMs, noiseSigma, rate, magnitude, durationMs, kinds,
                    seed);
        } catch (InvalidSignalSpecException e) {
            ChannelProperty property = ChannelProperty.forSpecComponent(e.component());
            if (property == null) {
                throw new ChannelConfigException(name, e.getMessage());
            }
            throw new ChannelConfigException(name, property.id(), valueOrDefault(safeConfig, property), e.reason());
        }
        return new SimulatedChannel(name, new SignalGenerator(spec), setpoint, copy(safeConfig));
    }

    /**
     * @param config a channel configuration
     * @return its {@code +name}
     * @throws ChannelConfigException when it has none
     */
    static String channelName(Map<String, ?> config) {
        Object name = config == null ? null : config.get(NAME_KEY);
        if (name == null || name.toString().isBlank()) {
            throw new ChannelConfigException("<unnamed>", "the channel configuration has no '" + NAME_KEY + "'");
        }
        return name.toString();
    }

    /**
     * @param channelName the channel, for the message
     * @param config a channel configuration
     * @return its {@code +value.type}; DOUBLE when absent
     * @throws ChannelConfigException when it names no Kura data type
     */
    static DataType valueType(String channelName, Map<String, ?> config) {
        Object type = config == null ? null : config.get(VALUE_TYPE_KEY);
        if (type == null || type.toString().isBlank()) {
            return DataType.DOUBLE;
        }
        try {
            return DataType.getDataType(type.toString());
        } catch (IllegalArgumentException e) {
            throw new ChannelConfigException(channelName, VALUE_TYPE_KEY, type, "not a Kura data type");
        }
    }

    private static String text(Map<String, ?> config, ChannelProperty property) {
        Object value = config.get(property.id());
        if (value == null) {
            return null;
        }
        String trimmed = value.toString().trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static String valueOrDefault(Map<String, ?> config, ChannelProperty property) {
        String value = text(config, property);
        return value == null ? property.defaultValue() : value;
    }

    private static double parseDouble(String channel, Map<String, ?> config, ChannelProperty property) {
        String value = valueOrDefault(config, property);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ChannelConfigException(channel, property.id(), value, "not a decimal number");
        }
    }

    private static long parseLong(String channel, Map<String, ?> config, ChannelProperty property) {
        return parseLong(channel, property, valueOrDefault(config, property));
    }

    private static long parseLong(String channel, ChannelProperty property, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ChannelConfigException(channel, property.id(), value, "not a whole number");
        }
    }

    private static boolean parseBoolean(String channel, Map<String, ?> config, ChannelProperty property) {
        String value = valueOrDefault(config, property);
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new ChannelConfigException(channel, property.id(), value, "not true or false");
    }

    private static <E extends Enum<E>> E parseEnum(String channel, Map<String, ?> config, ChannelProperty property,
            Class<E> type) {
        String value = valueOrDefault(config, property);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ChannelConfigException(channel, property.id(), value,
                    "expected one of " + EnumSet.allOf(type));
        }
    }

    private static Set<AnomalyKind> parseKinds(String channel, Map<String, ?> config) {
        String value = valueOrDefault(config, ChannelProperty.ANOMALY_KINDS);
        Set<AnomalyKind> kinds = EnumSet.noneOf(AnomalyKind.class);
        for (String part : value.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                kinds.add(AnomalyKind.valueOf(part.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ChannelConfigException(channel, ChannelProperty.ANOMALY_KINDS.id(), value,
                        "'" + part + "' is not one of " + EnumSet.allOf(AnomalyKind.class));
            }
        }
        return kinds;
    }

    private static Map<String, Object> copy(Map<String, ?> config) {
        return new HashMap<>(config);
    }
}
