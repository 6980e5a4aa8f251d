package io.aiosedge.driver.modbus.internal;

import java.util.List;
import java.util.Map;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.driver.ChannelDescriptor;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.driver.PreparedRead;
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
 * Kura driver for a Modbus TCP server (a device or a gateway), one instance per server. Channels name an
 * area, a 0-based address and a data type (see {@link ModbusChannelDescriptor}). The connection is opened by
 * the first read or write, as Kura's Asset never calls {@link #connect()}, and reopened by the next call
 * after it breaks. No call blocks longer than connect timeout + request timeout × (retries + 1).
 */
@Designate(ocd = ModbusTcpDriver.Config.class, factory = true)
// Immediate: a bad configuration fails activation when it is saved, not at the first use of the service.
@Component(name = ModbusTcpDriver.PID, configurationPid = ModbusTcpDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {Driver.class, ConfigurableComponent.class, DriverConnectionInfo.class})
public final class ModbusTcpDriver implements Driver, ConfigurableComponent, DriverConnectionInfo {

    /** Factory PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.driver.modbus.ModbusTcpDriver";

    /** Prefix of the names of every thread this driver starts. */
    public static final String THREAD_NAME_PREFIX = "aios-modbus-";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpDriver.class);
    private static final String KURA_SERVICE_PID = "kura.service.pid";

    /** Settings of one driver instance (Kura: Drivers and Assets → the driver). Times in ms. */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge Modbus TCP driver",
            description = "Reads and writes coils, discrete inputs, input and holding registers of one Modbus TCP"
                    + " server (device or gateway).")
    public @interface Config {

        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name, by which aios:drivers, aios:read and jobs find it; empty: its generated service.pid. Kura sets it when the"
                        + " instance is created.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Host", description = "Host name or IP address of the Modbus TCP server.")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "TCP port of the Modbus TCP server.", min = "1",
                max = "65535")
        int port() default 502;

        @AttributeDefinition(name = "Unit id", description = "Unit id (slave address) sent in every request,"
                + " unless a channel overrides it; 255 or 0 for many plain TCP devices, the serial address behind"
                + " a gateway.", min = "0", max = "255")
        int unit_id() default 1;

        @AttributeDefinition(name = "Connect timeout (ms)", description = "Longest wait for the TCP connection"
                + " to open.", min = "1", max = "600000")
        int connect_timeout_ms() default 3000;

        @AttributeDefinition(name = "Request timeout (ms)", description = "Longest wait for the answer to one"
                + " request attempt.", min = "1", max = "600000")
        int request_timeout_ms() default 1000;

        @AttributeDefinition(name = "Retries", description = "Further attempts of a request after a timeout or a"
                + " lost connection (a Modbus exception answer is never retried).", min = "0", max = "10")
        int retries() default 1;

        @AttributeDefinition(name = "Max registers per request", description = "Most registers one read request"
                + " may ask for (FC 3/4); the protocol allows 125. At least 4, the size of a 64-bit value.",
                min = "4", max = "125")
        int max_registers_per_request() default 125;

        @AttributeDefinition(name = "Max coils/inputs per request", description = "Most coils or discrete inputs"
                + " one read request may ask for (FC 1/2); the protocol allows 2000.", min = "1", max = "2000")
        int max_bits_per_request() default 2000;

        @AttributeDefinition(name = "Max register gap", description = "Most unused registers between two channels"
                + " that are still read in one request (0: merge only adjacent or overlapping channels).",
                min = "0", max = "124")
        int max_register_gap() default 8;

        @AttributeDefinition(name = "Max coil/input gap", description = "Most unused coils or discrete inputs"
                + " between two channels that are still read in one request.", min = "0", max = "1999")
        int max_bit_gap() default 64;

        @AttributeDefinition(name = "Reconnect back-off (ms)", description = "After a failed connection attempt,"
                + " calls fail at once for this long instead of trying again (0: every call tries).", min = "0",
                max = "3600000")
        int reconnect_backoff_ms() default 0;

        @AttributeDefinition(name = "Listener poll interval (ms)", description = "How often channels with a"
                + " registered listener are read.", min = "10", max = "86400000")
        int listener_poll_interval_ms() default 1000;

        @AttributeDefinition(name = "Report unchanged values", description = "Send a listener event at every poll;"
                + " when false, only when the value or the kind of failure changed.")
        boolean listener_report_unchanged() default false;

        @AttributeDefinition(name = "Always use FC 15/16 for writes", description = "Write single coils and"
                + " registers with FC 15/16 instead of FC 5/6, for devices that implement only the multiple-write"
                + " functions.")
        boolean write_multiple_functions() default false;
    }

    private final DriverOptions options;
    private final ModbusTcpClient client;
    private final ChannelIo io;
    private final ListenerPoller poller;
    private final ModbusChannelDescriptor channelDescriptor = new ModbusChannelDescriptor();

    /**
     * Validates the configuration and starts the listener poll thread; the connection waits for the first
     * request.
     *
     * @throws IllegalArgumentException naming the property and the value when a setting is invalid
     */
    @Activate
    public ModbusTcpDriver(Config config, Map<String, Object> properties) {
        this.options = DriverOptions.from(config);
        String instance = instanceName(properties);
        this.client = new ModbusTcpClient(options);
        this.io = new ChannelIo(client, options);
        this.poller = new ListenerPoller(io, options.listenerPollIntervalMs(), options.listenerReportUnchanged(),
                THREAD_NAME_PREFIX + "poll-" + instance);
        LOG.info("Modbus TCP driver {} for {} started", instance, options.endpoint());
    }

    /** The instance's kura.service.pid, or its service.pid when that is missing or empty. */
    static String instanceName(Map<String, Object> properties) {
        Object name = properties.get(KURA_SERVICE_PID);
        if (name == null || name.toString().isBlank()) {
            name = properties.get("service.pid");
        }
        return name == null ? PID : name.toString().trim();
    }

    /** Stops polling and closes the socket; calls still in progress return FAILURE records at once. */
    @Deactivate
    void deactivate() {
        client.close();
        poller.stop();
        LOG.info("Modbus TCP driver for {} stopped", options.endpoint());
    }

    @Override
    public void connect() throws ConnectionException {
        try {
            client.connect(Deadline.afterMillis(options.connectTimeoutMs()));
        } catch (ModbusTransportException e) {
            throw new ConnectionException(e.getMessage(), e);
        }
    }

    @Override
    public void disconnect() throws ConnectionException {
        try {
            client.disconnect(Deadline.afterMillis(options.callBudgetMs()));
        } catch (ModbusTransportException e) {
            throw new ConnectionException(e.getMessage(), e);
        }
    }

    @Override
    public ChannelDescriptor getChannelDescriptor() {
        return channelDescriptor;
    }

    /** Reads with merged requests; every record gets a value or a FAILURE status, nothing is thrown. */
    @Override
    public void read(List<ChannelRecord> records) {
        io.read(records);
    }

    /** Never blocks: the poll thread reads the channel at the configured interval. */
    @Override
    public void registerChannelListener(Map<String, Object> channelConfig, ChannelListener listener) {
        poller.register(channelConfig, listener);
    }

    @Override
    public void unregisterChannelListener(ChannelListener listener) {
        poller.unregister(listener);
    }

    /** Writes each record; every record gets SUCCESS or a FAILURE status, nothing is thrown. */
    @Override
    public void write(List<ChannelRecord> records) {
        io.write(records);
    }

    @Override
    public PreparedRead prepareRead(List<ChannelRecord> records) {
        return new ModbusPreparedRead(io, io.plan(records));
    }

    @Override
    public State connectionState() {
        return client.state();
    }

    @Override
    public String connectionDetail() {
        return client.detail();
    }
}
