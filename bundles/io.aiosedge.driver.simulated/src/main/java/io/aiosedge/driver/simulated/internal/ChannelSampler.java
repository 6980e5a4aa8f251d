package io.aiosedge.driver.simulated.internal;

import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;

/**
 * The part of a {@link SimulatedDriver} that turns a parsed channel into a record's value: the cache of
 * parsed channels, the written setpoints, injected read failures and the conversion to the record's type.
 * One per driver instance. Thread-safe without locks (both maps are concurrent): it is called on the
 * threads that read, write and execute prepared reads, and on the driver's listener thread.
 */
final class ChannelSampler {

    private final DriverOptions options;
    private final ChannelConfigParser parser;
    /** Parsed channels by name; reused while a record brings the same configuration. */
    private final Map<String, SimulatedChannel> channels = new ConcurrentHashMap<>();
    /** Last written value of each setpoint channel, by channel name. */
    private final Map<String, Double> setpoints = new ConcurrentHashMap<>();

    ChannelSampler(DriverOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.parser = new ChannelConfigParser(options.seed());
    }

    /** Parses a channel configuration without the cache (prepared reads keep their own parse). */
    SimulatedChannel parse(String name, Map<String, Object> config) {
        return this.parser.parse(name, config);
    }

    /** @return the cached parse of the channel while its configuration is unchanged, else a new parse */
    SimulatedChannel channelFor(String name, Map<String, Object> config) {
        SimulatedChannel cached = name == null ? null : this.channels.get(name);
        if (cached != null && cached.source().equals(config)) {
            return cached;
        }
        SimulatedChannel parsed = this.parser.parse(name, config);
        this.channels.put(parsed.name(), parsed);
        return parsed;
    }

    /** Stores the value later reads of the setpoint channel return. */
    void storeSetpoint(String channelName, double value) {
        this.setpoints.put(channelName, value);
    }

    /** @return how many setpoint channels have a written value */
    int setpointCount() {
        return this.setpoints.size();
    }

    /** Reads one channel into its record; never throws. */
    void readInto(ChannelRecord record, SimulatedChannel channel, long now) {
        if (failureInjected(channel, now)) {
            fail(record, "channel '" + channel.name() + "': simulated device error (read.failure.probability "
                    + this.options.readFailureProbability() + ")", null, now);
            return;
        }
        Double setpoint = channel.setpoint() ? this.setpoints.get(channel.name()) : null;
        double value = setpoint != null ? setpoint : channel.generator().valueAt(now);
        try {
            record.setValue(TypedValueConversion.toTypedValue(value, record.getValueType()));
            record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
            record.setTimestamp(now);
        } catch (IllegalArgumentException e) {
            fail(record, "channel '" + channel.name() + "': " + e.getMessage(), e, now);
        }
    }

    private boolean failureInjected(SimulatedChannel channel, long now) {
        double probability = this.options.readFailureProbability();
        if (probability == 0.0) {
            return false;
        }
        // Seeded by channel and ms so a test or a replay sees the same failures.
        long seed = channel.generator().spec().seed() ^ (now * 0x9E3779B97F4A7C15L);
        return new SplittableRandom(seed).nextDouble() < probability;
    }

    /** Marks the record FAILURE with the message and time. */
    static void fail(ChannelRecord record, String message, Exception cause, long now) {
        // The status says the read failed; the value is left as it is. Kura's ChannelRecord.setValue(null)
        // throws NullPointerException, and Kura's own drivers only set the FAILURE status and the timestamp.
        record.setChannelStatus(new ChannelStatus(ChannelFlag.FAILURE, message, cause));
        record.setTimestamp(now);
    }
}
