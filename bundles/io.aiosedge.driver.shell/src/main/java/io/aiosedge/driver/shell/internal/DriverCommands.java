package io.aiosedge.driver.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.aiosedge.api.driver.DriverConnectionInfo;

/**
 * Gogo commands for every {@link Driver} service, ours or Kura's: {@code aios:drivers},
 * {@code aios:read}, {@code aios:write}. Drivers are found by their {@code kura.service.pid}.
 */
@Component(service = Object.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=drivers",
        "osgi.command.function=read",
        "osgi.command.function=write" })
public class DriverCommands {

    private static final String KURA_SERVICE_PID = "kura.service.pid";

    /** Drivers by kura.service.pid; a whiteboard, so the map changes while commands run. */
    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(Driver driver, Map<String, Object> properties) {
        Object pid = properties.get(KURA_SERVICE_PID);
        if (pid != null) {
            drivers.put(pid.toString(), driver);
        }
    }

    void removeDriver(Driver driver, Map<String, Object> properties) {
        Object pid = properties.get(KURA_SERVICE_PID);
        if (pid != null) {
            // Only remove the entry if it still holds this very driver (a replacement may have arrived first).
            drivers.remove(pid.toString(), driver);
        }
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
        return format(records);
    }

    /**
     * Writes one channel: {@code aios:write <driver.pid> name:VALUE_TYPE[:key=value,...] <value>}.
     */
    public String write(String driverPid, String channel, String value) throws Driver.ConnectionException {
        Driver driver = driver(driverPid);
        ChannelSpec spec = ChannelSpec.parse(channel, ChannelType.WRITE);
        TypedValue<?> typed;
        try {
            typed = TypedValues.parseTypedValue(spec.valueType(), value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("channel '" + spec.name() + "': '" + value + "' is not a "
                    + spec.valueType() + " (" + e.getMessage() + ")", e);
        }
        ChannelRecord record = ChannelRecord.createWriteRecord(spec.name(), typed);
        record.setChannelConfig(spec.config());
        driver.write(List.of(record));
        return format(List.of(record));
    }

    private Driver driver(String pid) {
        Driver driver = drivers.get(pid);
        if (driver == null) {
            throw new IllegalArgumentException("no driver with kura.service.pid '" + pid + "'; known: "
                    + new TreeMap<>(drivers).keySet());
        }
        return driver;
    }

    static String format(List<ChannelRecord> records) {
        StringBuilder out = new StringBuilder();
        for (ChannelRecord record : records) {
            ChannelStatus status = record.getChannelStatus();
            String flag = status == null ? "NO STATUS" : status.getChannelFlag().name();
            Object value = record.getValue() == null ? null : record.getValue().getValue();
            String shown = value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value);
            out.append(String.format("%-20s %-8s %-24s %d", record.getChannelName(), flag, shown, record.getTimestamp()));
            if (status != null && status.getExceptionMessage() != null) {
                out.append("  ").append(status.getExceptionMessage());
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }
}
