package io.aiosedge.driver.modbus.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves channel listeners by polling: one named thread reads every listened channel at a fixed interval,
 * merged like any read, and calls each listener with a {@link ChannelEvent} when its channel's value or
 * status changed since the last event (the first poll always reports), or at every poll when
 * {@code reportUnchanged} is set. Registering only adds to a list and never blocks.
 */
final class ListenerPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerPoller.class);
    /** How long {@link #stop()} waits for a poll in progress to finish, in ms. */
    private static final long STOP_WAIT_MS = 5_000;

    private final ChannelIo io;
    private final boolean reportUnchanged;
    private final ScheduledExecutorService executor;
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    /** One listened channel; {@code lastReported} is touched only by the poll thread. */
    private static final class Registration {

        final ChannelListener listener;
        final String channelName;
        final DataType valueType;
        final Map<String, Object> channelConfig;
        Object lastValue;
        ChannelStatus lastStatus;
        boolean reported;

        Registration(ChannelListener listener, String channelName, DataType valueType,
                Map<String, Object> channelConfig) {
            this.listener = listener;
            this.channelName = channelName;
            this.valueType = valueType;
            this.channelConfig = channelConfig;
        }
    }

    /** Starts the poll thread, named {@code threadName}. */
    ListenerPoller(ChannelIo io, long intervalMs, boolean reportUnchanged, String threadName) {
        this.io = io;
        this.reportUnchanged = reportUnchanged;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pollSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds a listener for the channel described by {@code channelConfig} (Kura's map: {@code +name},
     * {@code +value.type} and the driver's channel properties, all Strings).
     *
     * @throws IllegalArgumentException when {@code +name} or {@code +value.type} is missing or unknown, since
     *     no event could be built for such a channel
     */
    void register(Map<String, Object> channelConfig, ChannelListener listener) {
        Objects.requireNonNull(listener, "listener");
        Object name = channelConfig.get("+name");
        if (name == null || String.valueOf(name).isBlank()) {
            throw new IllegalArgumentException("channel listener: property '+name' is missing in " + channelConfig);
        }
        Object valueType = channelConfig.get("+value.type");
        DataType type;
        try {
            type = DataType.getDataType(valueType == null ? null : String.valueOf(valueType));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel '" + name + "': property '+value.type' = '" + valueType
                    + "' is not a Kura data type", e);
        }
        registrations.add(new Registration(listener, String.valueOf(name), type, new HashMap<>(channelConfig)));
    }

    /** Removes every registration of this listener object (identity, as Kura's Asset expects). */
    void unregister(ChannelListener listener) {
        registrations.removeIf(registration -> registration.listener == listener);
    }

    /** Stops polling and waits (bounded) for a poll in progress; the caller closes the client first. */
    void stop() {
        registrations.clear();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("The listener poll thread did not stop within {} ms", STOP_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; log and keep polling.
            LOG.error("Polling listened Modbus channels failed", e);
        }
    }

    private void poll() {
        List<Registration> current = new ArrayList<>(registrations);
        if (current.isEmpty()) {
            return;
        }
        // New records each poll: listeners may keep the records of earlier events.
        List<ChannelRecord> records = new ArrayList<>(current.size());
        for (Registration registration : current) {
            ChannelRecord record = ChannelRecord.createReadRecord(registration.channelName, registration.valueType);
            record.setChannelConfig(registration.channelConfig);
            records.add(record);
        }
        io.read(records);
        for (int i = 0; i < current.size(); i++) {
            Registration registration = current.get(i);
            ChannelRecord record = records.get(i);
            if (!registrations.contains(registration) || Thread.currentThread().isInterrupted()) {
                continue; // unregistered, or the driver is stopping, while the read was in progress
            }
            if (reportUnchanged || changed(registration, record)) {
                registration.reported = true;
                registration.lastValue = valueOf(record.getValue());
                registration.lastStatus = record.getChannelStatus();
                notify(registration, record);
            }
        }
    }

    private static boolean changed(Registration registration, ChannelRecord record) {
        if (!registration.reported) {
            return true;
        }
        ChannelStatus status = record.getChannelStatus();
        ChannelStatus last = registration.lastStatus;
        if (status.getChannelFlag() != last.getChannelFlag()) {
            return true;
        }
        if (status.getChannelFlag() == ChannelFlag.FAILURE) {
            // Messages carry timings that differ at every poll; a different kind of failure is the news.
            return !Objects.equals(failureKind(status), failureKind(last));
        }
        return !Objects.deepEquals(valueOf(record.getValue()), registration.lastValue);
    }

    private static Object failureKind(ChannelStatus status) {
        Exception exception = status.getException();
        if (exception instanceof ModbusExceptionResponse) {
            return ((ModbusExceptionResponse) exception).exceptionCode();
        }
        if (exception instanceof ModbusTransportException) {
            return ((ModbusTransportException) exception).kind();
        }
        return exception == null ? status.getExceptionMessage() : exception.getClass();
    }

    private static Object valueOf(TypedValue<?> value) {
        return value == null ? null : value.getValue();
    }

    private static void notify(Registration registration, ChannelRecord record) {
        try {
            registration.listener.onChannelEvent(new ChannelEvent(record));
        } catch (RuntimeException e) {
            LOG.warn("Channel listener {} failed on channel '{}'", registration.listener, registration.channelName, e);
        }
    }
}
