package io.aiosedge.driver.simulated.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
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
    private final ChannelSampler sampler;
    private final ChannelDescriptor descriptor = new SimulatedChannelDescriptor();
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
        this.sampler = new ChannelSampler(options);
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
                + this.sampler.setpointCount() + " setpoint(s) written";
    }

    /** Connects when not connected; also called by listener registrations and prepared reads. */
    void ensureConnected() throws ConnectionException {
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
                channel = this.sampler.channelFor(record.getChannelName(), record.getChannelConfig());
            } catch (ChannelConfigException e) {
                ChannelSampler.fail(record, e.getMessage(), e, now);
                continue;
            }
            this.sampler.readInto(record, channel, now);
        }
    }

    @Override
    public void write(List<ChannelRecord> records) throws ConnectionException {
        ensureConnected();
        simulateLatency();
        long now = this.clockMs.getAsLong();
        for (ChannelRecord record : records) {
            try {
                SimulatedChannel channel = this.sampler.channelFor(record.getChannelName(), record.getChannelConfig());
                if (!channel.setpoint()) {
                    ChannelSampler.fail(record, "channel '" + channel.name() + "' is read-only: set "
                            + ChannelProperty.SETPOINT.id() + "=true to make it a writable setpoint", null, now);
                    continue;
                }
                this.sampler.storeSetpoint(channel.name(), TypedValueConversion.toDouble(record.getValue()));
                record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
                record.setTimestamp(now);
            } catch (ChannelConfigException e) {
                ChannelSampler.fail(record, e.getMessage(), e, now);
            } catch (IllegalArgumentException e) {
                ChannelSampler.fail(record, "channel '" + record.getChannelName() + "': cannot write: " + e.getMessage(), e, now);
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
                prepared[i] = this.sampler.parse(record.getChannelName(), record.getChannelConfig());
            } catch (ChannelConfigException e) {
                problems[i] = e;
            }
        }
        return new SimulatedPreparedRead(this, records, prepared, problems);
    }

    /** Sleeps {@code read.latency.ms}, as a slow device would; also called by prepared reads. */
    void simulateLatency() throws ConnectionException {
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

    // ---------------------------------------------------------------- for the registrations and prepared reads

    /** @return the current time of the driver's clock, ms since the epoch */
    long nowMs() {
        return this.clockMs.getAsLong();
    }

    ChannelSampler sampler() {
        return this.sampler;
    }

    String instanceName() {
        return this.options.instanceName();
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
        SimulatedChannel channel = this.sampler.channelFor(name, channelConfig);
        ListenerRegistration registration = new ListenerRegistration(this, listener, channel, valueType);
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
}
