package io.aiosedge.federated.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
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
 * Runs federated rounds for one model. Every {@code round.period.s} after the last round closed it opens a round:
 * publishes an invite (round id, global version, deadline, local settings, the global weights) through the cloud
 * endpoint; gateways that take part answer with a join and then an update (a weight delta and a sample count). The
 * round closes at its deadline, or earlier once every gateway that joined has answered and at least
 * {@code participants.min} did; admitted updates ({@link ReplayGuard}: open round, current version, once per
 * gateway) are checked and averaged ({@link Aggregation}), the result is validated on held-out windows
 * ({@link Validation}) and, when it passes, becomes the next global version, kept and pushed to the gateways
 * ({@link OfferPush}: a signed model offer their model updates install). Its state
 * lives in its data folder ({@link RoundStore}): a restarted coordinator continues an open round with the updates
 * it had.
 *
 * <p>Everything after the listener call runs on the component's one thread, {@value #THREAD_NAME}.
 */
@Designate(ocd = Coordinator.Config.class)
@Component(name = Coordinator.PID, configurationPid = Coordinator.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {Coordinator.class, ConfigurableComponent.class})
public final class Coordinator implements ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.federated.Coordinator";
    /** Name of the component's thread. */
    public static final String THREAD_NAME = "aios-fed-coordinator";

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    /** Settings (Kura: Services → io.aiosedge.federated.Coordinator). */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge federated coordinator",
            description = "Runs federated-averaging rounds for one model across the gateways: invites, collects"
                    + " weight updates until the deadline, refuses bad ones, averages, validates on held-out data.")
    public @interface Config {

        @AttributeDefinition(name = "CloudEndpoint target", description = "Filter selecting the cloud endpoint that"
                + " publishes the invites and receives the gateways' updates.")
        String CloudEndpoint_target() default "(kura.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint)";

        @AttributeDefinition(name = "Model name", description = "The model trained (its name in the gateways'"
                + " engines and in the topics).")
        String model_name() default "anomaly-edge";

        @AttributeDefinition(name = "Initial model folder", description = "A trainable SavedModel (train_step"
                + " signature, e.g. the build's edge-float/): the network and the weights of global version 0.")
        String initial_model_directory() default "";

        @AttributeDefinition(name = "Validation data", required = false, description = "Held-out labelled windows"
                + " (lines 'label,s1,...,sN') every aggregated model is scored on before it is kept. Empty: only"
                + " finite answers are checked.")
        String validation_data_file() default "";

        @AttributeDefinition(name = "Work folder", required = false, description = "Round state, updates, versions"
                + " and history; empty: the bundle's data area.")
        String work_directory() default "";

        @AttributeDefinition(name = "Participants (min)", description = "Fewest accepted updates for a round to make"
                + " a new version.", min = "1", max = "10000")
        int participants_min() default 2;

        @AttributeDefinition(name = "Local steps", description = "Adam steps each participant takes per round.",
                min = "1", max = "100000")
        int local_steps() default 20;

        @AttributeDefinition(name = "Batch size", description = "Windows per local step.", min = "1", max = "4096")
        int batch_size() default 32;

        @AttributeDefinition(name = "Learning rate", description = "Participants' Adam step size.", min = "0.000001",
                max = "1")
        double learning_rate() default 0.005;

        @AttributeDefinition(name = "Clipping norm", description = "Largest L2 norm of an update, on the gateway"
                + " and again here.", min = "0.000001", max = "1000000")
        double clip_norm() default 5.0;

        @AttributeDefinition(name = "Noise multiplier", description = "Client-side Gaussian noise (differential"
                + " privacy), standard deviation as a multiple of the clipping norm; 0: none.", min = "0", max = "100")
        double noise_multiplier() default 0;

        @AttributeDefinition(name = "Round period (s)", description = "Time from the close of a round to the next"
                + " invite.", min = "0", max = "604800")
        int round_period_s() default 600;

        @AttributeDefinition(name = "Round deadline (s)", description = "A round closes this long after its invite"
                + " with the updates that arrived (stragglers are left out).", min = "1", max = "86400")
        int round_deadline_s() default 120;

        @AttributeDefinition(name = "Out-of-distribution factor", description = "An update whose norm exceeds this"
                + " many times the round's median norm is refused (with 3 or more updates).", min = "1",
                max = "1000000")
        double ood_factor() default 5.0;

        @AttributeDefinition(name = "Largest F1 drop", description = "An aggregated model whose held-out F1 falls"
                + " by more than this below the current version's, and whose held-out loss is not lower, is not kept,"
                + " 0..1.", min = "0", max = "1")
        double max_f1_drop() default 0.02;

        @AttributeDefinition(name = "Server momentum", description = "FedAvgM: each round's step is the mean update"
                + " plus this times the previous kept step (in memory; a restart begins at 0), 0..0.99; 0: plain"
                + " FedAvg.", min = "0", max = "0.99")
        double server_momentum() default 0.5;

        @AttributeDefinition(name = "Invite topic", description = "Where invites go (retained); #{model} is the"
                + " model name.")
        String invite_topic() default "aios/v1/#{tenant}/federated/#{model}/invite";

        @AttributeDefinition(name = "Updates topic filter", description = "Where the gateways' joins and updates"
                + " arrive: aios/v1/<tenant>/<gateway>/federated/<model>/join|update; the level after the tenant is"
                + " the gateway id.")
        String updates_topic_filter() default "aios/v1/#{tenant}/+/federated/#{model}/+";

        @AttributeDefinition(name = "Push topic", description = "Where each new global version goes as a model offer"
                + " (version fed-<n>); #{model} is the model name. The gateways' io.aiosedge.learning.ModelUpdates"
                + " subscribes to it.")
        String push_topic() default "aios/v1/#{tenant}/learning/models/#{model}";

        @AttributeDefinition(name = "Retain pushes", description = "The broker keeps the last version for gateways"
                + " that connect later.")
        boolean push_retain() default true;

        @AttributeDefinition(name = "Push int8", description = "Push the int8 form (as the build's edge model ships);"
                + " off: the trainable float form.")
        boolean push_int8() default true;

        @AttributeDefinition(name = "Signing key file", required = false, description = "Ed25519 private key"
                + " (PKCS#8, as 'aios-sign keygen' writes it) that signs the pushed archives; empty: unsigned"
                + " (gateways then need models.allow.unsigned).")
        String signing_key_file() default "";

        @AttributeDefinition(name = "Signing key id", required = false, description = "The key's id in the"
                + " gateways' artifacts.trusted.keys; empty: the key file's name without .pk8.")
        String signing_key_id() default "";
    }

    /** What {@code aios:fedrounds} shows. */
    public record Status(String model, long parameters, RoundStore.State state, int answered, double f1,
            List<RoundStore.Closed> history, Map<String, String> lastRefusals, long refusedOnArrival,
            String lastPush) {
    }

    private final CoordinatorOptions options;
    private final CloudEndpoint endpoint;
    private final ModelPush push;
    private final RoundStore store;
    private final TrainableModel model;
    private final LabelledData validation;
    private final Aggregation aggregation;
    private final ScheduledThreadPoolExecutor thread;
    private final CloudSubscriberListener listener = this::onMessage;
    private final Map<String, String> lastRefusals = new LinkedHashMap<>();
    private RoundStore.State state;
    private float[] global;
    private double globalF1;
    private Validation.Score globalScore;
    private ReplayGuard guard;
    private int answered;
    private long uplinkBytes;
    private long inviteBytes;
    private long refusedOnArrival;
    private String lastPush = "none yet";

    @Activate
    public Coordinator(Config config, BundleContext context, @Reference(name = "CloudEndpoint") CloudEndpoint endpoint)
            throws IOException {
        this(CoordinatorOptions.from(config, context.getDataFile("coordinator").toPath()), endpoint,
                OfferPush.from(config, endpoint));
    }

    Coordinator(CoordinatorOptions options, CloudEndpoint endpoint, ModelPush push) throws IOException {
        this.options = options;
        this.endpoint = endpoint;
        this.push = push;
        this.aggregation = new Aggregation(options.clip(), options.oodFactor(), options.participantsMin(),
                options.serverMomentum());
        RoundSteps.checkInitialModel(options.initialModel());
        this.store = new RoundStore(options.workDirectory());
        this.model = TrainableModel.load(options.initialModel());
        try {
            int width = model.network().width();
            this.validation = options.validationData() == null ? null
                    : LabelledData.read(options.validationData(), width, Integer.MAX_VALUE);
            RoundSteps.Start start = RoundSteps.start(store, model);
            state = start.state();
            global = start.global();
            globalScore = score(global);
            globalF1 = globalScore.f1();
            if (state.open()) {
                List<FederatedMessages.Update> kept = store.updates(state.round());
                guard = RoundSteps.restoredGuard(state, kept);
                answered = kept.size();
                LOG.info("Coordinator of '{}': continuing round {} ({} updates kept, deadline in {} ms)",
                        options.model(), state.round(), kept.size(), state.deadlineMillis() - System.currentTimeMillis());
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread worker = new Thread(runnable, THREAD_NAME);
            worker.setDaemon(true);
            return worker;
        });
        endpoint.registerSubscriber(Map.of("topic.filter", options.updatesFilter(), "qos", 1), listener);
        thread.scheduleWithFixedDelay(this::tickQuietly, 0, options.tickMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Coordinator of '{}': global version {}, held-out F1 {}, invites to {}, updates from {}",
                options.model(), state.version(), globalF1, options.inviteTopic(), options.updatesFilter());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        endpoint.unregisterSubscriber(listener);
        thread.shutdown();
        if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            LOG.warn("Coordinator thread did not stop within 60 s");
        }
        model.close();
    }

    private void onMessage(KuraMessage message) {
        Object topic = message.getProperties().get("topic");
        String[] levels = topic == null ? new String[0] : topic.toString().split("/");
        if (levels.length < 7) {
            LOG.debug("message on unexpected topic {}", topic);
            return;
        }
        String gateway = levels[3];
        String kind = levels[levels.length - 1];
        byte[] body = message.getPayload() == null ? null : message.getPayload().getBody();
        try {
            thread.execute(() -> receive(gateway, kind, body));
        } catch (RejectedExecutionException e) {
            LOG.debug("message from {} arrived while stopping", gateway);
        }
    }

    private void receive(String gateway, String kind, byte[] body) {
        try {
            RoundSteps.checkGateway(gateway);
            if (kind.equals("join")) {
                FederatedMessages.Join join = FederatedMessages.decodeJoin(body);
                if (state.open() && join.round() == state.round() && !state.joined().contains(gateway)) {
                    state = state.withJoined(gateway);
                    store.save(state);
                    uplinkBytes += body.length;
                }
            } else if (kind.equals("update")) {
                FederatedMessages.Update update = FederatedMessages.decodeUpdate(body);
                RoundSteps.checkUpdate(update, gateway, options.model(), state, guard);
                // kept with the gateway id of the topic (the one the broker's ACL vouches for)
                store.saveUpdate(state.round(), gateway, FederatedMessages.encode(new FederatedMessages.Update(
                        update.round(), update.version(), update.samples(), gateway, update.model(), update.delta())));
                if (!state.joined().contains(gateway)) {
                    state = state.withJoined(gateway);
                    store.save(state);
                }
                answered++;
                uplinkBytes += body.length;
                tick();
            }
        } catch (IllegalArgumentException e) {
            refusedOnArrival++;
            lastRefusals.put(gateway, e.getMessage());
            LOG.warn("Coordinator of '{}': {} from {} refused: {}", options.model(), kind, gateway, e.getMessage());
        } catch (IOException e) {
            LOG.error("Coordinator of '{}': cannot keep the {} from {}", options.model(), kind, gateway, e);
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (IOException | RuntimeException e) {
            LOG.error("Coordinator of '{}': round step failed", options.model(), e);
        }
    }

    private void tick() throws IOException {
        long now = System.currentTimeMillis();
        if (state.open()) {
            // joins of slower gateways may still be on their way: no early close within the join window
            boolean joinWindowOver = now >= state.openedMillis()
                    + RoundSteps.joinWindowMillis(options.roundDeadlineMillis());
            boolean everyoneAnswered = joinWindowOver && answered >= options.participantsMin()
                    && answered >= state.joined().size();
            if (now >= state.deadlineMillis() || everyoneAnswered) {
                close(now, now >= state.deadlineMillis() && !everyoneAnswered);
            }
        } else if (now >= state.closedMillis() + options.roundPeriodMillis()) {
            open(now);
        }
    }

    private void open(long now) throws IOException {
        long round = state.round() + 1;
        state = new RoundStore.State(round, true, now, now + options.roundDeadlineMillis(), state.version(), 0,
                java.util.Set.of());
        store.save(state);
        guard = new ReplayGuard(round, state.version(), java.util.Set.of());
        answered = 0;
        uplinkBytes = 0;
        lastRefusals.clear();
        byte[] invite = RoundSteps.invite(options, state, global);
        inviteBytes = invite.length;
        RoundSteps.publishInvite(endpoint, options, round, state.version(), invite);
        LOG.info("Coordinator of '{}': round {} open (version {}, deadline in {} s, invite {} bytes)", options.model(),
                round, state.version(), options.roundDeadlineMillis() / 1000, invite.length);
    }

    private void close(long now, boolean atDeadline) throws IOException {
        List<FederatedMessages.Update> updates = store.updates(state.round());
        Aggregation.Outcome outcome = aggregation.aggregate(global, updates);
        lastRefusals.putAll(outcome.refused());
        int before = state.version();
        int after = before;
        double f1Before = globalF1;
        RoundSteps.Judged judged = RoundSteps.judge(aggregation, outcome, globalScore, this::score,
                options.maxF1Drop());
        String verdict = judged.verdict();
        double f1After = judged.candidate() == null ? Double.NaN : judged.candidate().f1();
        if (verdict.equals("new-version")) {
            after = before + 1;
            global = outcome.weights().get();
            globalF1 = judged.candidate().f1();
            globalScore = judged.candidate();
            store.saveWeights(after, global);
        }
        String details = RoundSteps.details(atDeadline, verdict, outcome, options.participantsMin(),
                judged.losses());
        RoundStore.Closed closed = new RoundStore.Closed(state.round(), state.openedMillis(), now, before, after,
                verdict, state.joined().size(), outcome.accepted().size(), outcome.refused().size(), uplinkBytes,
                inviteBytes * Math.max(1, state.joined().size()), f1Before, f1After, details);
        store.append(closed);
        state = new RoundStore.State(state.round(), false, state.openedMillis(), state.deadlineMillis(), after, now,
                state.joined());
        store.save(state);
        store.dropUpdates(closed.round());
        LOG.info("Coordinator of '{}': round {} {} (version {} -> {}, F1 {} -> {}): {}", options.model(),
                closed.round(), verdict, before, after, f1Before, f1After, details);
        if (after != before) {
            lastPush = RoundSteps.pushVersion(store, model, push, options.model(), after, global, closed.round(),
                    outcome.accepted().size(), globalF1, globalScore);
        }
    }

    private Validation.Score score(float[] weights) {
        if (validation == null) {
            model.setWeights(WeightVector.unflatten(weights, model.shapes()));
            return new Validation.Score(Double.NaN, Double.NaN, true);
        }
        return Validation.score(model, weights, validation);
    }

    /** @return the current global weights (a copy) */
    public float[] globalWeights() throws Exception {
        return onThread(() -> global.clone());
    }

    /** @return the round state and history (Gogo {@code aios:fedrounds}) */
    public Status status() throws Exception {
        return onThread(() -> new Status(options.model(), model.parameters(), state, answered, globalF1,
                store.history(), new LinkedHashMap<>(lastRefusals), refusedOnArrival, lastPush));
    }

    private <T> T onThread(Callable<T> work) throws Exception {
        try {
            return thread.submit(work).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
