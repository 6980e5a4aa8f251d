package io.aiosedge.itests.drivers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.type.DataType;
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
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.aiosedge.api.driver.DriverConnectionInfo;
import io.aiosedge.itests.OsgiTestSupport;

/**
 * The simulated driver in Felix as Kura would use it: an instance created by factory configuration with Kura's
 * properties, String-valued channel configurations, setpoints, listeners, a failing configuration, and a bundle
 * stop/update/start with a listener registered (no thread may survive the stop).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimulatedDriverIT extends OsgiTestSupport {

    private static final String PID = "io.aiosedge.driver.simulated.SimulatedDriver";
    private static final String BUNDLE = "io.aiosedge.driver.simulated";
    private static final String THREAD_NAME_PREFIX = "aios-sim-driver";

    private final List<org.osgi.service.cm.Configuration> created = new CopyOnWriteArrayList<>();
    private ServiceReference<ConfigurationAdmin> configurationAdminReference;
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return new Option[] {platform()};
    }

    /**
     * Holds ConfigurationAdmin for the whole test. OsgiTestSupport.createFactoryConfiguration cannot be used:
     * its awaitService closes the tracker before returning, which ungets Felix CM's per-bundle service object,
     * and every call on it then throws "Configuration Admin service has been unregistered".
     */
    @Before
    public void holdConfigurationAdmin() {
        awaitService(ConfigurationAdmin.class, null);
        this.configurationAdminReference = this.context.getServiceReference(ConfigurationAdmin.class);
        this.configurationAdmin = this.context.getService(this.configurationAdminReference);
    }

    @After
    public void deleteConfigurations() throws Exception {
        for (org.osgi.service.cm.Configuration configuration : this.created) {
            configuration.delete();
        }
        this.context.ungetService(this.configurationAdminReference);
    }

    /** Creates an instance as Kura does when a user adds a driver in its UI. */
    private void createInstance(Map<String, Object> properties) throws Exception {
        org.osgi.service.cm.Configuration configuration = this.configurationAdmin.createFactoryConfiguration(PID, "?");
        configuration.update(new Hashtable<>(properties));
        this.created.add(configuration);
    }

    @Test
    public void aDriverInstanceReadsWritesAndPushesEventsLikeKuraExpects() throws Exception {
        createDriver("sim-it-main", 50L);
        ServiceReference<Driver> reference = awaitDriverReference("sim-it-main");
        assertEquals(PID, reference.getProperty("service.factoryPid"));
        assertEquals("sim-it-main", reference.getProperty("kura.service.pid"));
        List<String> objectClasses = Arrays.asList((String[]) reference.getProperty(Constants.OBJECTCLASS));
        assertTrue(objectClasses.toString(), objectClasses.containsAll(List.of(Driver.class.getName(),
                ConfigurableComponent.class.getName(), DriverConnectionInfo.class.getName())));
        Driver driver = this.context.getService(reference);

        ChannelRecord temperature = readRecord("temperature", DataType.DOUBLE,
                channel("temperature", "shape", "CONSTANT", "offset", "21.5"));
        ChannelRecord broken = readRecord("broken", DataType.DOUBLE, channel("broken", "period.ms", "often"));
        driver.read(List.of(temperature, broken));
        assertEquals(ChannelFlag.SUCCESS, temperature.getChannelStatus().getChannelFlag());
        assertEquals(TypedValues.newDoubleValue(21.5), temperature.getValue());
        assertEquals(ChannelFlag.FAILURE, broken.getChannelStatus().getChannelFlag());
        assertEquals("channel 'broken': property 'period.ms' has bad value 'often': not a whole number",
                broken.getChannelStatus().getExceptionMessage());

        Map<String, Object> valve = channel("valve", "setpoint", "true", "+type", "READ_WRITE");
        ChannelRecord write = ChannelRecord.createWriteRecord("valve", TypedValues.newIntegerValue(55));
        write.setChannelConfig(valve);
        driver.write(List.of(write));
        assertEquals(ChannelFlag.SUCCESS, write.getChannelStatus().getChannelFlag());
        ChannelRecord readBack = readRecord("valve", DataType.INTEGER, valve);
        driver.read(List.of(readBack));
        assertEquals(TypedValues.newIntegerValue(55), readBack.getValue());

        RecordingListener listener = new RecordingListener();
        driver.registerChannelListener(channel("level", "shape", "SINE", "+value.type", "FLOAT"), listener);
        await("3 events on channel 'level'", () -> listener.events.size() >= 3);
        ChannelRecord event = listener.events.get(0).getChannelRecord();
        assertEquals("level", event.getChannelName());
        assertEquals(ChannelFlag.SUCCESS, event.getChannelStatus().getChannelFlag());
        assertEquals(DataType.FLOAT, event.getValue().getType());
        driver.unregisterChannelListener(listener);

        assertEquals(DriverConnectionInfo.State.CONNECTED, ((DriverConnectionInfo) driver).connectionState());
        this.context.ungetService(reference);
    }

    @Test
    public void theBundleExportsOnlyTheSignalModel() {
        String exports = installedBundle(BUNDLE).getHeaders().get(Constants.EXPORT_PACKAGE);
        assertEquals("io.aiosedge.driver.simulated.signal;version=\"1.0.0\"", exports);
    }

    @Test
    public void aBadConfigurationFailsActivationNamingPropertyAndValue() throws Exception {
        Map<String, Object> properties = kuraProperties("sim-it-bad", 50L);
        properties.put("listener.interval.ms", 1L);
        createInstance(properties);

        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        ComponentConfigurationDTO failed = awaitValue("a failed activation of sim-it-bad", () -> {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(installedBundle(BUNDLE), PID);
            if (description == null) {
                return null;
            }
            return scr.getComponentConfigurationDTOs(description).stream()
                    .filter(c -> "sim-it-bad".equals(c.properties.get("kura.service.pid")))
                    .filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)
                    .findFirst().orElse(null);
        });
        assertNotNull("SCR records why activation failed", failed.failure);
        assertTrue(failed.failure, failed.failure.contains(
                "simulated driver 'sim-it-bad': property 'listener.interval.ms' has bad value '1'"));
        // Felix SCR may keep the registration of a failed immediate component, but it never hands out an object.
        for (ServiceReference<Driver> reference : this.context.getServiceReferences(Driver.class,
                "(kura.service.pid=sim-it-bad)")) {
            assertNull("no usable driver for a bad configuration", this.context.getService(reference));
        }
    }

    @Test
    public void stoppingTheBundleLeavesNoThreadAndUpdateAndStartBringTheDriverBack() throws Exception {
        createDriver("sim-it-hot", 20L);
        Driver before = this.context.getService(awaitDriverReference("sim-it-hot"));
        RecordingListener listener = new RecordingListener();
        before.registerChannelListener(channel("pulse", "shape", "SQUARE"), listener);
        await("events before the stop", () -> listener.events.size() >= 2);
        assertTrue("the listener thread runs", !driverThreads().isEmpty());

        Bundle bundle = installedBundle(BUNDLE);
        bundle.stop();
        // Deactivation joins the listener thread, so nothing may be left the moment stop() returns.
        assertEquals(List.of(), driverThreads());
        int eventsAtStop = listener.events.size();

        bundle.update();
        bundle.start();
        Driver after = this.context.getService(awaitDriverReference("sim-it-hot"));
        assertNotSame(before, after);
        RecordingListener again = new RecordingListener();
        after.registerChannelListener(channel("pulse", "shape", "SQUARE"), again);
        await("events after the restart", () -> again.events.size() >= 2);
        assertEquals("the old instance's listener got nothing after the stop", eventsAtStop, listener.events.size());
        after.unregisterChannelListener(again);
    }

    // ---------------------------------------------------------------- helpers

    private void createDriver(String kuraServicePid, long listenerIntervalMs) throws Exception {
        createInstance(kuraProperties(kuraServicePid, listenerIntervalMs));
    }

    /** What Kura's ConfigurationService stores for a new driver instance: typed metatype values plus its pid. */
    private static Map<String, Object> kuraProperties(String kuraServicePid, long listenerIntervalMs) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kura.service.pid", kuraServicePid);
        properties.put("seed", 7L);
        properties.put("listener.interval.ms", listenerIntervalMs);
        properties.put("read.latency.ms", 0L);
        properties.put("read.failure.probability", 0.0);
        properties.put("fail.connect", Boolean.FALSE);
        return properties;
    }

    private ServiceReference<Driver> awaitDriverReference(String kuraServicePid) {
        awaitService(Driver.class, "(kura.service.pid=" + kuraServicePid + ")");
        return awaitValue("the driver's service reference", () -> {
            try {
                return this.context.getServiceReferences(Driver.class, "(kura.service.pid=" + kuraServicePid + ")")
                        .stream().findFirst().orElse(null);
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    /** A channel configuration as Kura's Asset hands it over: every value a String. */
    private static Map<String, Object> channel(String name, String... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("+name", name);
        config.put("+type", "READ");
        config.put("+value.type", "DOUBLE");
        config.put("+enabled", "true");
        config.put("shape", "SINE");
        config.put("amplitude", "1.0");
        config.put("offset", "0.0");
        config.put("period.ms", "1000");
        config.put("noise.sigma", "0.0");
        config.put("anomaly.rate.per.hour", "0.0");
        config.put("anomaly.magnitude", "1.0");
        config.put("anomaly.duration.ms", "10000");
        config.put("anomaly.kinds", "SPIKE,DRIFT,STUCK");
        config.put("seed", "");
        config.put("setpoint", "false");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private static ChannelRecord readRecord(String name, DataType type, Map<String, Object> config) {
        ChannelRecord record = ChannelRecord.createReadRecord(name, type);
        record.setChannelConfig(config);
        return record;
    }

    private static List<String> driverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(THREAD_NAME_PREFIX)).collect(Collectors.toList());
    }

    private static final class RecordingListener implements ChannelListener {
        final List<ChannelEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onChannelEvent(ChannelEvent event) {
            this.events.add(event);
        }
    }
}
