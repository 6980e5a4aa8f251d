package io.aiosedge.itests.cloudsync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber;
import org.eclipse.kura.message.KuraPayload;
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

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.itests.OsgiTestSupport;
import io.aiosedge.testsupport.Mosquitto;

/**
 * The cloud-sync bundle in Felix, as Kura uses it: the connection created through the CloudConnectionFactory
 * (ConfigurationAdmin underneath), a CloudPublisher and a CloudSubscriber created by factory configuration and
 * bound to the endpoint by its kura.service.pid, messages through a real Mosquitto broker, Gogo commands, and a
 * bundle stop/start that leaves no thread behind and keeps what was stored.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CloudSyncIT extends OsgiTestSupport {

    private static final String BUNDLE = "io.aiosedge.cloudsync.mqtt";
    private static final String FACTORY_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudConnectionFactory";
    private static final String ENDPOINT_FACTORY_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint";
    private static final String PUBLISHER_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudPublisher";
    private static final String SUBSCRIBER_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudSubscriber";
    private static final String ENDPOINT = ENDPOINT_FACTORY_PID + "-it";
    private static final String CLIENT_ID = "it-gateway";
    private static final String THREAD_PREFIX = "aios-cloudsync-";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return new Option[] {platform()};
    }

    @After
    public void cleanUp() throws Exception {
        for (org.osgi.service.cm.Configuration c : configurations) {
            try {
                c.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test
            }
        }
        CloudConnectionFactory factory = awaitService(CloudConnectionFactory.class, "(service.pid=" + FACTORY_PID + ")");
        factory.deleteConfiguration(ENDPOINT);
        await("no cloud-sync threads after clean-up: " + ourThreads(), () -> ourThreads().isEmpty());
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    public void stackThroughTheFactoryPublisherToSubscriberOverMosquittoAndBundleRestartWithoutLeaks()
            throws Exception {
        Mosquitto broker = Mosquitto.inTempDirectory("aios-it-mosquitto").build().start();
        closeables.add(broker);

        // ---- the connection, as Kura's "Cloud Connections -> New" does it
        CloudConnectionFactory factory = awaitService(CloudConnectionFactory.class, "(service.pid=" + FACTORY_PID + ")");
        ServiceReference<CloudConnectionFactory> factoryRef = context.getServiceReference(CloudConnectionFactory.class);
        assertEquals(ENDPOINT_FACTORY_PID, factory.getFactoryPid());
        assertEquals(ENDPOINT_FACTORY_PID, factoryRef.getProperty("kura.ui.csf.pid.default"));
        assertTrue(ENDPOINT.matches((String) factoryRef.getProperty("kura.ui.csf.pid.regex")));
        factory.createConfiguration(ENDPOINT);
        assertTrue(factory.getManagedCloudConnectionPids().contains(ENDPOINT));
        assertEquals(List.of(ENDPOINT), factory.getStackComponentsPids(ENDPOINT));

        // ---- then the user fills in the endpoint's settings
        org.osgi.service.cm.Configuration endpointConfig = awaitValue("endpoint configuration", () -> {
            try {
                org.osgi.service.cm.Configuration[] found = configurationAdmin()
                        .listConfigurations("(kura.service.pid=" + ENDPOINT + ")");
                return found == null ? null : found[0];
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Dictionary<String, Object> settings = endpointConfig.getProperties();
        assertEquals(FACTORY_PID, settings.get("kura.cloud.connection.factory.pid"));
        settings.put("broker.url", broker.url());
        settings.put("client.id", CLIENT_ID);
        settings.put("tenant", "it");
        settings.put("reconnect.min.delay.ms", 100L);
        settings.put("reconnect.max.delay.ms", 1000L);
        settings.put("outbox.directory", Files.createTempDirectory("aios-it-outbox").toString());
        endpointConfig.update(settings);

        // The instance with these settings (SCR may have activated one with the defaults first).
        String configured = "(&(kura.service.pid=" + ENDPOINT + ")(broker.url=" + broker.url() + "))";
        CloudEndpoint endpoint = awaitService(CloudEndpoint.class, configured);
        ServiceReference<CloudEndpoint> endpointRef = context.getServiceReferences(CloudEndpoint.class, configured)
                .iterator().next();
        assertEquals(Boolean.TRUE, endpointRef.getProperty("kura.ui.service.hide"));
        assertEquals(Boolean.TRUE, endpointRef.getProperty("kura.ui.factory.hide"));
        CloudConnectionManager manager = awaitService(CloudConnectionManager.class, configured);
        await("connected to " + broker.url() + " / " + endpoint.getInfo(), manager::isConnected);

        // ---- publisher and subscriber, bound to the endpoint by its kura.service.pid
        configurations.add(createFactoryConfiguration(PUBLISHER_PID, Map.of("kura.service.pid", "it-publisher",
                "cloud.endpoint.service.pid", ENDPOINT, "app.id", "itapp")));
        configurations.add(createFactoryConfiguration(SUBSCRIBER_PID, Map.of("kura.service.pid", "it-subscriber",
                "cloud.endpoint.service.pid", ENDPOINT, "topic.filter", "aios/v1/#{tenant}/#{client-id}/data/#")));
        CloudPublisher publisher = awaitService(CloudPublisher.class, "(kura.service.pid=it-publisher)");
        CloudSubscriber subscriber = awaitService(CloudSubscriber.class, "(kura.service.pid=it-subscriber)");
        ServiceReference<CloudPublisher> publisherRef = context.getServiceReferences(CloudPublisher.class,
                "(kura.service.pid=it-publisher)").iterator().next();
        assertEquals(ENDPOINT_FACTORY_PID, publisherRef.getProperty("cloud.connection.factory.pid"));
        assertEquals(ENDPOINT, publisherRef.getProperty("cloud.endpoint.service.pid"));

        List<KuraMessage> received = new CopyOnWriteArrayList<>();
        subscriber.registerCloudSubscriberListener(received::add);
        List<String> confirmed = new CopyOnWriteArrayList<>();
        publisher.registerCloudDeliveryListener(confirmed::add);
        // the subscription is made asynchronously: publish until the first message comes back
        awaitValue("the subscription to work", () -> {
            try {
                publisher.publish(message(-1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return received.isEmpty() ? null : Boolean.TRUE;
        });
        received.clear();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(publisher.publish(message(i)));
        }
        await("50 messages back through the subscriber, got " + received.size(),
                () -> received.stream().filter(m -> ((Integer) m.getPayload().getMetric("n")) >= 0).count() >= 50);
        List<Integer> order = received.stream().map(m -> (Integer) m.getPayload().getMetric("n")).filter(n -> n >= 0)
                .collect(Collectors.toList());
        assertEquals(50, order.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(Integer.valueOf(i), order.get(i));
        }
        assertEquals("aios/v1/it/" + CLIENT_ID + "/data/itapp", received.get(0).getProperties().get("topic"));
        await("all 50 confirmed to the publisher's listener", () -> confirmed.containsAll(ids));

        CloudLinkMonitor monitor = awaitService(CloudLinkMonitor.class, "(kura.service.pid=" + ENDPOINT + ")");
        assertTrue(monitor.linkState().toString(), monitor.linkState().connected());
        assertTrue(monitor.linkState().toString(), monitor.linkState().rttMillis() >= 0);

        // ---- Gogo
        String outbox = gogo("aios:outbox");
        assertTrue(outbox, outbox.contains(ENDPOINT) && outbox.contains("in flight"));
        String status = gogo("aios:cloudstatus " + ENDPOINT);
        assertTrue(status, status.contains("CONNECTED") && status.contains(CLIENT_ID));

        // ---- messages stored while the broker is away survive a bundle stop/start
        assertTrue(ourThreads().toString(), !ourThreads().isEmpty());
        broker.stop();
        await("link down", () -> !manager.isConnected());
        List<String> stored = new ArrayList<>();
        for (int i = 100; i < 110; i++) {
            stored.add(publisher.publish(message(i)));
        }
        Bundle bundle = installedBundle(BUNDLE);
        bundle.stop();
        await("every cloud-sync thread gone after stop: " + ourThreads(), () -> ourThreads().isEmpty());
        bundle.start();
        broker.start();
        CloudPublisher again = awaitService(CloudPublisher.class, "(kura.service.pid=it-publisher)");
        CloudSubscriber subscriberAgain = awaitService(CloudSubscriber.class, "(kura.service.pid=it-subscriber)");
        List<KuraMessage> afterRestart = new CopyOnWriteArrayList<>();
        subscriberAgain.registerCloudSubscriberListener(afterRestart::add);
        List<String> confirmedAfter = new CopyOnWriteArrayList<>();
        again.registerCloudDeliveryListener(confirmedAfter::add);
        await("the 10 stored messages confirmed after the restart", () -> confirmedAfter.containsAll(stored));
        assertEquals(10, confirmedAfter.stream().filter(stored::contains).count());
        assertTrue(awaitService(CloudConnectionManager.class, "(kura.service.pid=" + ENDPOINT + ")").isConnected());
        assertTrue(unsatisfiedComponents().toString(),
                unsatisfiedComponents().stream().noneMatch(s -> s.contains("cloudsync")));
    }

    /**
     * A connection deleted and made again at once under the same name (Kura's "Cloud Connections": delete, then
     * New with the same pid), five times: each time an endpoint with the new settings comes up and connects, and
     * the previous one's outbox directory is free for it.
     */
    @Test
    public void connectionDeletedAndCreatedAgainUnderTheSameNameComesUpWithItsNewSettings() throws Exception {
        Mosquitto broker = Mosquitto.inTempDirectory("aios-it-mosquitto").build().start();
        closeables.add(broker);
        CloudConnectionFactory factory = awaitService(CloudConnectionFactory.class, "(service.pid=" + FACTORY_PID + ")");
        String outboxDirectory = Files.createTempDirectory("aios-it-recreate").toString();
        for (int round = 0; round < 5; round++) {
            factory.createConfiguration(ENDPOINT);
            org.osgi.service.cm.Configuration endpointConfig = awaitValue("endpoint configuration", () -> {
                try {
                    org.osgi.service.cm.Configuration[] found = configurationAdmin()
                            .listConfigurations("(kura.service.pid=" + ENDPOINT + ")");
                    return found == null ? null : found[0];
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Dictionary<String, Object> settings = endpointConfig.getProperties();
            String clientId = CLIENT_ID + "-" + round;
            settings.put("broker.url", broker.url());
            settings.put("client.id", clientId);
            settings.put("reconnect.min.delay.ms", 100L);
            settings.put("reconnect.max.delay.ms", 1000L);
            // the same store every round: the endpoint of the round before must have let go of it
            settings.put("outbox.directory", outboxDirectory);
            endpointConfig.update(settings);
            String configured = "(&(kura.service.pid=" + ENDPOINT + ")(client.id=" + clientId + "))";
            CloudConnectionManager manager = awaitService(CloudConnectionManager.class, configured);
            await("round " + round + ": connected as " + clientId, manager::isConnected);
            factory.deleteConfiguration(ENDPOINT);
        }
        await("no endpoint left: " + ourThreads(), () -> {
            try {
                return context.getServiceReferences(CloudConnectionManager.class, "(kura.service.pid=" + ENDPOINT + ")")
                        .isEmpty();
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
        assertTrue(unsatisfiedComponents().toString(),
                unsatisfiedComponents().stream().noneMatch(s -> s.contains("cloudsync")));
    }

    private static KuraMessage message(int n) {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("n", n);
        payload.setBody(("message " + n).getBytes(StandardCharsets.UTF_8));
        return new KuraMessage(payload);
    }

    private String gogo(String command) throws Exception {
        CommandProcessor processor = awaitService(CommandProcessor.class, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(System.in, print, print)) {
            Object result = session.execute(command);
            return String.valueOf(result) + out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Threads of this bundle (named aios-cloudsync-...) and Paho's threads of the IT's client id. */
    static List<String> ourThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && (name.startsWith(THREAD_PREFIX) || name.startsWith("MQTT") && name.contains(CLIENT_ID))) {
                names.add(name);
            }
        }
        return names;
    }
}
