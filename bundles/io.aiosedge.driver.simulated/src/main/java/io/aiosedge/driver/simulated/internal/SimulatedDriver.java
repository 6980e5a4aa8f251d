package io.aiosedge.driver.simulated.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.driver.ChannelDescriptor;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.driver.PreparedRead;
import org.eclipse.kura.type.DataType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.driver.DriverConnectionInfo;

/**
 * A Kura driver whose channels are simulated signals (see the exported {@code signal} package): reads sample
 * each channel's signal at the current time, setpoint channels store written values, and listeners get an
 * event per channel every {@code listener.interval.ms}. One instance per factory configuration; each instance
 * owns one listener thread, named {@value #THREAD_NAME_PREFIX}-&lt;kura.service.pid&gt;-&lt;n&gt;, which
 * deactivation stops and joins.
 */
@Designate(ocd = SimulatedDriver.Config.class, factory = true)
// Immediate: a bad configuration then fails activation at once (visible in SCR and the log) instead of
// registering a Driver service whose first user gets the failure.
@Component(name = SimulatedDriver.PID, configurationPid = SimulatedDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = { Driver.class, ConfigurableComponent.class, DriverConnectionInfo.class },
        property = { "service.pid=" + SimulatedDriver.PID })
public final class SimulatedDriver implements Driver, ConfigurableComponent, DriverConnectionInfo {

    /** Factory PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.driver.simulated.SimulatedDriver";

    /** Every thread of this driver has a name starting with this. */
    public static final String THREAD_NAME_PREFIX = "aios-sim-driver";

    /** The simulated driver's configuration, as Kura's UI shows it. */
    @ObjectClassDefinition(id = PID, name = "AIOS simulated driver",
            description = "Simulated sensors and setpoints: deterministic signals with noise and injected anomalies.")
    @interface Config {

        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name, by which aios:drivers, aios:read and jobs find it; empty: its generated service.pid. Kura sets it when the"
                        + " instance is created.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Seed",
                description = "Seed of every channel that has no seed of its own (mixed with the channel name).")
        long seed() default 42L;

        @AttributeDefinition(name = "Listener push interval (ms)", min = "10", max = "86400000",
                description = "Time between two events to each registered channel listener, in ms.")
        long listener_interval_ms() default 1000L;

        @AttributeDefinition(name = "Simulated read latency (ms)", min = "0", max = "60000",
                description = "Time each read, write and prepared read takes, in ms, as a slow device would.")
        long read_latency_ms() default 0L;

        @AttributeDefinition(name = "Read failure probability", min = "0", max = "1",
                description = "Probability (0 to 1) that reading one channel fails with a simulated device"
                        + " error; the same channel and ms always give the same outcome.")
        double read_failure_probability() default 0.0;

