package io.aiosedge.driver.shell.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.aiosedge.api.driver.ChannelSpec;
import io.aiosedge.api.driver.DriverConnectionInfo;

/**
 * Gogo commands for every {@link Driver} service, ours or Kura's: {@code aios:drivers},
 * {@code aios:read}, {@code aios:write}. Drivers are found by their {@code kura.service.pid}, or by their
 * {@code service.pid} when it is missing or empty (an instance created in a console without a name).
 */
@Component(service = Object.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=drivers",
        "osgi.command.function=read",
        "osgi.command.function=write" })
public class DriverCommands {

    private static final String KURA_SERVICE_PID = "kura.service.pid";
    private static final String SERVICE_PID = "service.pid";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** For the timestamps' age; a field so that tests can fix it. */
    Clock clock = Clock.systemDefaultZone();

    /** Drivers by kura.service.pid; a whiteboard, so the map changes while commands run. */
    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(Driver driver, Map<String, Object> properties) {
        String pid = instanceName(properties);
        if (pid != null) {
            drivers.put(pid, driver);
        }
    }

    void removeDriver(Driver driver, Map<String, Object> properties) {
        String pid = instanceName(properties);
        if (pid != null) {
            // Only remove the entry if it still holds this very driver (a replacement may have arrived first).
            drivers.remove(pid, driver);
        }
    }

    /** The instance's kura.service.pid, else its service.pid, else null. */
    static String instanceName(Map<String, Object> properties) {
        for (String key : new String[] {KURA_SERVICE_PID, SERVICE_PID}) {
            Object value = properties.get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString().trim();
            }
        }
        return null;
    }

    /** Lists drivers with their connection state. */
    public String drivers() {
        if (drivers.isEmpty()) {
            return "no drivers";
        }
        StringBuilder out = new StringBuilder(String.format("%-32s %-13s %s%n", "DRIVER (kura.service.pid)", "STATE", "DETAIL"));
        new TreeMap<>(drivers).forEach((pid, driver) -> {
            String state = "unknown";
            String detail = driver.getClass().getName();
            if (driver instanceof DriverConnectionInfo) {
                DriverConnectionInfo info = (DriverConnectionInfo) driver;
                state = info.connectionState().name();
                detail = info.connectionDetail();
            }
            out.append(String.format("%-32s %-13s %s%n", pid, state, detail));
        });
        return out.toString();
    }

    /**
     * Reads channels: {@code aios:read <driver.pid> name:VALUE_TYPE[:key=value,...] ...}.
     */
    public String read(String driverPid, String... channels) throws Driver.ConnectionException {
        Driver driver = driver(driverPid);
        List<ChannelRecord> records = new ArrayList<>();
        for (String channel : channels) {
            ChannelSpec spec = ChannelSpec.parse(channel, ChannelType.READ);
            ChannelRecord record = ChannelRecord.createReadRecord(spec.name(), spec.valueType());
            record.setChannelConfig(spec.config());
            records.add(record);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("name at least one channel: name:VALUE_TYPE[:key=value,...]");
        }
        driver.read(records);
        return format(records, clock);
    }

    /**
     * Writes one channel: {@code aios:write <driver.pid> name:VALUE_TYPE[:key=value,...] <value>}.
     */
    public String write(String driverPid, String channel, String value) throws Driver.ConnectionException {
        Driver driver = driver(driverPid);
        ChannelSpec spec = ChannelSpec.parse(channel, ChannelType.WRITE);
        TypedValue<?> typed;
        try {
            typed = parse(spec.valueType(), value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("channel '" + spec.name() + "': '" + value + "' is not "
                    + expected(spec.valueType()) + ", which its value type " + spec.valueType() + " needs", e);
        }
        ChannelRecord record = ChannelRecord.createWriteRecord(spec.name(), typed);
        record.setChannelConfig(spec.config());
        driver.write(List.of(record));
        return format(List.of(record), clock);
    }

    private Driver driver(String pid) {
        Driver driver = drivers.get(pid);
        if (driver == null) {
            throw new IllegalArgumentException("no driver with kura.service.pid '" + pid + "'; known: "
                    + new TreeMap<>(drivers).keySet());
        }
        return driver;
    }

    /** What a value of {@code type} looks like, in words. */
    /**
     * A value typed at the console: numbers with surrounding blanks allowed, booleans only {@code true} or
     * {@code false} (any case; Kura's {@code parseTypedValue} reads anything else as false), bytes in hexadecimal
     * (Kura's reads Base64); text as it is.
     */
    static TypedValue<?> parse(DataType type, String value) {
        switch (type) {
        case BOOLEAN:
            String word = value.strip();
            if (!word.equalsIgnoreCase("true") && !word.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("not a boolean");
            }
            return TypedValues.newBooleanValue(word.equalsIgnoreCase("true"));
        case BYTE_ARRAY:
            return TypedValues.newByteArrayValue(HexFormat.of().parseHex(value.strip()));
        case STRING:
            return TypedValues.newStringValue(value);
        default:
            return TypedValues.parseTypedValue(type, value.strip());
        }
    }

    static String expected(DataType type) {
        switch (type) {
        case BOOLEAN:
            return "true or false";
        case INTEGER:
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        case LONG:
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        case FLOAT:
        case DOUBLE:
            return "a number (e.g. 21.5 or -3)";
        case BYTE_ARRAY:
            return "bytes in hexadecimal (e.g. 0a1bff)";
        default:
            return "text";
        }
    }

    /**
     * One line per record: name, flag, value, then the record's time as ISO-8601 local time with its age (the
     * driver's timestamp is epoch ms; 0 or less means it set none).
     */
    static String format(List<ChannelRecord> records, Clock clock) {
        StringBuilder out = new StringBuilder();
        for (ChannelRecord record : records) {
            ChannelStatus status = record.getChannelStatus();
            String flag = status == null ? "NO STATUS" : status.getChannelFlag().name();
            Object value = record.getValue() == null ? null : record.getValue().getValue();
            String shown = value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value);
            out.append(String.format("%-20s %-8s %-24s %s", record.getChannelName(), flag, shown,
                    time(record.getTimestamp(), clock)));
            if (status != null && status.getExceptionMessage() != null) {
                out.append("  ").append(status.getExceptionMessage());
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /** {@code 2024-05-01T12:00:03.250 (1.2 s ago)} in the clock's zone; {@code no time} for none. */
    static String time(long epochMillis, Clock clock) {
        if (epochMillis <= 0) {
            return "no time";
        }
        ZoneId zone = clock.getZone();
        String at = LOCAL_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone));
        long ageMillis = clock.millis() - epochMillis;
        return at + " (" + age(ageMillis) + ")";
    }

    private static String age(long millis) {
        if (millis < 0) {
            return "in " + age(-millis).replace(" ago", "");
        }
        Duration age = Duration.ofMillis(millis);
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s ago", millis / 1000.0);
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min " + age.toSecondsPart() + " s ago";
        }
        if (age.toDays() < 1) {
            return age.toHours() + " h " + age.toMinutesPart() + " min ago";
        }
        return age.toDays() + " d " + age.toHoursPart() + " h ago";
    }
}
