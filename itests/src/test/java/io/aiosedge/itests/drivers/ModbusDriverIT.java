package io.aiosedge.itests.drivers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.driver.PreparedRead;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.aiosedge.api.driver.DriverConnectionInfo;
import io.aiosedge.itests.OsgiTestSupport;

import io.aiosedge.driver.modbus.internal.LoopbackModbusServer;

/**
 * The Modbus TCP driver in Felix as Kura would use it, against a real Modbus TCP server (j2mod) on loopback:
 * an instance created by factory configuration with Kura's properties, String-valued channel configurations,
 * reads, writes, prepared reads, listener events, the server going away and coming back, an illegal address,
 * a wrong unit id, and a bundle stop/update/start with a listener registered that leaves no thread and no
 * connection behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModbusDriverIT extends OsgiTestSupport {

    private static final String PID = "io.aiosedge.driver.modbus.ModbusTcpDriver";
    private static final String BUNDLE = "io.aiosedge.driver.modbus";
    private static final String THREAD_NAME_PREFIX = "aios-modbus-";
    private static final int UNIT = 1;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int REQUEST_TIMEOUT_MS = 300;
    private static final int RETRIES = 1;
    private static final long BUDGET_MS = CONNECT_TIMEOUT_MS + (long) REQUEST_TIMEOUT_MS * (RETRIES + 1);
    private static final long SLACK_MS = 500;

    private final List<org.osgi.service.cm.Configuration> created = new CopyOnWriteArrayList<>();
    private final List<LoopbackModbusServer> servers = new CopyOnWriteArrayList<>();
    private ServiceReference<ConfigurationAdmin> configurationAdminReference;
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        // j2mod runs the test's server; it is a test fixture, not part of what we ship.
        return new Option[] {platform(), composite(bundlesIn(BUNDLES_DIR.resolveSibling("test-bundles")))};
    }

    /**
     * Holds ConfigurationAdmin for the whole test: OsgiTestSupport.createFactoryConfiguration returns Felix
     * CM's per-bundle service object after its tracker has released it, and calls on it then fail with
     * "Configuration Admin service has been unregistered".
     */
    @Before
    public void holdConfigurationAdmin() {
        awaitService(ConfigurationAdmin.class, null);
        configurationAdminReference = context.getServiceReference(ConfigurationAdmin.class);
        configurationAdmin = context.getService(configurationAdminReference);
    }

    @After
    public void cleanUp() throws Exception {
        for (org.osgi.service.cm.Configuration configuration : created) {
            configuration.delete();
        }
        context.ungetService(configurationAdminReference);
        await("no driver thread left: " + driverThreads(), () -> driverThreads().isEmpty());
        for (LoopbackModbusServer server : servers) {
            await("no connection left on the server", () -> server.openConnections() == 0);
            server.close();
        }
    }

    @Test
    @SuppressWarnings("try") // PreparedRead.close() is AutoCloseable's, as in Kura
    public void aDriverInstanceReadsWritesAndListensLikeKuraExpects() throws Exception {
        LoopbackModbusServer server = startServer();
        server.setHoldingRegister(10, 0x3FC0); // FLOAT32 1.5
        server.setHoldingRegister(11, 0x0000);
        server.setInputRegister(2, 0xFFFE); // INT16 -2
        server.setCoil(5, true);
        createDriver("modbus-it-main", server.port());
        ServiceReference<Driver> reference = awaitDriverReference("modbus-it-main");
        assertEquals(PID, reference.getProperty("service.factoryPid"));
        List<String> objectClasses = Arrays.asList((String[]) reference.getProperty(Constants.OBJECTCLASS));
        assertTrue(objectClasses.toString(), objectClasses.containsAll(List.of(Driver.class.getName(),
                ConfigurableComponent.class.getName(), DriverConnectionInfo.class.getName())));
        Driver driver = context.getService(reference);
        DriverConnectionInfo info = (DriverConnectionInfo) driver;
        assertEquals(DriverConnectionInfo.State.DISCONNECTED, info.connectionState());

        // Reads (lazy connect: Kura's Asset never calls connect()).
        List<ChannelRecord> records = List.of(readRecord("float", DataType.FLOAT, "HOLDING_REGISTER", 10, "FLOAT32"),
                readRecord("int16", DataType.INTEGER, "INPUT_REGISTER", 2, "INT16"),
                readRecord("coil", DataType.BOOLEAN, "COIL", 5, "BOOL"));
        driver.read(records);
        assertEquals(1.5f, valueOf(records.get(0)));
        assertEquals(-2, valueOf(records.get(1)));
        assertEquals(true, valueOf(records.get(2)));
        assertEquals(DriverConnectionInfo.State.CONNECTED, info.connectionState());

        // Writes.
        ChannelRecord write = writeRecord("setpoint", TypedValues.newIntegerValue(1234), "HOLDING_REGISTER", 20,
                "UINT16");
        ChannelRecord readOnly = writeRecord("input", TypedValues.newBooleanValue(true), "DISCRETE_INPUT", 0, "BOOL");
        driver.write(List.of(write, readOnly));
        assertEquals(ChannelFlag.SUCCESS, write.getChannelStatus().getChannelFlag());
        assertEquals(1234, server.holdingRegister(20));
        assertTrue(failureOf(readOnly), failureOf(readOnly).contains("read-only"));

        // A prepared read of 30 contiguous registers is one request.
        List<ChannelRecord> block = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            block.add(readRecord("r" + i, DataType.INTEGER, "HOLDING_REGISTER", 20 + i, "UINT16"));
        }
        try (PreparedRead prepared = driver.prepareRead(block)) {
            server.resetCounters();
            prepared.execute();
            assertEquals(1, server.requests());
            assertEquals(1234, valueOf(block.get(0)));
        }

        // An illegal address and a wrong unit id fail their channel, within the budget; the others succeed.
        ChannelRecord illegal = readRecord("illegal", DataType.INTEGER, "HOLDING_REGISTER", 5000, "UINT16");
        ChannelRecord wrongUnit = readRecord("wrong-unit", DataType.INTEGER, "HOLDING_REGISTER", 0, "UINT16", "9");
        ChannelRecord fine = readRecord("fine", DataType.INTEGER, "HOLDING_REGISTER", 20, "UINT16");
        long start = System.nanoTime();
        driver.read(List.of(illegal, wrongUnit, fine));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(failureOf(illegal), failureOf(illegal).contains("exception 2"));
        assertTrue(failureOf(illegal), failureOf(illegal).contains("ILLEGAL DATA ADDRESS"));
        assertTrue(failureOf(wrongUnit), failureOf(wrongUnit).contains("unit 9"));
        assertEquals(1234, valueOf(fine));
        assertTrue("took " + elapsedMs + " ms", elapsedMs < BUDGET_MS + SLACK_MS);

        // Listener events.
        List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        ChannelListener listener = events::add;
        driver.registerChannelListener(channelConfig("level", DataType.INTEGER, "HOLDING_REGISTER", 30, "UINT16"),
                listener);
        await("the first event", () -> events.size() == 1);
        assertEquals(0, valueOf(events.get(0).getChannelRecord()));
        server.setHoldingRegister(30, 7);
        await("the change event", () -> events.size() == 2);
        assertEquals(7, valueOf(events.get(1).getChannelRecord()));

        // The server goes away and comes back: no reconfiguration needed.
        server.stop();
        ChannelRecord during = readRecord("during", DataType.INTEGER, "HOLDING_REGISTER", 20, "UINT16");
        start = System.nanoTime();
        driver.read(List.of(during));
        elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ChannelFlag.FAILURE, during.getChannelStatus().getChannelFlag());
        assertTrue("took " + elapsedMs + " ms", elapsedMs < BUDGET_MS + SLACK_MS);
        assertEquals(DriverConnectionInfo.State.FAILED, info.connectionState());
        await("a failure event", () -> events.size() == 3);
        assertEquals(ChannelFlag.FAILURE, events.get(2).getChannelRecord().getChannelStatus().getChannelFlag());
        server.restart();
        server.setHoldingRegister(30, 8);
        await("an event after the restart", () -> events.size() == 4);
        assertEquals(8, valueOf(events.get(3).getChannelRecord()));
        driver.read(List.of(during));
        assertEquals(1234, valueOf(during));
        driver.unregisterChannelListener(listener);
        context.ungetService(reference);
    }

    @Test
    public void stoppingUpdatingAndRestartingTheBundleLeavesNothingBehind() throws Exception {
        LoopbackModbusServer server = startServer();
        createDriver("modbus-it-hot", server.port());
        Driver first = context.getService(awaitDriverReference("modbus-it-hot"));
        List<ChannelEvent> firstEvents = new CopyOnWriteArrayList<>();
        first.registerChannelListener(channelConfig("level", DataType.INTEGER, "HOLDING_REGISTER", 1, "UINT16"),
                firstEvents::add);
        await("an event before the stop", () -> !firstEvents.isEmpty());
        await("the poll thread's connection", () -> server.openConnections() == 1);
        assertTrue(driverThreads().toString(), !driverThreads().isEmpty());

        Bundle bundle = installedBundle(BUNDLE);
        bundle.stop();
        await("no driver thread after the stop: " + driverThreads(), () -> driverThreads().isEmpty());
        await("no connection after the stop", () -> server.openConnections() == 0);
        int eventsAtStop = firstEvents.size();

        bundle.update();
        bundle.start();
        Driver second = context.getService(awaitDriverReference("modbus-it-hot"));
        assertNotSame(first, second);
        List<ChannelEvent> secondEvents = new CopyOnWriteArrayList<>();
        second.registerChannelListener(channelConfig("level", DataType.INTEGER, "HOLDING_REGISTER", 1, "UINT16"),
                secondEvents::add);
        server.setHoldingRegister(1, 99);
        await("an event from the restarted driver", () -> secondEvents.stream()
                .anyMatch(e -> Integer.valueOf(99).equals(e.getChannelRecord().getValue().getValue())));
        assertEquals("the stopped instance sent nothing more", eventsAtStop, firstEvents.size());
        assertEquals(1, server.openConnections());
        assertEquals(1, driverThreads().size());
    }

    @Test
    public void aBadConfigurationFailsActivationNamingPropertyAndValue() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", "modbus-it-bad");
        properties.put("port", 70000);
        org.osgi.service.cm.Configuration configuration = configurationAdmin.createFactoryConfiguration(PID, "?");
        configuration.update(new Hashtable<>(properties));
        created.add(configuration);

        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        ComponentConfigurationDTO failed = awaitValue("a failed activation of modbus-it-bad", () -> {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(installedBundle(BUNDLE), PID);
            return description == null ? null : scr.getComponentConfigurationDTOs(description).stream()
                    .filter(c -> "modbus-it-bad".equals(c.properties.get("kura.service.pid")))
                    .filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)
                    .findFirst().orElse(null);
        });
        assertTrue(String.valueOf(failed.failure), failed.failure.contains("property 'port' = '70000'"));
        assertTrue(driverThreads().toString(), driverThreads().isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    private LoopbackModbusServer startServer() throws Exception {
        LoopbackModbusServer server = LoopbackModbusServer.start(UNIT, 200);
        servers.add(server);
        return server;
    }

    /** Creates an instance with the properties Kura's "new driver" dialog gives it. */
    private void createDriver(String kuraServicePid, int port) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", kuraServicePid);
        properties.put("host", "127.0.0.1");
        properties.put("port", port);
        properties.put("unit.id", UNIT);
        properties.put("connect.timeout.ms", CONNECT_TIMEOUT_MS);
        properties.put("request.timeout.ms", REQUEST_TIMEOUT_MS);
        properties.put("retries", RETRIES);
        properties.put("listener.poll.interval.ms", 50);
        org.osgi.service.cm.Configuration configuration = configurationAdmin.createFactoryConfiguration(PID, "?");
        configuration.update(new Hashtable<>(properties));
        created.add(configuration);
    }

    private ServiceReference<Driver> awaitDriverReference(String kuraServicePid) {
        return awaitValue("driver " + kuraServicePid, () -> {
            try {
                return context.getServiceReferences(Driver.class, "(kura.service.pid=" + kuraServicePid + ")")
                        .stream().findFirst().orElse(null);
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    private static Map<String, Object> channelConfig(String name, DataType valueType, String area, int address,
            String dataType, String... unitId) {
        Map<String, Object> config = new HashMap<>();
        config.put("+name", name);
        config.put("+type", "READ_WRITE");
        config.put("+value.type", valueType.name());
        config.put("+enabled", "true");
        config.put("area", area);
        config.put("address", String.valueOf(address));
        config.put("data.type", dataType);
        config.put("word.order", "BIG_ENDIAN");
        config.put("byte.order", "BIG_ENDIAN");
        config.put("unit.id", unitId.length > 0 ? unitId[0] : "");
        return config;
    }

    private static ChannelRecord readRecord(String name, DataType valueType, String area, int address,
            String dataType, String... unitId) {
        ChannelRecord record = ChannelRecord.createReadRecord(name, valueType);
        record.setChannelConfig(channelConfig(name, valueType, area, address, dataType, unitId));
        return record;
    }

    private static ChannelRecord writeRecord(String name, TypedValue<?> value, String area, int address,
            String dataType) {
        ChannelRecord record = ChannelRecord.createWriteRecord(name, value);
        record.setChannelConfig(channelConfig(name, value.getType(), area, address, dataType));
        return record;
    }

    private static Object valueOf(ChannelRecord record) {
        assertEquals(String.valueOf(record.getChannelStatus()), ChannelFlag.SUCCESS,
                record.getChannelStatus().getChannelFlag());
        return record.getValue().getValue();
    }

    private static String failureOf(ChannelRecord record) {
        assertEquals(String.valueOf(record), ChannelFlag.FAILURE, record.getChannelStatus().getChannelFlag());
        return record.getChannelStatus().getExceptionMessage();
    }

    private static List<String> driverThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith(THREAD_NAME_PREFIX)) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
