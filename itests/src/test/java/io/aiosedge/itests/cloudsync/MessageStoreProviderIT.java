package io.aiosedge.itests.cloudsync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.connection.listener.ConnectionListener;
import org.eclipse.kura.data.DataTransportToken;
import org.eclipse.kura.message.store.StoredMessage;
import org.eclipse.kura.message.store.provider.MessageStore;
import org.eclipse.kura.message.store.provider.MessageStoreProvider;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.aiosedge.itests.OsgiTestSupport;

/**
 * The cloud-sync bundle's message store as Kura's DataService finds and uses it: a factory configuration with a
 * kura.service.pid, found by a tracker on {@code (kura.service.pid=<store.db.service.pid>)} whatever its
 * objectClass (DataServiceImpl's selection), a store opened under the DataService's pid and driven through
 * publish / confirm / new-session calls; then a bundle stop (listeners told disconnected, old store refuses, no
 * thread left) and start: everything is still there and ids go on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MessageStoreProviderIT extends OsgiTestSupport {

    private static final String BUNDLE = "io.aiosedge.cloudsync.mqtt";
    private static final String FACTORY_PID = "io.aiosedge.cloudsync.mqtt.MessageStore";
    private static final String STORE_PID = "it-message-store";
    private static final String DATA_SERVICE_PID = "org.eclipse.kura.data.DataService";
    private static final String THREAD_PREFIX = "aios-cloudsync-store-";

    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();
    private final List<ServiceTracker<Object, Object>> trackers = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return new Option[] {platform()};
    }

    @After
    public void cleanUp() throws Exception {
        trackers.forEach(ServiceTracker::close);
        for (org.osgi.service.cm.Configuration c : configurations) {
            c.delete();
        }
        await("no message store thread after the configuration is deleted: " + storeThreads(),
                () -> storeThreads().isEmpty());
    }

    @Test
    public void providerByKuraServicePidStoresAcrossABundleRestartWithoutLeaks() throws Exception {
        Bundle bundle = installedBundle(BUNDLE);
        String metatype = read(bundle.getEntry("OSGI-INF/metatype/" + FACTORY_PID + ".xml").openStream());
        for (String ad : new String[] {"kura.service.pid", "store.directory", "store.capacity",
                "store.capacity.bytes", "store.sync.interval.ms"}) {
            assertTrue("metatype names " + ad + ": " + metatype, metatype.contains("id=\"" + ad + "\""));
        }
        assertTrue(metatype, metatype.contains("factoryPid=\"" + FACTORY_PID + "\""));

        Path directory = Files.createTempDirectory("aios-it-message-store");
        configurations.add(createFactoryConfiguration(FACTORY_PID, Map.of("kura.service.pid", STORE_PID,
                "store.directory", directory.toString(), "store.capacity", 50, "store.sync.interval.ms", 50)));

        MessageStoreProvider provider = providerAsTheDataServiceFindsIt();
        ServiceReference<ConfigurableComponent> configurable = context.getServiceReferences(
                ConfigurableComponent.class, "(kura.service.pid=" + STORE_PID + ")").iterator().next();
        assertEquals(FACTORY_PID, configurable.getProperty("service.factoryPid"));
        assertNotNull(configurable.getProperty("service.pid"));
        List<String> events = new CopyOnWriteArrayList<>();
        provider.addListener(listener(events));

        // ---- as the DataService uses it: store, send by priority, mark published / confirmed, new session
        MessageStore store = provider.openMessageStore(DATA_SERVICE_PID);
        assertTrue(store.getInFlightMessages().isEmpty());
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(store.store("it/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), i % 2, false, 11 - i));
        }
        for (int i = 0; i < 40; i++) {
            store.store("it/fill", new byte[] {1}, 1, false, 7);
        }
        try {
            store.store("it/over", new byte[] {1}, 1, false, 7);
            fail("a 51st message of priority 7 should be refused by store.capacity=50");
        } catch (KuraStoreCapacityReachedException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("store.capacity"));
        }
        int urgent = store.store("it/urgent", new byte[] {2}, 1, false, 0); // 0-1 bypass the capacity
        assertEquals(Optional.of(urgent), store.getNextMessage().map(StoredMessage::getId));
        store.markAsPublished(urgent, new DataTransportToken(1, "session-1"));
        StoredMessage next = store.getNextMessage().orElseThrow();
        assertEquals("it/9", next.getTopic()); // priority 2, the lowest after the urgent one
        assertEquals("m9", new String(next.getPayload(), StandardCharsets.UTF_8));
        store.markAsPublished(next.getId(), new DataTransportToken(2, "session-1"));
        store.markAsConfirmed(urgent);
        StoredMessage qos0 = store.getNextMessage().orElseThrow();
        assertEquals("it/8", qos0.getTopic());
        store.markAsPublished(qos0.getId());
        assertEquals(List.of(next.getId()), idsOf(store.getInFlightMessages()));
        assertEquals(51, store.getMessageCount());

        // ---- the bundle restarts: the DataService hears disconnected(), its old store is dead, no thread is left
        assertFalse(storeThreads().isEmpty());
        bundle.stop();
        assertEquals(List.of("disconnected"), events);
        await("no message store thread after the stop: " + storeThreads(), () -> storeThreads().isEmpty());
        try {
            store.getMessageCount();
            fail("a store of a stopped provider should refuse calls");
        } catch (KuraStoreException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("closed"));
        }
        bundle.start();

        MessageStoreProvider again = providerAsTheDataServiceFindsIt();
        MessageStore reopened = again.openMessageStore(DATA_SERVICE_PID);
        assertEquals(51, reopened.getMessageCount());
        List<StoredMessage> inFlight = reopened.getInFlightMessages();
        assertEquals(List.of(next.getId()), idsOf(inFlight));
        assertEquals(Optional.of(new DataTransportToken(2, "session-1")), inFlight.get(0).getDataTransportToken());
        assertTrue(reopened.get(urgent).orElseThrow().getConfirmedOn().isPresent());
        reopened.unpublishAllInFlighMessages(); // a new session republishes
        assertEquals(Optional.of(next.getId()), reopened.getNextMessage().map(StoredMessage::getId));
        reopened.deleteStaleMessages(0); // the confirmed one and the published QoS 0 one
        assertEquals(49, reopened.getMessageCount());
        int after = reopened.store("it/after", new byte[0], 1, false, 5);
        assertTrue("ids go on after the restart: " + after, after > urgent);
        reopened.close();
        assertTrue(unsatisfiedComponents().toString(),
                unsatisfiedComponents().stream().noneMatch(s -> s.contains("MessageStore")));
    }

    /**
     * DataServiceImpl's selection: any service with the kura.service.pid, used if it is a MessageStoreProvider; the
     * tracker stays open while the provider is used, as the DataService's does.
     */
    private MessageStoreProvider providerAsTheDataServiceFindsIt() throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                context.createFilter("(kura.service.pid=" + STORE_PID + ")"), null);
        tracker.open(true);
        trackers.add(tracker);
        return awaitValue("a MessageStoreProvider with kura.service.pid=" + STORE_PID, () -> {
            Object[] services = tracker.getServices();
            if (services != null) {
                for (Object s : services) {
                    if (s instanceof MessageStoreProvider) {
                        return (MessageStoreProvider) s;
                    }
                }
            }
            return null;
        });
    }

    private static ConnectionListener listener(List<String> events) {
        return new ConnectionListener() {
            @Override
            public void connected() {
                events.add("connected");
            }

            @Override
            public void disconnected() {
                events.add("disconnected");
            }
        };
    }

    private static List<Integer> idsOf(List<StoredMessage> messages) {
        List<Integer> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.getId()));
        return ids;
    }

    private static String read(InputStream in) throws IOException {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<String> storeThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(THREAD_PREFIX)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
