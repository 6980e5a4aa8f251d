package io.aiosedge.federated.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.models.learning.TrainableModel;

/**
 * The gateway side of federated rounds. Subscribes through the cloud endpoint to the coordinator's invites; for
 * each new round before its deadline (and while participation is on) it joins, trains the invite's global weights
 * in-process ({@link LocalTraining}: its own TrainableModel, its own most recent labelled windows) and publishes the
 * clipped, optionally noisy weight delta with the number of windows. The windows never leave the gateway.
 *
 * <p>Training runs on the component's one thread, {@value #THREAD_NAME}; an invite arriving while a round trains
 * waits (only the newest waits).
 */
@Designate(ocd = Participant.Config.class)
@Component(name = Participant.PID, configurationPid = Participant.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {Participant.class, ConfigurableComponent.class})
public final class Participant implements ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.federated.Participant";
    /** Name of the component's thread. */
    public static final String THREAD_NAME = "aios-fed-participant";

    private static final Logger LOG = LoggerFactory.getLogger(Participant.class);

    /** Settings (Kura: Services → io.aiosedge.federated.Participant). */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge federated participant",
            description = "Takes part in the coordinator's federated rounds: trains the global model locally on this"
                    + " gateway's recent windows and sends back only a weight update and a sample count.")
    public @interface Config {

        @AttributeDefinition(name = "CloudEndpoint target", description = "Filter selecting the cloud endpoint that"
                + " receives the invites and publishes the updates.")
        String CloudEndpoint_target() default "(kura.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint)";

        @AttributeDefinition(name = "Participation", description = "Off: invites are ignored (counted).")
        boolean participation_enabled() default true;

        @AttributeDefinition(name = "Model name", description = "The model whose rounds this gateway joins.")
        String model_name() default "anomaly-edge";

        @AttributeDefinition(name = "Model folder", description = "A trainable SavedModel of the same network (e.g."
                + " the build's edge-float/); each round replaces its weights with the invite's.")
        String model_directory() default "";

        @AttributeDefinition(name = "Data file", description = "This gateway's recent labelled windows (lines"
                + " 'label,s1,...,sN'), read again at every round.")
        String data_file() default "";

        @AttributeDefinition(name = "Windows (max)", description = "Most recent windows trained on per round.",
                min = "1", max = "1000000")
        int data_max_windows() default 2000;

        @AttributeDefinition(name = "Local steps", description = "Adam steps per round; 0: as the invite says.",
                min = "0", max = "100000")
        int local_steps() default 0;

        @AttributeDefinition(name = "Learning rate", description = "Adam step size; 0: as the invite says.",
                min = "0", max = "1")
        double learning_rate() default 0;

        @AttributeDefinition(name = "Clipping norm", description = "Largest L2 norm of this gateway's update; 0: as"
                + " the invite says.", min = "0", max = "1000000")
        double clip_norm() default 0;

        @AttributeDefinition(name = "Noise multiplier", description = "Gaussian noise (differential privacy) as a"
                + " multiple of the clipping norm; the larger of this and the invite's is used.", min = "0",
                max = "100")
        double noise_multiplier() default 0;

        @AttributeDefinition(name = "Invite topic filter", description = "Where the coordinator's invites arrive;"
                + " #{model} is the model name.")
        String invite_topic_filter() default "aios/v1/#{tenant}/federated/#{model}/invite";

        @AttributeDefinition(name = "Updates topic", description = "Prefix of this gateway's join and update"
                + " topics (/join, /update appended); #{client-id} is the gateway id the coordinator sees.")
        String updates_topic() default "aios/v1/#{tenant}/#{client-id}/federated/#{model}";

        @AttributeDefinition(name = "Seed", description = "Seed of the batch draws and the noise (mixed with the"
                + " round id).")
        long seed() default 1;
    }

    /** What {@code aios:fedparticipant} shows. */
    public record Status(String model, boolean enabled, long invites, long ignored, long rounds, long lastRound,
            long lastSamples, double lastRawNorm, float lastLoss, long lastUpdateBytes, long totalUpdateBytes,
            String lastOutcome) {
    }

    private final ParticipantOptions options;
    private final CloudEndpoint endpoint;
    private final WindowSource data;
    private final String gatewayId;
    private final TrainableModel model;
    private final ThreadPoolExecutor thread;
    private final CloudSubscriberListener listener = this::onMessage;
    private long invites;
    private long ignored;
    private long rounds;
    private long lastRound;
    private long lastSamples;
    private double lastRawNorm = Double.NaN;
    private float lastLoss = Float.NaN;
    private long lastUpdateBytes;
    private long totalUpdateBytes;
    private String lastOutcome = "no invite yet";

    /** Where a participant's windows come from: its data file by default. */
    @FunctionalInterface
    interface WindowSource {
        LabelledData recent(int width, int most) throws IOException;
    }

    @Activate
    public Participant(Config config, @Reference(name = "CloudEndpoint") CloudEndpoint endpoint) throws IOException {
        this(ParticipantOptions.from(config), endpoint, null, "");
    }

    /**
     * @param data null: the configured data file
     * @param gatewayId the id written into the update; "" lets the coordinator take it from the topic, where the
     *        endpoint puts its client id ({@code #{client-id}})
     */
    Participant(ParticipantOptions options, CloudEndpoint endpoint, WindowSource data, String gatewayId)
            throws IOException {
        this.options = options;
        this.endpoint = endpoint;
        this.data = data != null ? data : (width, most) -> LabelledData.read(options.dataFile(), width, most);
        this.gatewayId = gatewayId;
        if (!Files.isRegularFile(options.modelDirectory().resolve("saved_model.pb"))) {
            throw new IOException("model.directory " + options.modelDirectory()
                    + " holds no saved_model.pb (a trainable SavedModel, e.g. the build's edge-float/)");
        }
        this.model = TrainableModel.load(options.modelDirectory());
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1),
                runnable -> {
                    Thread worker = new Thread(runnable, THREAD_NAME);
                    worker.setDaemon(true);
                    return worker;
                }, new ThreadPoolExecutor.DiscardOldestPolicy());
        endpoint.registerSubscriber(Map.of("topic.filter", options.inviteFilter(), "qos", 1), listener);
        LOG.info("Participant of '{}': participation {}, invites from {}", options.model(),
                options.enabled() ? "on" : "off", options.inviteFilter());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        endpoint.unregisterSubscriber(listener);
        thread.shutdown();
        if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            LOG.warn("Participant thread did not stop within 60 s");
        }
        model.close();
    }

    private void onMessage(KuraMessage message) {
        byte[] body = message.getPayload() == null ? null : message.getPayload().getBody();
        try {
            thread.execute(() -> take(body));
        } catch (RejectedExecutionException e) {
            LOG.debug("invite arrived while stopping");
        }
    }

    private void take(byte[] body) {
        FederatedMessages.Invite invite;
        try {
            invite = FederatedMessages.decodeInvite(body);
        } catch (IllegalArgumentException e) {
            synchronized (this) {
                ignored++;
                lastOutcome = "invite refused: " + e.getMessage();
            }
            LOG.warn("Participant of '{}': invite refused: {}", options.model(), e.getMessage());
            return;
        }
        synchronized (this) {
            invites++;
        }
        String skip = null;
        if (!options.enabled()) {
            skip = "participation is off";
        } else if (!invite.model().equals(options.model())) {
            skip = "invite for model " + invite.model();
        } else if (invite.round() <= lastRound) {
            skip = "round " + invite.round() + " already answered (last " + lastRound + ")";
        } else if (System.currentTimeMillis() >= invite.deadlineMillis()) {
            skip = "round " + invite.round() + " is past its deadline";
        }
        if (skip != null) {
            synchronized (this) {
                ignored++;
                lastOutcome = "ignored: " + skip;
            }
            LOG.debug("Participant of '{}': invite ignored: {}", options.model(), skip);
            return;
        }
        try {
            publish(options.joinTopic(), FederatedMessages.encode(new FederatedMessages.Join(invite.round(),
                    invite.version())), invite.round());
            LabelledData windows = data.recent(model.network().width(), options.maxWindows());
            LocalTraining.Result result = LocalTraining.run(model, invite.weights(), windows,
                    options.settingsFor(invite), options.seed() * 1_000_003L + invite.round());
            byte[] update = FederatedMessages.encode(new FederatedMessages.Update(invite.round(), invite.version(),
                    result.samples(), gatewayId, options.model(), result.delta()));
            publish(options.updateTopic(), update, invite.round());
            synchronized (this) {
                rounds++;
                lastRound = invite.round();
                lastSamples = result.samples();
                lastRawNorm = result.rawNorm();
                lastLoss = result.lastLoss();
                lastUpdateBytes = update.length;
                totalUpdateBytes += update.length;
                lastOutcome = "round " + invite.round() + " answered";
            }
            LOG.info("Participant of '{}': round {} answered ({} windows, update {} bytes, norm {} before clipping)",
                    options.model(), invite.round(), result.samples(), update.length, result.rawNorm());
        } catch (IOException | KuraException | RuntimeException e) {
            synchronized (this) {
                lastRound = Math.max(lastRound, invite.round());
                lastOutcome = "round " + invite.round() + " failed: " + e.getMessage();
            }
            LOG.error("Participant of '{}': round {} failed", options.model(), invite.round(), e);
        }
    }

    private void publish(String topic, byte[] body, long round) throws KuraException {
        KuraPayload payload = new KuraPayload();
        payload.addMetric("round", round);
        payload.setBody(body);
        endpoint.publish(new KuraMessage(payload, Map.of("topic", topic, "qos", 1, "priority", 4)));
    }

    /** @return counters and the last round (Gogo {@code aios:fedparticipant}) */
    public synchronized Status status() {
        return new Status(options.model(), options.enabled(), invites, ignored, rounds, lastRound, lastSamples,
                lastRawNorm, lastLoss, lastUpdateBytes, totalUpdateBytes, lastOutcome);
    }
}