        @AttributeDefinition(name = "Fail connect",
                description = "When true, connect() and therefore every read, write and prepared read fail"
                        + " with a ConnectionException, and listeners receive FAILURE records: for tests of"
                        + " error paths.")
        boolean fail_connect() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDriver.class);
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final DriverOptions options;
    private final LongSupplier clockMs;
    private final ChannelConfigParser parser;
    private final ChannelDescriptor descriptor = new SimulatedChannelDescriptor();
    /** Parsed channels by name; reused while a record brings the same configuration. */
    private final Map<String, SimulatedChannel> channels = new ConcurrentHashMap<>();
    /** Last written value of each setpoint channel, by channel name. */
    private final Map<String, Double> setpoints = new ConcurrentHashMap<>();
    private final List<ListenerRegistration> registrations = new CopyOnWriteArrayList<>();
    private final TrackingThreadFactory threadFactory;
    private final ScheduledThreadPoolExecutor listenerExecutor;

    private volatile State state = State.DISCONNECTED;
    private volatile String lastFailure;

    /**
     * Activation by DS.
     *
     * @param config the typed configuration
     * @param properties all component properties (for {@code kura.service.pid})
     * @throws IllegalArgumentException naming the bad property and value, which fails activation
     */
    @Activate
    public SimulatedDriver(Config config, Map<String, Object> properties) {
        this(DriverOptions.from(config, properties), System::currentTimeMillis);
    }

    /** For tests: a fixed configuration and a controllable clock (ms since the epoch). */
    SimulatedDriver(DriverOptions options, LongSupplier clockMs) {
        this.options = Objects.requireNonNull(options, "options");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
        this.parser = new ChannelConfigParser(options.seed());
        this.threadFactory = new TrackingThreadFactory(THREAD_NAME_PREFIX + "-" + options.instanceName() + "-");
        this.listenerExecutor = new ScheduledThreadPoolExecutor(1, this.threadFactory);
        this.listenerExecutor.setRemoveOnCancelPolicy(true);
        this.listenerExecutor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.listenerExecutor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        LOG.info("simulated driver '{}' active: seed {}, listener interval {} ms, read latency {} ms{}",
                options.instanceName(), options.seed(), options.listenerIntervalMs(), options.readLatencyMs(),
                options.failConnect() ? ", failing every connect" : "");
    }

    /** Stops the listener thread and waits for it to end, so that no thread outlives the activation. */
    @Deactivate
    void deactivate() {
        for (ListenerRegistration registration : this.registrations) {
            registration.cancel();
        }
        this.registrations.clear();
        this.listenerExecutor.shutdownNow();
        boolean stopped = false;
        try {
            stopped = this.listenerExecutor.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    && this.threadFactory.joinAll(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopped) {
            LOG.warn("simulated driver '{}': listener thread still running {} ms after deactivation (a listener"
                    + " blocks in onChannelEvent?)", this.options.instanceName(), STOP_TIMEOUT_MS);
        }
        this.state = State.DISCONNECTED;
        LOG.info("simulated driver '{}' deactivated", this.options.instanceName());
    }

    // ---------------------------------------------------------------- connection

    @Override
    public void connect() throws ConnectionException {
        if (this.options.failConnect()) {
            this.state = State.FAILED;
            this.lastFailure = "connect refused at " + Instant.ofEpochMilli(this.clockMs.getAsLong())
                    + " because fail.connect is true";
            throw new ConnectionException("simulated driver '" + this.options.instanceName()
                    + "' refuses to connect because fail.connect is true");
        }
        this.state = State.CONNECTED;
    }

    @Override
    public void disconnect() {
        this.state = State.DISCONNECTED;
    }

    @Override
    public State connectionState() {
        return this.state;
    }

    @Override
    public String connectionDetail() {
        if (this.state == State.FAILED && this.lastFailure != null) {
            return "simulated, " + this.lastFailure;
        }
        return "simulated, seed " + this.options.seed() + ", " + this.registrations.size() + " channel listener(s), "
                + this.setpoints.size() + " setpoint(s) written";
    }

    private void ensureConnected() throws ConnectionException {
        if (this.state != State.CONNECTED) {
            connect();
        }
    }

    // ---------------------------------------------------------------- read, write, prepared read

    @Override
    public ChannelDescriptor getChannelDescriptor() {
        return this.descriptor;
    }

    @Override
    public void read(List<ChannelRecord> records) throws ConnectionException {
        ensureConnected();
        simulateLatency();
        long now = this.clockMs.getAsLong();
        for (ChannelRecord record : records) {
            SimulatedChannel channel;
            try {
                channel = channelFor(record.getChannelName(), record.getChannelConfig());
            } catch (ChannelConfigException e) {
                fail(record, e.getMessage(), e, now);
                continue;
            }
            readInto(record, channel, now);
        }
    }

    @Override
    public void write(List<ChannelRecord> records) throws ConnectionException {
        ensureConnected();
        simulateLatency();
        long now = this.clockMs.getAsLong();
        for (ChannelRecord record : records) {
            try {
                SimulatedChannel channel = channelFor(record.getChannelName(), record.getChannelConfig());
                if (!channel.setpoint()) {
                    fail(record, "channel '" + channel.name() + "' is read-only: set "
                            + ChannelProperty.SETPOINT.id() + "=true to make it a writable setpoint", null, now);
                    continue;
                }
                this.setpoints.put(channel.name(), TypedValueConversion.toDouble(record.getValue()));
                record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
                record.setTimestamp(now);
            } catch (ChannelConfigException e) {
                fail(record, e.getMessage(), e, now);
            } catch (IllegalArgumentException e) {
                fail(record, "channel '" + record.getChannelName() + "': cannot write: " + e.getMessage(), e, now);
            }
        }
    }

    @Override
    public PreparedRead prepareRead(List<ChannelRecord> records) {
        Objects.requireNonNull(records, "records");
        SimulatedChannel[] prepared = new SimulatedChannel[records.size()];
        ChannelConfigException[] problems = new ChannelConfigException[records.size()];
        for (int i = 0; i < prepared.length; i++) {
            ChannelRecord record = records.get(i);
            try {
                prepared[i] = this.parser.parse(record.getChannelName(), record.getChannelConfig());
            } catch (ChannelConfigException e) {
                problems[i] = e;
            }
        }
        return new SimulatedPreparedRead(records, prepared, problems);
    }

    /** Reads one channel into its record; never throws. */
    private void readInto(ChannelRecord record, SimulatedChannel channel, long now) {
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

    private static void fail(ChannelRecord record, String message, Exception cause, long now) {
        // The status says the read failed; the value is left as it is. Kura's ChannelRecord.setValue(null)
        // throws NullPointerException, and Kura's own drivers only set the FAILURE status and the timestamp.
        record.setChannelStatus(new ChannelStatus(ChannelFlag.FAILURE, message, cause));
        record.setTimestamp(now);
    }

    private SimulatedChannel channelFor(String name, Map<String, Object> config) {
        SimulatedChannel cached = name == null ? null : this.channels.get(name);
        if (cached != null && cached.source().equals(config)) {
            return cached;
        }
        SimulatedChannel parsed = this.parser.parse(name, config);
        this.channels.put(parsed.name(), parsed);
        return parsed;
    }

    private void simulateLatency() throws ConnectionException {
        if (this.options.readLatencyMs() == 0) {
            return;
        }
        try {
            Thread.sleep(this.options.readLatencyMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("simulated driver '" + this.options.instanceName()
                    + "': interrupted during the simulated latency", e);
        }
    }

    // ---------------------------------------------------------------- listeners

    /**
     * Schedules events for the channel on the listener thread and returns at once; the first event comes
     * immediately, then one every {@code listener.interval.ms}.
     *
     * @throws IllegalArgumentException if the channel configuration is bad (the message names the channel,
     *     property and value)
     * @throws IllegalStateException if the driver is deactivated
     */
    @Override
    public void registerChannelListener(Map<String, Object> channelConfig, ChannelListener listener) {
        Objects.requireNonNull(listener, "listener");
        String name = ChannelConfigParser.channelName(channelConfig);
        DataType valueType = ChannelConfigParser.valueType(name, channelConfig);
        SimulatedChannel channel = channelFor(name, channelConfig);
        ListenerRegistration registration = new ListenerRegistration(listener, channel, valueType);
        try {
            registration.future = this.listenerExecutor.scheduleAtFixedRate(registration::push, 0,
                    this.options.listenerIntervalMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("simulated driver '" + this.options.instanceName()
                    + "' is deactivated", e);
        }
        this.registrations.add(registration);
    }

    /** Removes every registration of this listener object (compared by identity). */
    @Override
    public void unregisterChannelListener(ChannelListener listener) {
        List<ListenerRegistration> removed = new ArrayList<>();
        for (ListenerRegistration registration : this.registrations) {
            if (registration.listener == listener) {
                registration.cancel();
                removed.add(registration);
            }
        }
        this.registrations.removeAll(removed);
    }

    /** One listener on one channel, with its periodic task. */
    private final class ListenerRegistration {
        final ChannelListener listener;
        final SimulatedChannel channel;
        final DataType valueType;
        volatile ScheduledFuture<?> future;
        /** Only touched on the listener thread. */
        private boolean listenerFailed;

        ListenerRegistration(ChannelListener listener, SimulatedChannel channel, DataType valueType) {
            this.listener = listener;
            this.channel = channel;
            this.valueType = valueType;
        }

        void push() {
            ChannelRecord record = ChannelRecord.createReadRecord(this.channel.name(), this.valueType);
            record.setChannelConfig(this.channel.source());
            long now = SimulatedDriver.this.clockMs.getAsLong();
            try {
                ensureConnected();
                readInto(record, this.channel, now);
            } catch (ConnectionException e) {
                fail(record, e.getMessage(), e, now);
            }
            try {
                this.listener.onChannelEvent(new ChannelEvent(record));
            } catch (RuntimeException e) {
                // A throwing listener must not cancel its own schedule (scheduleAtFixedRate would), nor flood the
                // log at every interval: warn once per registration, then only at debug level.
                if (this.listenerFailed) {
                    LOG.debug("simulated driver '{}': listener of channel '{}' failed again", options.instanceName(),
                            this.channel.name(), e);
                } else {
                    this.listenerFailed = true;
                    LOG.warn("simulated driver '{}': listener of channel '{}' failed (further failures are logged"
                            + " at debug level)", options.instanceName(), this.channel.name(), e);
                }
            }
        }

        void cancel() {
            ScheduledFuture<?> scheduled = this.future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** A prepared read: channel configurations parsed once, execution only samples. */
    private final class SimulatedPreparedRead implements PreparedRead {
        private final List<ChannelRecord> records;
        private volatile SimulatedChannel[] prepared;
        private final ChannelConfigException[] problems;

        SimulatedPreparedRead(List<ChannelRecord> records, SimulatedChannel[] prepared,
                ChannelConfigException[] problems) {
            this.records = Collections.unmodifiableList(new ArrayList<>(records));
            this.prepared = prepared;
            this.problems = problems;
        }

        @Override
        public List<ChannelRecord> execute() throws ConnectionException {
            SimulatedChannel[] channelsToRead = this.prepared;
            if (channelsToRead == null) {
                throw new IllegalStateException("prepared read of simulated driver '"
                        + SimulatedDriver.this.options.instanceName() + "' is closed");
            }
            ensureConnected();
            simulateLatency();
            long now = SimulatedDriver.this.clockMs.getAsLong();
            for (int i = 0; i < channelsToRead.length; i++) {
                ChannelRecord record = this.records.get(i);
                if (channelsToRead[i] == null) {
                    fail(record, this.problems[i].getMessage(), this.problems[i], now);
                } else {
                    readInto(record, channelsToRead[i], now);
                }
            }
            return this.records;
        }

        @Override
        public List<ChannelRecord> getChannelRecords() {
            return this.records;
        }

        @Override
        public void close() {
            this.prepared = null;
        }
    }

    /** Names the threads and remembers them, so deactivation can wait until each one has ended. */
    private static final class TrackingThreadFactory implements ThreadFactory {
        private final String namePrefix;
        private final AtomicInteger count = new AtomicInteger();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        TrackingThreadFactory(String namePrefix) {
            this.namePrefix = namePrefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, this.namePrefix + this.count.incrementAndGet());
            thread.setDaemon(true);
            this.threads.add(thread);
            return thread;
        }

        /** @return whether every thread ended within the timeout */
        boolean joinAll(long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            for (Thread thread : this.threads) {
                if (thread == Thread.currentThread()) {
                    continue; // deactivated from a listener callback: cannot wait for itself
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    return !thread.isAlive();
                }
                thread.join(leftMs);
                if (thread.isAlive()) {
                    return false;
                }
            }
            return true;
        }
    }
}
