package io.aiosedge.itests.inference;

import static io.aiosedge.itests.inference.LearningLoopFixtures.ENDPOINT_FACTORY;
import static io.aiosedge.itests.inference.LearningLoopFixtures.ENGINE_FACTORY;
import static io.aiosedge.itests.inference.LearningLoopFixtures.MODEL_UPDATES_PID;
import static io.aiosedge.itests.inference.LearningLoopFixtures.TRAINER_PID;
import static io.aiosedge.itests.inference.LearningLoopFixtures.endpoint;
import static io.aiosedge.itests.inference.LearningLoopFixtures.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.After;
import org.osgi.framework.ServiceRegistration;

import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.testsupport.Mosquitto;

/**
 * Base of the learning-loop ITs: a real Mosquitto, a "gateway" (endpoint {@code gw-endpoint} with client id
 * {@code gw1}, engine {@code gw-engine} trusting a signing key, io.aiosedge.learning.ModelUpdates on both) and a
 * "cloud" (endpoint {@code cloud-endpoint}, io.aiosedge.learning.cloud.Trainer signing with that key) in one
 * framework, all configured by PID, and everything a test made removed after it.
 */
abstract class LearningLoopTestSupport extends InferenceTestSupport {

    private static final Pattern UPLOADS_RECEIVED = Pattern.compile("uploads +(\\d+) received");

    /** Closed after the test, after the configurations are deleted and the registrations removed. */
    protected final List<AutoCloseable> closeables = new ArrayList<>();
    /** Deleted after the test. */
    protected final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();
    /** Unregistered after the test. */
    protected final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    /** The test's own folder (models, outboxes, the trainer's work). */
    protected Path temp;
    protected Mosquitto broker;
    /** The trainer signs with it, the gateway's engine trusts it (id {@code ops}). */
    protected KeyPair key;
    protected Path keyFile;

    @After
    public void cleanUp() throws Exception {
        for (org.osgi.service.cm.Configuration c : configurations) {
            c.delete();
        }
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /** Makes the test's folder and the signing key, and starts the broker. */
    protected void startBroker(String name) throws Exception {
        temp = Files.createTempDirectory(name);
        broker = Mosquitto.inTempDirectory("aios-it-mosquitto").build().start();
        closeables.add(broker);
        key = Ed25519Keys.generate();
        keyFile = temp.resolve("ops.pk8");
        Files.write(keyFile, key.getPrivate().getEncoded());
    }

    /**
     * Configures the gateway: its endpoint, its engine loading {@code engineModels} ({@code name=path,...}) and
     * trusting the key, and ModelUpdates on both with {@code updates} on top.
     *
     * @return the configuration of ModelUpdates
     */
    protected org.osgi.service.cm.Configuration configureGateway(String engineModels, Map<String, Object> updates)
            throws Exception {
        configurations.add(createFactoryConfiguration(ENDPOINT_FACTORY, endpoint("gw-endpoint", "gw1", broker, temp)));
        configurations.add(createFactoryConfiguration(ENGINE_FACTORY, Map.of("kura.service.pid", "gw-engine",
                "models", engineModels, "model.bundles", false,
                "artifacts.trusted.keys", new String[] {"ops=" + Ed25519Keys.encodePublic(key.getPublic())})));
        Map<String, Object> properties = new HashMap<>(Map.of("CloudEndpoint.target", "(kura.service.pid=gw-endpoint)",
                "InferenceEngineService.target", "(kura.service.pid=gw-engine)"));
        properties.putAll(updates);
        org.osgi.service.cm.Configuration configuration = configure(MODEL_UPDATES_PID, properties);
        configurations.add(configuration);
        return configuration;
    }

    /**
     * Configures the cloud: its endpoint ({@code endpointSettings} on top) and the trainer of {@code model},
     * starting from the trainable SavedModel {@code initial}, signing with the key, {@code trainerSettings} on top.
     */
    protected void configureCloud(Map<String, Object> endpointSettings, String model, Path initial,
            Map<String, Object> trainerSettings) throws Exception {
        Map<String, Object> endpoint = new HashMap<>(endpoint("cloud-endpoint", "cloud-1", broker, temp));
        endpoint.putAll(endpointSettings);
        configurations.add(createFactoryConfiguration(ENDPOINT_FACTORY, endpoint));
        Map<String, Object> trainer = new HashMap<>(Map.of("CloudEndpoint.target", "(kura.service.pid=cloud-endpoint)",
                "model.name", model, "initial.model.directory", initial.toString(),
                "work.directory", temp.resolve("trainer").toString(), "signing.key.file", keyFile.toString()));
        trainer.putAll(trainerSettings);
        configurations.add(configure(TRAINER_PID, trainer));
    }

    /**
     * Uploads hard examples of {@code model} through the gateway's endpoint as io.aiosedge.learning does, in
     * messages of 50 examples (the length a multiple of 50), until the trainer has received as many messages. The
     * trainer being active does not mean its subscription reached the broker yet, and uploads are not retained: what
     * went before it is sent again, as a gateway would after a failed upload (the trainer refuses the duplicates).
     */
    protected void uploadFromGateway(String model, float[][] windows, int[] labels) throws Exception {
        CloudEndpoint gateway = awaitService(CloudEndpoint.class, "(kura.service.pid=gw-endpoint)");
        int messages = windows.length / 50;
        long received = uploadsReceived();
        long[] lastSent = {Long.MIN_VALUE};
        await("the trainer receiving " + messages + " uploads", () -> {
            if (uploadsReceived() >= received + messages) {
                return true;
            }
            if (lastSent[0] == Long.MIN_VALUE || System.nanoTime() - lastSent[0] > 2_000_000_000L) {
                lastSent[0] = System.nanoTime();
                for (int from = 0; from < windows.length; from += 50) {
                    try {
                        gateway.publish(new KuraMessage(upload("gw1", model, windows, labels, from, 50),
                                Map.of("topic", "aios/v1/it/gw1/data/hard-examples", "qos", 1, "priority", 9)));
                    } catch (KuraException e) {
                        throw new IllegalStateException("the gateway's endpoint refused an upload", e);
                    }
                }
            }
            return false;
        });
    }

    /** @return the upload messages the trainer received ({@code aios:trainer}), 0 while it is not there */
    private long uploadsReceived() {
        String status = LearningLoopFixtures.gogo(context, "trainer");
        Matcher m = status == null ? null : UPLOADS_RECEIVED.matcher(status);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Waits until both endpoints are connected and the trainer and ModelUpdates are active. */
    protected void awaitLoopReady() {
        CloudConnectionManager gatewayLink = awaitService(CloudConnectionManager.class, "(kura.service.pid=gw-endpoint)");
        CloudConnectionManager cloudLink = awaitService(CloudConnectionManager.class,
                "(kura.service.pid=cloud-endpoint)");
        await("both endpoints connected", () -> gatewayLink.isConnected() && cloudLink.isConnected());
        await("trainer and model updates active", () -> unsatisfiedComponents().stream()
                .noneMatch(c -> c.contains("Trainer") || c.contains("ModelUpdates")));
    }
}
