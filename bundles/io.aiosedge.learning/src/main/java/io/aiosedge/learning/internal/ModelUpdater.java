package io.aiosedge.learning.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.message.KuraPayload;
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
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskCompletionListener;

/**
 * The gateway end of model pushes from the cloud trainer, with automatic rollback. Subscribes through the cloud
 * connection to the model offers of the cloud trainer and the federated coordinator ({@link ModelOffers}: the engine's {@code models} command metrics
 * and the zip) and hands each to the engine's {@code models} request handler, the path of the cloud command, so the
 * engine checks its signature and SHA-256 and hot-swaps it. Before the swap it notes the serving version and its
 * folder (the engine's ModelInfo parameter {@code directory}). After it, a {@link RollbackRule} judges the edge
 * model's live disagreement with the cloud answers of joint inference; when the rate rises above the one before the
 * swap by more than the margin, the previous folder is loaded again ({@code loadModel}) and the version is refused
 * from then on (kept in the bundle's data area, so a retained offer does not bring it back after a restart). The
 * rule's windows and the swap it judges are kept there too ({@value #STATE_FILE}), so a restart neither ends a
 * judgement nor judges the next offer against an empty window.
 */
@Designate(ocd = ModelUpdater.Config.class)
@Component(name = ModelUpdater.PID, configurationPid = ModelUpdater.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {TaskCompletionListener.class, ModelUpdater.class, ConfigurableComponent.class})
public final class ModelUpdater implements TaskCompletionListener, ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.learning.ModelUpdates";
    /** Name of the component's thread. */
    public static final String THREAD_NAME = "aios-model-updates";
    static final String REFUSED_FILE = "refused-versions.txt";
    /** Beside the refused versions: per model the rule's window and the swap being judged. */
    static final String STATE_FILE = "rollback-state.txt";
    /** The state is written after this many answers (and at every swap, verdict, rollback and deactivation). */
    private static final int SAVE_EVERY_ANSWERS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

    /** Settings (Kura: Services → io.aiosedge.learning.ModelUpdates). */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge model updates",
            description = "Installs the model versions the cloud trainer pushes (signature and SHA-256 checked by the"
                    + " engine) and rolls a swap back when the edge model's disagreement with the cloud answers rises"
                    + " above its level before the swap.")
    public @interface Config {

        @AttributeDefinition(name = "CloudEndpoint target", description = "Filter selecting the cloud endpoint"
                + " that receives the offers.")
        String CloudEndpoint_target() default "(kura.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint)";

        @AttributeDefinition(name = "InferenceEngineService target", description = "Filter selecting the engine"
                + " whose models are updated and rolled back.")
        String InferenceEngineService_target() default "(kura.service.pid=*)";

        @AttributeDefinition(name = "Models handler target", description = "Filter selecting the engine's cloud"
                + " request handler for models (the path of the models command).")
        String RequestHandler_target() default "(aios.request.handler.id=models)";

        @AttributeDefinition(name = "Offers topic filter", description = "Where the trainer's model offers arrive.")
        String offers_topic_filter() default "aios/v1/#{tenant}/learning/models/+";

        @AttributeDefinition(name = "Models", description = "Comma-separated models this gateway takes offers of.")
        String models() default "anomaly-edge";

        @AttributeDefinition(name = "Automatic rollback", description = "Go back to the previous version when the"
                + " disagreement with the cloud rises after a swap.")
        boolean rollback_enabled() default true;

        @AttributeDefinition(name = "Rollback window (answers)", description = "Edge answers before a swap that"
                + " make the baseline, and after it that are judged.", min = "10", max = "1000000")
        int rollback_window() default 200;

        @AttributeDefinition(name = "Rollback margin", description = "How far the disagreement rate after a swap"
                + " may rise above the rate before it, 0..1.", min = "0", max = "1")
        double rollback_margin() default 0.05;
    }

    /** One swap and what became of it. */
    public record Swap(long timeMillis, String model, String from, String to, String outcome) {
    }

    /** What {@code aios:modelupdates} shows for one model. */
    public record ModelState(String model, String serving, boolean judging, double baseline, double limit,
            int judged, int window, double rateSinceSwap, double recentRate, String previous) {
    }

    /** What {@code aios:modelupdates} shows. */
    public record Status(boolean rollbackEnabled, List<ModelState> models, List<Swap> swaps, List<String> refused,
            long offers, long installed, long ignored, long rollbacks, String lastProblem) {
    }

    private final CloudEndpoint endpoint;
    private final LazyEngine engine;
    private final RequestHandler modelsHandler;
    private final Set<String> models;
    private final boolean rollbackEnabled;
    private final int window;
    private final double margin;
    private final String filter;
    private final RollbackBook book;
    private int unsavedAnswers;
    private final ExecutorService thread;
    private final CloudSubscriberListener listener = this::onOffer;
    private long offers;
    private long installed;
    private long ignored;
    private long rollbacks;
    private String lastProblem = "";

    /**
     * The engine comes as a service reference and is got only when first needed: the engine registers
     * its models handler while it is being constructed, which satisfies this component and activates it at once;
     * getting the engine itself then would be a service-factory cycle (seen in LearningLoopIT).
     */
    @Activate
    public ModelUpdater(Config config, BundleContext context,
            @Reference(name = "CloudEndpoint") CloudEndpoint endpoint,
            @Reference(name = "InferenceEngineService", service = InferenceEngineService.class)
            org.osgi.framework.ServiceReference<InferenceEngineService> engine,
            @Reference(name = "RequestHandler") RequestHandler modelsHandler) throws IOException {
        this(config, context.getDataFile(REFUSED_FILE).toPath(), endpoint, () -> context.getService(engine),
                modelsHandler);
        this.engine.release(() -> context.ungetService(engine));
    }

    ModelUpdater(Config config, Path refusedFile, CloudEndpoint endpoint,
            java.util.function.Supplier<InferenceEngineService> engine, RequestHandler modelsHandler)
            throws IOException {
        UpdateOptions options = UpdateOptions.of(config);
        this.filter = options.filter();
        this.models = options.models();
        this.window = options.window();
        this.margin = options.margin();
        this.rollbackEnabled = options.rollbackEnabled();
        this.endpoint = endpoint;
        this.engine = new LazyEngine(engine);
        this.modelsHandler = modelsHandler;
        this.book = new RollbackBook(models, window, margin, refusedFile);
        String damaged = book.loadState();
        if (damaged != null) {
            lastProblem = damaged;
            LOG.warn("{}", lastProblem);
        }
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(64),
                runnable -> {
                    Thread worker = new Thread(runnable, THREAD_NAME);
                    worker.setDaemon(true);
                    return worker;
                });
        endpoint.registerSubscriber(Map.of("topic.filter", filter, "qos", 1), listener);
        LOG.info("Model updates for {} from {}; rollback {}", models, filter,
                rollbackEnabled ? "after " + window + " answers, margin " + margin : "off");
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        endpoint.unregisterSubscriber(listener);
        thread.shutdown();
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            LOG.warn("Model-update thread did not stop within 30 s");
        }
        saveState();
        engine.close();
    }

    private void onOffer(KuraMessage message) {
        try {
            thread.execute(() -> install(message.getPayload()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Model offer on {} not taken: stopping or 64 offers queued", message.getProperties().get("topic"));
        }
    }

    /** Runs on the component's thread. */
    private void install(KuraPayload offer) {
        synchronized (this) {
            offers++;
        }
        RollbackBook.Offered offered = RollbackBook.offered(offer, models);
        if (offered.isIgnored()) {
            ignore(offered.ignoredBecause());
            return;
        }
        String model = offered.model();
        String version = offered.version();
        if (isRefused(model, version)) {
            ignore("offer of " + model + " " + version + " ignored: it was rolled back here");
            return;
        }
        Optional<ModelInfo> serving = engine.servingInfo(model);
        String servingVersion = serving.flatMap(ModelInfo::getVersion).orElse("");
        if (version.equals(servingVersion)) {
            synchronized (this) {
                ignored++;
            }
            LOG.debug("offer of {} {} ignored: serving already", model, version);
            return;
        }
        String folder = serving.map(i -> i.getParameters().get("directory")).map(Object::toString).orElse(null);
        try {
            modelsHandler.doPut(new RequestHandlerContext(null, Map.of()), new KuraMessage(offer));
        } catch (KuraException | RuntimeException e) {
            problem("offer of " + model + " " + version + " refused by the engine: " + e.getMessage());
            return;
        }
        synchronized (this) {
            installed++;
            book.installed(model, version, servingVersion, folder, rollbackEnabled);
        }
        saveState();
        LOG.info("Model {} {} installed (was {}); judged over the next {} answers", model, version,
                servingVersion.isEmpty() ? "-" : servingVersion, window);
    }

    @Override
    public void taskCompleted(TaskCompletion completion) {
        TaskResult edge = completion.edgeResult() != null ? completion.edgeResult() : completion.result();
        String model = edge.model();
        if (model == null || !models.contains(model)) {
            return;
        }
        boolean disagreed = RollbackBook.disagreed(completion);
        RollbackRule.Verdict verdict;
        String version;
        String reason;
        boolean save;
        synchronized (this) {
            RollbackRule rule = book.rule(model);
            verdict = book.judge(model, disagreed, rollbackEnabled);
            version = book.judgedVersion.get(model);
            reason = "disagreement " + RollbackBook.describe(rule);
            save = ++unsavedAnswers >= SAVE_EVERY_ANSWERS || verdict != RollbackRule.Verdict.WATCHING;
            if (save) {
                unsavedAnswers = 0;
            }
        }
        if (save) {
            try {
                thread.execute(this::saveState);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("rollback state not saved now: stopping or busy");
            }
        }
        if (verdict == RollbackRule.Verdict.ROLL_BACK && rollbackEnabled) {
            try {
                thread.execute(() -> rollBack(model, version, reason));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.warn("Rollback of {} not started: stopping", model);
            }
        }
    }

    /** Runs on the component's thread. */
    private void rollBack(String model, String version, String reason) {
        String folder;
        String back;
        synchronized (this) {
            if (version != null && !version.equals(book.judgedVersion.get(model))) {
                // another version replaced it before this ran: it is judged against the same baseline and
                // rolled back to the same folder if it does no better; this one is only refused
                book.refuse(model, version, "refused, already replaced by " + book.judgedVersion.get(model) + ": "
                        + reason);
                saveRefused();
                LOG.warn("Model {} {} refused ({}); {} had replaced it already", model, version, reason,
                        book.judgedVersion.get(model));
                return;
            }
            folder = book.previousFolder.get(model);
            back = book.previousVersion.getOrDefault(model, "");
        }
        if (folder == null) {
            problem("cannot roll back " + model + " " + version + ": the engine did not name the previous version's"
                    + " folder (ModelInfo parameter 'directory')");
            return;
        }
        try {
            engine.get().loadModel(model, Optional.of(folder));
        } catch (KuraException | RuntimeException e) {
            problem("rollback of " + model + " " + version + " to " + back + " failed: " + e.getMessage());
            return;
        }
        synchronized (this) {
            rollbacks++;
            if (book.rolledBack(model, version, "rolled back to " + back + ": " + reason)) {
                saveRefused();
            }
        }
        saveState();
        LOG.warn("Model {} {} rolled back to {} ({}): {}", model, version, back, folder, reason);
    }

    /** Rolls the last swap of {@code model} back by hand (Gogo); waits for it. */
    public String rollBackNow(String model) throws Exception {
        return onThread(() -> {
            String version;
            synchronized (this) {
                if (!book.previousFolder.containsKey(model)) {
                    return "no swap of '" + model + "' to roll back" + (models.contains(model) ? "" : " (models: "
                            + models + ")");
                }
                version = book.judgedVersion.get(model);
            }
            rollBack(model, version, "by hand");
            synchronized (this) {
                return book.previousFolder.containsKey(model) ? "rollback failed: " + lastProblem
                        : "rolled back " + model + " " + version + " to " + book.previousVersion.get(model);
            }
        });
    }

    private <T> T onThread(Callable<T> work) throws Exception {
        try {
            return thread.submit(work).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private boolean isRefused(String model, String version) {
        synchronized (this) {
            return book.refused.contains(model + " " + version);
        }
    }

    /** Keeps the rollback state ({@link RollbackBook#saveState}): on the component's thread or at deactivation. */
    private void saveState() {
        String failed = book.saveState(this);
        if (failed != null) {
            problem(failed);
        }
    }

    /** Called under the component's monitor. */
    private void saveRefused() {
        try {
            book.writeRefused();
        } catch (IOException e) {
            lastProblem = "cannot write " + book.refusedFile() + ": " + e.getMessage();
            LOG.error("Cannot keep the refused versions", e);
        }
    }

    private void ignore(String why) {
        synchronized (this) {
            ignored++;
            lastProblem = why;
        }
        LOG.info("{}", why);
    }

    private void problem(String why) {
        synchronized (this) {
            lastProblem = why;
        }
        LOG.warn("{}", why);
    }

    public synchronized Status status() {
        List<ModelState> states = book.states(models,
                model -> engine.servingInfo(model).flatMap(ModelInfo::getVersion).orElse("(not loaded)"));
        return new Status(rollbackEnabled, states, List.copyOf(book.swaps), List.copyOf(book.refused), offers,
                installed, ignored, rollbacks, lastProblem);
    }
}
