package io.aiosedge.itests.wires;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.wireadmin.Consumer;
import org.osgi.service.wireadmin.Producer;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.itests.OsgiTestSupport;
import io.aiosedge.testsupport.Mosquitto;

/**
 * Our cloud-sync under Kura's Wire Publisher (PublisherDouble, WIRES.md section 5) with a real Mosquitto and an
 * independent MQTT consumer (Paho, persistent session), and the end-to-end graph Timer → WireAsset over the
 * simulated driver → AIOS Task → Publisher → our MqttCloudPublisher → Mosquitto → consumer. The Publisher's
 * {@code CloudPublisher.target} names our publisher's kura.service.pid, as Kura's service picker sets it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WirePublisherIT extends OsgiTestSupport {

    private static final String FACTORY_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudConnectionFactory";
    private static final String ENDPOINT_FACTORY_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint";
    private static final String PUBLISHER_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudPublisher";
    private static final String CLIENT_ID = "it-wires-gateway";
    private static final String CLOUD_PUBLISHER = "it-wire-cloud";
    private static final String TOPIC = "aios/v1/it/" + CLIENT_ID + "/data/wires";
    private static final String SIMULATED_PID = "io.aiosedge.driver.simulated.SimulatedDriver";
    private static final String TASK_PID = "io.aiosedge.wires.AiosTask";
    private static final String SCHEDULER_PID = "io.aiosedge.scheduler.TaskScheduler";

    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new CopyOnWriteArrayList<>();
    private final List<WireDouble> wires = new CopyOnWriteArrayList<>();
    private final List<PublisherDouble> publishers = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private WireHelperDouble helper;
    private Mosquitto broker;
    private MqttClient consumer;
    private CloudConnectionManager connection;
    /** This test's endpoint: one per test, so that no test sees another's configuration or outbox. */
    private String endpoint;

    @Configuration
    public Option[] config() {
        return new Option[] {platform(), WiresTestBundles.options(onRealKuraApi())};
    }

    @After
    public void cleanUp() throws Exception {
        wires.forEach(WireDouble::disconnect);
        publishers.forEach(PublisherDouble::close);
        for (org.osgi.service.cm.Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted with its factory
            }
        }
        if (endpoint != null) {
            awaitService(CloudConnectionFactory.class, "(service.pid=" + FACTORY_PID + ")")
                    .deleteConfiguration(endpoint);
            await("endpoint " + endpoint + " to stop", () -> {
                try {
                    return context.getServiceReferences(CloudConnectionManager.class,
                            "(kura.service.pid=" + endpoint + ")").isEmpty();
                } catch (InvalidSyntaxException e) {
                    throw new IllegalArgumentException(e);
                }
            });
        }
        await("the scheduler to stop", () -> context.getServiceReference(TaskScheduler.class) == null);
        registrations.forEach(ServiceRegistration::unregister);
        if (consumer != null) {
            if (consumer.isConnected()) {
                consumer.disconnect();
            }
            consumer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // ------------------------------------------------------------------ Mosquitto, cloud-sync, the consumer

    /** Mosquitto, our cloud connection (as Kura's Cloud Connections page makes it) and our publisher instance. */
    private void cloudConnection(String suffix) throws Exception {
        endpoint = ENDPOINT_FACTORY_PID + "-" + suffix;
        broker = Mosquitto.inTempDirectory("aios-it-mosquitto").build().start();
        CloudConnectionFactory factory = awaitService(CloudConnectionFactory.class, "(service.pid=" + FACTORY_PID + ")");
        factory.createConfiguration(endpoint);
        org.osgi.service.cm.Configuration endpointConfiguration = awaitValue("the endpoint's configuration", () -> {
            try {
                org.osgi.service.cm.Configuration[] found = configurationAdmin()
                        .listConfigurations("(kura.service.pid=" + endpoint + ")");
                return found == null ? null : found[0];
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Dictionary<String, Object> settings = endpointConfiguration.getProperties();
        settings.put("broker.url", broker.url());
        settings.put("client.id", CLIENT_ID);
        settings.put("tenant", "it");
        settings.put("reconnect.min.delay.ms", 100L);
        settings.put("reconnect.max.delay.ms", 500L);
        settings.put("outbox.directory", Files.createTempDirectory("aios-it-wires-outbox").toString());
        endpointConfiguration.update(settings);
        connection = awaitService(CloudConnectionManager.class,
                "(&(kura.service.pid=" + endpoint + ")(broker.url=" + broker.url() + "))");
        await("connected to " + broker.url(), connection::isConnected);
        configurations.add(createFactoryConfiguration(PUBLISHER_PID, Map.of("kura.service.pid", CLOUD_PUBLISHER,
                "cloud.endpoint.service.pid", endpoint, "app.id", "wires")));
        awaitService(CloudPublisher.class, "(kura.service.pid=" + CLOUD_PUBLISHER + ")");
    }

    /** What the consumer got: topic and the AIOS envelope's JSON header. */
    static final class Received {
        final String topic;
        final String header;

        Received(String topic, byte[] payload) {
            this.topic = topic;
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            if (payload.length < 6 || (buffer.get() & 0xff) != 0xAE || buffer.get() != 1) {
                throw new AssertionError("not an AIOS envelope v1 on " + topic);
            }
            int length = buffer.getInt();
            this.header = new String(payload, 6, length, StandardCharsets.UTF_8);
        }

        /** @return the raw JSON text of a metric's value (strings without quotes), or null */
        String metric(String name) {
            int start = header.indexOf("\"metrics\":{");
            if (start < 0) {
                return null;
            }
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)")
                    .matcher(header.substring(start));
            return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1)) : null;
        }

        String id() {
            Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(header);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public String toString() {
            return topic + " " + header;
        }
    }

    /** An independent consumer: Paho, persistent session (it keeps its subscription across the outage), QoS 1. */
    private void consumer() throws Exception {
        consumer = new MqttClient(broker.url(), "it-wires-consumer", new MemoryPersistence());
        consumer.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // automatic reconnect
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the consumer publishes nothing
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        consumer.connect(options);
        consumer.subscribe("aios/v1/it/" + CLIENT_ID + "/data/#", 1);
    }

    // ------------------------------------------------------------------ the graph

    private ServiceReference<WireComponent> registerEnd(Object end, String name, String... types) {
        return WireEnds.register(context, registrations, end, name, types);
    }

    private void wire(Producer producer, ServiceReference<?> from, Consumer consumer, ServiceReference<?> to) {
        wires.add(WireDouble.between(producer, from, consumer, to));
    }

    private void helperService() {
        helper = new WireHelperDouble();
        registrations.add(context.registerService(WireHelperService.class, helper, new Hashtable<>()));
    }

    /** A Publisher instance with {@code CloudPublisher.target} set to our publisher, as the Wire Composer sets it. */
    private PublisherDouble publisher(ServiceReference<WireComponent>[] own) throws InvalidSyntaxException {
        PublisherDouble publisher = new PublisherDouble(context,
                Map.of("CloudPublisher.target", "(kura.service.pid=" + CLOUD_PUBLISHER + ")", "publish.position",
                        "none"));
        publishers.add(publisher);
        own[0] = registerEnd(publisher, "it-publisher", WireComponent.class.getName(), WireReceiver.class.getName(),
                Consumer.class.getName());
        publisher.attach(helper, own[0]);
        return publisher;
    }

    private static WireRecord record(Object... namesAndValues) {
        Map<String, TypedValue<?>> properties = new LinkedHashMap<>();
        for (int k = 0; k < namesAndValues.length; k += 2) {
            properties.put((String) namesAndValues[k], (TypedValue<?>) namesAndValues[k + 1]);
        }
        return new WireRecord(properties);
    }

    private Set<Integer> distinctN() {
        return received.stream().map(r -> r.metric("n")).filter(n -> n != null).map(Integer::valueOf)
                .collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------ tests

    @Test
    @SuppressWarnings("unchecked")
    public void kurasPublisherOverOurCloudSyncLosesNothingAcrossABrokerOutage() throws Exception {
        helperService();
        cloudConnection("outage");
        consumer();
        ServiceReference<WireComponent>[] publisherRef = new ServiceReference[1];
        PublisherDouble publisher = publisher(publisherRef);
        WireEnds.Source source = new WireEnds.Source();
        ServiceReference<WireComponent> sourceRef = registerEnd(source, "it-pump", WireComponent.class.getName(),
                WireEmitter.class.getName(), Producer.class.getName());
        source.attach(helper, sourceRef);
        wire(source, sourceRef, publisher, publisherRef[0]);

        int perPhase = 100;
        for (int n = 0; n < perPhase; n++) {
            source.send(record("n", TypedValues.newIntegerValue(n), "vibration", TypedValues.newDoubleValue(n / 10.0),
                    "assetName", TypedValues.newStringValue("it-pump")));
        }
        await("the first " + perPhase + " at the consumer, has " + distinctN().size(),
                () -> distinctN().size() == perPhase);

        broker.stop();
        await("the endpoint to see the outage", () -> !connection.isConnected());
        for (int n = perPhase; n < 2 * perPhase; n++) {
            source.send(record("n", TypedValues.newIntegerValue(n), "vibration", TypedValues.newDoubleValue(n / 10.0),
                    "assetName", TypedValues.newStringValue("it-pump")));
        }
        assertEquals("publish went on during the outage (into the outbox)", 2 * perPhase, publisher.published.get());
        assertEquals(List.of(), publisher.errors);
        assertFalse(connection.isConnected());
        broker.start();
        await("the endpoint to reconnect", connection::isConnected);
        for (int n = 2 * perPhase; n < 3 * perPhase; n++) {
            source.send(record("n", TypedValues.newIntegerValue(n), "vibration", TypedValues.newDoubleValue(n / 10.0),
                    "assetName", TypedValues.newStringValue("it-pump")));
        }
        await("all " + 3 * perPhase + " at the consumer, has " + distinctN().size(),
                () -> distinctN().size() == 3 * perPhase);

        assertEquals("every record arrived", IntStream.range(0, 3 * perPhase).boxed().collect(Collectors.toSet()),
                distinctN());
        Set<String> ids = received.stream().map(Received::id).collect(Collectors.toSet());
        assertEquals("one message id per record", 3 * perPhase, ids.size());
        int duplicates = received.size() - 3 * perPhase;
        for (Received message : received) {
            assertEquals(TOPIC, message.topic);
            assertEquals("it-pump", message.metric("assetName"));
            assertNotNull("vibration in " + message, message.metric("vibration"));
        }
        assertEquals(List.of(), publisher.errors);
        assertEquals(0, publisher.dropped.get());
        for (WireDouble wire : wires) {
            assertEquals(List.of(), wire.consumerExceptions);
        }
        System.out.printf("WirePublisherIT outage: %d records (%d while Mosquitto was down), %d messages received,"
                + " %d distinct, %d duplicates, 0 lost%n", 3 * perPhase, perPhase, received.size(), distinctN().size(),
                duplicates);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void assetToAiosTaskToPublisherToMosquittoDeliversEveryRecordOnce() throws Exception {
        helperService();
        cloudConnection("graph");
        consumer();
        WiresTaskIT.MeanInference inference = new WiresTaskIT.MeanInference();
        Hashtable<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        registrations.add(context.registerService(TensorInference.class, inference, ranking));
        Map<String, Object> scheduler = new HashMap<>();
        scheduler.put("kura.service.pid", SCHEDULER_PID);
        scheduler.put("policy", "min-completion");
        scheduler.put("local.slots", 2);
        configurations.add(configure(SCHEDULER_PID, scheduler));
        awaitService(TaskScheduler.class, null);

        // the simulated driver, and an asset on it with two channels (Kura: Drivers and Assets)
        configurations.add(createFactoryConfiguration(SIMULATED_PID, Map.of("kura.service.pid", "it-sim")));
        Driver driver = awaitService(Driver.class, "(kura.service.pid=it-sim)");
        Map<String, Map<String, String>> channels = new LinkedHashMap<>();
        channels.put("vibration", Map.of("shape", "SINE", "amplitude", "1.0", "period.ms", "2000", "noise.sigma",
                "0.05"));
        channels.put("temperature", Map.of("shape", "CONSTANT", "offset", "21.5"));
        WireAssetDouble asset = new WireAssetDouble("it-pump", driver, channels);
        ServiceReference<WireComponent> assetRef = registerEnd(asset, "it-pump", WireComponent.class.getName(),
                WireEmitter.class.getName(), WireReceiver.class.getName(), Producer.class.getName(),
                Consumer.class.getName());
        asset.attach(helper, assetRef);

        // the AIOS Task, as the Wire Composer creates it (ports added)
        Map<String, Object> task = new HashMap<>();
        task.put("kura.service.pid", "it-task");
        task.put("input.properties", "vibration,temperature");
        task.put("task.model", "anomaly-detector");
        task.put("task.deadline.ms", 60_000L);
        task.put("receiver.port.count", 1);
        task.put("emitter.port.count", 1);
        configurations.add(createFactoryConfiguration(TASK_PID, task));
        ServiceReference<WireComponent> taskRef = awaitValue("the AIOS Task it-task", () -> {
            try {
                java.util.Collection<ServiceReference<WireComponent>> found = context
                        .getServiceReferences(WireComponent.class, "(kura.service.pid=it-task)");
                return found.isEmpty() ? null : found.iterator().next();
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
        Object taskService = context.getService(taskRef);

        ServiceReference<WireComponent>[] publisherRef = new ServiceReference[1];
        PublisherDouble publisher = publisher(publisherRef);
        WireEnds.Source timer = new WireEnds.Source();
        ServiceReference<WireComponent> timerRef = registerEnd(timer, "it-timer", WireComponent.class.getName(),
                WireEmitter.class.getName(), Producer.class.getName());
        timer.attach(helper, timerRef);
        wire(timer, timerRef, asset, assetRef);
        wire(asset, assetRef, (Consumer) taskService, taskRef);
        wire((Producer) taskService, taskRef, publisher, publisherRef[0]);

        int ticks = 50;
        for (int k = 0; k < ticks; k++) {
            timer.send(record("TIMER", TypedValues.newLongValue(System.currentTimeMillis())));
        }
        await("the " + ticks + " tasks run and their outcomes published, " + publisher.published.get() + " so far",
                () -> inference.inputs.size() == ticks && publisher.published.get() == ticks);
        // A marker after them through the same publisher: the outbox keeps their order, so once it is at the
        // consumer everything published before it is too, and the count is final.
        KuraPayload marker = new KuraPayload();
        marker.addMetric("marker", Boolean.TRUE);
        awaitService(CloudPublisher.class, "(kura.service.pid=" + CLOUD_PUBLISHER + ")")
                .publish(new KuraMessage(marker, Map.of()));
        await("the marker at the consumer", () -> received.stream().anyMatch(r -> r.metric("marker") != null));

        List<Received> results = received.stream().filter(r -> r.metric("marker") == null)
                .collect(Collectors.toList());
        assertEquals("records in = messages out: " + results, ticks, results.size());
        assertEquals("one task per record", ticks, results.stream().map(r -> r.metric("task.id"))
                .collect(Collectors.toSet()).size());
        List<Double> means = new ArrayList<>();
        for (float[] input : inference.inputs) {
            assertEquals("the constant channel reached the task", 21.5f, input[1], 1e-6f);
            means.add(((double) input[0] + input[1]) / 2);
        }
        for (Received message : results) {
            assertEquals(TOPIC, message.topic);
            assertEquals(message.toString(), "COMPLETED", message.metric("status"));
            assertEquals("gateway", message.metric("node"));
            assertEquals("LOCAL", message.metric("node.kind"));
            assertEquals("anomaly-detector", message.metric("model"));
            assertEquals("forwarded from the asset's record", "it-pump", message.metric("assetName"));
            assertNotNull(message.metric("vibration_timestamp"));
            assertNotNull(message.metric("latency.ms"));
            double output = Double.parseDouble(message.metric("output"));
            assertTrue("output " + output + " is the mean of one task's input " + means,
                    means.removeIf(new java.util.function.Predicate<Double>() {
                        private boolean done;

                        @Override
                        public boolean test(Double mean) {
                            if (!done && Math.abs(mean - output) < 1e-4) {
                                done = true;
                                return true;
                            }
                            return false;
                        }
                    }));
        }
        assertEquals(List.of(), asset.errors);
        assertEquals(List.of(), publisher.errors);
        for (WireDouble wire : wires) {
            assertEquals(List.of(), wire.consumerExceptions);
        }
        Set<String> nodes = new HashSet<>();
        results.forEach(r -> nodes.add(r.metric("node")));
        System.out.printf("WirePublisherIT end to end: %d timer ticks -> %d asset records -> %d tasks -> %d MQTT"
                + " messages at the consumer (nodes %s)%n", ticks, ticks, inference.inputs.size(), results.size(),
                nodes);
    }
}
