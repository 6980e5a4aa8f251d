package io.aiosedge.learning.cloud.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.kura.KuraException;
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

import io.aiosedge.api.learning.ModelOffers;

/**
 * The cloud side of the learning loop. Subscribes through a cloud connection to the gateways' hard-example uploads,
 * keeps them in a bounded durable {@link ExampleBuffer}, and when at least {@code min.new.examples} new ones arrived
 * and {@code min.interval.s} passed since the last run, fine-tunes the deployed edge model ({@link FineTuner}) on
 * the new examples mixed with a replay of earlier data ({@link ReplayMixer}), validates it on old-condition data
 * plus a held-out slice of the new examples, promotes it only when the {@link PromotionRule} says so, and pushes a
 * promoted version to the gateways ({@link ModelOffers}: signed archive, SHA-256, the engine's {@code models}
 * command metrics). Every version, promoted or not, is kept with its scores ({@link VersionHistory}).
 *
 * <p>Everything after the listener call runs on the component's one thread, {@value #THREAD_NAME}.
 */
@Designate(ocd = Trainer.Config.class)
@Component(name = Trainer.PID, configurationPid = Trainer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {Trainer.class, ConfigurableComponent.class})
public final class Trainer implements ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.learning.cloud.Trainer";
    /** Name of the component's thread. */
    public static final String THREAD_NAME = "aios-trainer";

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** Settings (Kura: Services → io.aiosedge.learning.cloud.Trainer). */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge trainer",
            description = "Fine-tunes the edge model on the gateways' hard examples with a replay buffer, validates"
                    + " it on old and new conditions, promotes a version only when it beats the deployed one, and"
                    + " pushes it to the gateways as a signed model archive.")
    public @interface Config {

        @AttributeDefinition(name = "CloudEndpoint target", description = "Filter selecting the cloud endpoint that"
                + " receives the uploads and publishes the models.")
        String CloudEndpoint_target() default "(kura.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint)";

        @AttributeDefinition(name = "Uploads topic filter", description = "Where the gateways' hard examples arrive;"
                + " the level after the tenant is the gateway id.")
        String uploads_topic_filter() default "aios/v1/#{tenant}/+/data/hard-examples";

        @AttributeDefinition(name = "Model name", description = "The edge model trained and pushed (its name in"
                + " the gateways' engines; examples of other edge models are skipped).")
        String model_name() default "anomaly-edge";

        @AttributeDefinition(name = "Initial model folder", description = "A trainable SavedModel (train_step"
                + " signature) of the model the gateways serve now, e.g. the build's edge-float/; copied as v0 at the"
                + " first start.")
        String initial_model_directory() default "";

        @AttributeDefinition(name = "Old-condition data", required = false, description = "Labelled windows of the"
                + " conditions the initial model was trained for (lines 'label,s1,...,sN'): replayed against"
                + " forgetting, and a held-out slice validates every version. Empty: none.")
        String old_data_file() default "";

        @AttributeDefinition(name = "Work folder", required = false, description = "Buffer, versions and history;"
                + " empty: the bundle's data area.")
        String work_directory() default "";

        @AttributeDefinition(name = "Buffer bound (examples)", description = "Most hard examples kept; the oldest"
                + " make room.", min = "1", max = "1000000")
        int buffer_max_examples() default 20000;

        @AttributeDefinition(name = "New examples per run", description = "A run starts once at least this many"
                + " examples arrived since the last one.", min = "1", max = "1000000")
        int min_new_examples() default 200;

        @AttributeDefinition(name = "Minimum interval (s)", description = "Least time between two runs.", min = "0",
                max = "604800")
        int min_interval_s() default 600;

        @AttributeDefinition(name = "Check interval (s)", description = "How often the trainer checks whether a run"
                + " is due.", min = "1", max = "3600")
        int check_interval_s() default 10;

        @AttributeDefinition(name = "Replay share", description = "Share of each run's training set drawn from"
                + " earlier data (old-condition windows, examples of earlier runs), 0..0.95.", min = "0", max = "0.95")
        double replay_share() default 0.5;

        @AttributeDefinition(name = "Held-out share", description = "Share of the new examples kept out of training"
                + " for validation (a fixed function of gateway and task id), 0..0.9.", min = "0", max = "0.9")
        double holdout_share() default 0.25;

        @AttributeDefinition(name = "Promotion margin", description = "How much higher a version's overall"
                + " validation F1 must be than the deployed version's, 0..1.", min = "0", max = "1")
        double promote_margin() default 0.01;

        @AttributeDefinition(name = "Largest old-condition F1 drop", description = "A version whose F1 on the old"
                + " conditions falls by more than this below the deployed one's is rejected, 0..1.", min = "0",
                max = "1")
        double max_old_f1_drop() default 0.05;

        @AttributeDefinition(name = "Epochs", description = "Passes over a run's training set.", min = "1",
                max = "1000")
        int epochs() default 30;

        @AttributeDefinition(name = "Batch size", description = "Windows per Adam step.", min = "1", max = "4096")
        int batch_size() default 32;

        @AttributeDefinition(name = "Learning rate", description = "Adam step size.", min = "0.000001", max = "1")
        double learning_rate() default 0.002;

        @AttributeDefinition(name = "Hard-label weight", description = "Share of the cloud's hard label in each"
                + " target; the rest is the cloud's probability (soft label), 0..1.", min = "0", max = "1")
        double hard_label_weight() default 0.5;

        @AttributeDefinition(name = "TensorFlow threads", description = "Threads of a run.", min = "1", max = "64")
        int tensorflow_threads() default 1;

        @AttributeDefinition(name = "Gateway form", description = "What the gateways serve: int8 (8-bit weights) or"
                + " float.", options = {
                    @org.osgi.service.metatype.annotations.Option(label = "int8", value = "int8"),
                    @org.osgi.service.metatype.annotations.Option(label = "float", value = "float")})
        String gateway_form() default "int8";

        @AttributeDefinition(name = "Push topic", description = "Where promoted versions go; #{model} is the model"
                + " name. The gateways' io.aiosedge.learning.ModelUpdates subscribes to it.")
        String push_topic() default "aios/v1/#{tenant}/learning/models/#{model}";

        @AttributeDefinition(name = "Retain pushes", description = "The broker keeps the last push for gateways"
                + " that connect later.")
        boolean push_retain() default true;

        @AttributeDefinition(name = "Signing key file", required = false, description = "Ed25519 private key"
                + " (PKCS#8, as 'aios-sign keygen' writes it) that signs the archives; empty: unsigned (gateways then"
                + " need models.allow.unsigned).")
        String signing_key_file() default "";

        @AttributeDefinition(name = "Signing key id", required = false, description = "The key's id in the"
                + " gateways' artifacts.trusted.keys; empty: the key file's name without .pk8.")
        String signing_key_id() default "";

        @AttributeDefinition(name = "Seed", description = "Seed of the replay draws and sample orders.")
        long seed() default 1;
    }

    /** What {@code aios:trainer} shows. */
    public record Status(String model, int buffered, int bufferBound, long bufferBytes, long newExamples,
            int minNewExamples, long uploads, long skipped, String lastSkipReason, long duplicates, long dropped,
            long lastRunMillis, String lastRunOutcome, List<ModelVersion> versions, Optional<ModelVersion> deployed,
            long pushes, String lastPushError) {
    }

    private final TrainerOptions options;
    private final CloudEndpoint endpoint;
    private final ExampleBuffer buffer;
    private final VersionHistory history;
    private final List<TrainingExample> oldTrain = new ArrayList<>();
    private final List<TrainingExample> oldValidation = new ArrayList<>();
    private final ModelOffers.SigningKey signingKey;
    private final ScheduledThreadPoolExecutor thread;
    private final CloudSubscriberListener listener = this::onMessage;
    private final int width;
    private long uploads;
    private long skipped;
    private String lastSkipReason = "";
    private String lastRunOutcome = "no run yet";
    private long pushes;
    private String lastPushError = "";

    @Activate
    public Trainer(Config config, BundleContext context, @Reference(name = "CloudEndpoint") CloudEndpoint endpoint)
            throws IOException {
        this(TrainerOptions.from(config, context.getDataFile("trainer").toPath()), endpoint);
    }

    Trainer(TrainerOptions options, CloudEndpoint endpoint) throws IOException {
        this.options = options;
        this.endpoint = endpoint;
        this.signingKey = options.signingKeyFile() == null ? null
                : ModelOffers.SigningKey.read(options.signingKeyFile(), options.signingKeyId());
        Files.createDirectories(options.workDirectory());
        this.history = new VersionHistory(options.workDirectory());
        if (history.deployed().isEmpty()) {
            TrainingRun.checkInitialModel(options.initialModel());
        }
        Path initial = history.deployed().isPresent() ? folder(0).resolve("float") : options.initialModel();
        this.width = FineTuner.width(initial);
        TrainingRun.splitOld(options, width, oldTrain, oldValidation);
        if (history.deployed().isEmpty()) {
            TrainingRun.exportInitial(options, history, oldValidation, folder(0));
        }
        this.buffer = new ExampleBuffer(options.workDirectory().resolve("examples.bin"), options.bufferMaxExamples());
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread worker = new Thread(runnable, THREAD_NAME);
            worker.setDaemon(true);
            return worker;
        });
        thread.scheduleWithFixedDelay(this::checkQuietly, options.checkIntervalMillis(), options.checkIntervalMillis(),
                TimeUnit.MILLISECONDS);
        endpoint.registerSubscriber(Map.of("topic.filter", options.uploadsFilter(), "qos", 1), listener);
        LOG.info("Trainer of '{}': {} examples buffered, deployed {}, uploads from {}", options.model(), buffer.size(),
                history.deployed().map(ModelVersion::name).orElse("-"), options.uploadsFilter());
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        endpoint.unregisterSubscriber(listener);
        thread.shutdown();
        if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            LOG.warn("Trainer thread did not stop within 60 s");
        }
        buffer.close();
    }

    private void onMessage(KuraMessage message) {
        Object topic = message.getProperties().get("topic");
        String[] levels = topic == null ? new String[0] : topic.toString().split("/");
        String gateway = levels.length >= 4 ? levels[3] : "unknown";
        try {
            thread.execute(() -> receive(gateway, message));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("upload from {} arrived while stopping", gateway);
        }
    }

    private void receive(String gateway, KuraMessage message) {
        try {
            HardExampleUploads.Parsed parsed = HardExampleUploads.parse(gateway, message.getPayload(), options.model(),
                    width);
            List<TrainingExample> added = buffer.add(parsed.examples());
            synchronized (this) {
                uploads++;
                skipped += parsed.skipped();
                if (!parsed.firstSkipReason().isEmpty()) {
                    lastSkipReason = parsed.firstSkipReason();
                }
            }
            LOG.debug("{} hard examples from {} ({} new, {} skipped)", parsed.examples().size(), gateway, added.size(),
                    parsed.skipped());
        } catch (IllegalArgumentException e) {
            synchronized (this) {
                uploads++;
                lastSkipReason = e.getMessage();
            }
            LOG.warn("Upload refused: {}", e.getMessage());
        } catch (IOException e) {
            LOG.error("Example buffer failed", e);
            synchronized (this) {
                lastSkipReason = "buffer: " + e.getMessage();
            }
        }
    }

    private void checkQuietly() {
        try {
            check(false);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                lastRunOutcome = "failed: " + e.getMessage();
            }
            LOG.error("Training run failed", e);
        }
    }

    /**
     * Runs a fine-tuning run when one is due (or at once when {@code force}, given at least one new example).
     *
     * @return the version made, empty when no run was due
     */
    private Optional<ModelVersion> check(boolean force) throws IOException {
        List<TrainingExample> fresh = buffer.after(history.trainedThrough());
        long now = System.currentTimeMillis();
        if (fresh.isEmpty() || !force && (fresh.size() < options.minNewExamples()
                || now - history.lastRunMillis() < options.minIntervalMillis())) {
            return Optional.empty();
        }
        return Optional.of(train(fresh, now));
    }

    private ModelVersion train(List<TrainingExample> arrived, long now) throws IOException {
        TrainingRun.Ran ran = TrainingRun.run(options, history, buffer.all(), oldTrain, oldValidation, arrived, now,
                this::folder, outcome -> {
                    synchronized (this) {
                        lastRunOutcome = outcome;
                    }
                });
        if (ran.promote()) {
            history.deploy(ran.version().number());
            push(ran.version());
        }
        return ran.version();
    }

    private void push(ModelVersion version) {
        Path form = folder(version.number()).resolve(options.training().int8() ? "int8" : "float");
        try {
            KuraMessage offer = TrainingRun.offer(options, version, form, signingKey);
            endpoint.publish(offer);
            synchronized (this) {
                pushes++;
                lastPushError = "";
            }
            LOG.info("Trainer of '{}': pushed {} ({} bytes, SHA-256 {})", options.model(), version.name(),
                    offer.getPayload().getBody().length, offer.getPayload().getMetric("sha256"));
        } catch (IOException | KuraException | RuntimeException e) {
            synchronized (this) {
                lastPushError = version.name() + ": " + e.getMessage();
            }
            LOG.error("Push of {} failed", version.name(), e);
        }
    }

    private Path folder(int number) {
        return options.workDirectory().resolve("versions").resolve("v" + number);
    }

    /** Trains now on what is new (Gogo {@code aios:trainer run}); waits for the run. */
    public Optional<ModelVersion> runNow() throws Exception {
        return onThread(() -> check(true));
    }

    /** Runs when one is due, as the periodic check does (tests); waits for the run. */
    Optional<ModelVersion> runIfDue() throws Exception {
        return onThread(() -> check(false));
    }

    /** Promotes a version by hand and pushes it (Gogo {@code aios:promote}). */
    public ModelVersion promote(int number) throws Exception {
        return onThread(() -> {
            ModelVersion version = history.find(number).orElseThrow(() -> new IllegalArgumentException(
                    "no version v" + number + "; versions: " + history.versions().stream().map(ModelVersion::name)
                            .toList()));
            if (history.deployed().map(v -> v.number() == number).orElse(false)) {
                throw new IllegalArgumentException(version.name() + " is deployed already");
            }
            ModelVersion promoted = version.promoted() ? version : version.promotedBy("promoted by hand ("
                    + version.reason() + ")");
            history.replace(promoted);
            history.deploy(number);
            push(promoted);
            return promoted;
        });
    }

    /** Deploys the version deployed before the current one again and pushes it (Gogo {@code aios:rollback}). */
    public ModelVersion rollback() throws Exception {
        return onThread(() -> {
            ModelVersion back = history.rollBack();
            push(back);
            return back;
        });
    }

    private <T> T onThread(Callable<T> work) throws Exception {
        try {
            return thread.submit(work).get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the trainer's thread did not answer within 10 minutes", e);
        }
    }

    public Status status() throws Exception {
        // the buffer and the history belong to the component's thread
        Status partial = onThread(() -> new Status(options.model(), buffer.size(), buffer.maxExamples(),
                buffer.fileBytes(), buffer.lastSequence() - history.trainedThrough(), options.minNewExamples(), 0, 0,
                "", buffer.duplicates(), buffer.dropped(), history.lastRunMillis(), "", history.versions(),
                history.deployed(), 0, ""));
        synchronized (this) {
            return new Status(partial.model(), partial.buffered(), partial.bufferBound(), partial.bufferBytes(),
                    partial.newExamples(), partial.minNewExamples(), uploads, skipped, lastSkipReason,
                    partial.duplicates(), partial.dropped(), partial.lastRunMillis(), lastRunOutcome,
                    partial.versions(), partial.deployed(), pushes, lastPushError);
        }
    }
}
