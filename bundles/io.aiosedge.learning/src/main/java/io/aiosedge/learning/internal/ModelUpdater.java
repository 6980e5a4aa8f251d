package io.aiosedge.learning.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
    static final String OFFER_FORMAT = ModelOffers.FORMAT;
    static final String REFUSED_FILE = "refused-versions.txt";
    /** Beside the refused versions: per model the rule's window and the swap being judged. */
    static final String STATE_FILE = "rollback-state.txt";
    /** The state is written after this many answers (and at every swap, verdict, rollback and deactivation). */
    private static final int SAVE_EVERY_ANSWERS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);
    private static final int SWAPS_KEPT = 20;

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
    private final java.util.function.Supplier<InferenceEngineService> engineService;
    private volatile InferenceEngineService engine;
    /** Gives the engine back at deactivation when it was got (the bundle context's use count). */
    private Runnable release = () -> { };
    private final RequestHandler modelsHandler;
    private final Set<String> models;
    private final boolean rollbackEnabled;
    private final int window;
    private final double margin;
    private final String filter;
    private final Path refusedFile;
    private final Path stateFile;
    private int unsavedAnswers;
    private final ExecutorService thread;
    private final CloudSubscriberListener listener = this::onOffer;
    private final Map<String, RollbackRule> rules = new HashMap<>();
    private final Map<String, String> previousFolder = new HashMap<>();
    private final Map<String, String> previousVersion = new HashMap<>();
    private final Map<String, String> judgedVersion = new HashMap<>();
    private final Set<String> refused = new LinkedHashSet<>();
    private final Deque<Swap> swaps = new ArrayDeque<>();
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
        this.release = () -> context.ungetService(engine);
    }

    ModelUpdater(Config config, Path refusedFile, CloudEndpoint endpoint,
            java.util.function.Supplier<InferenceEngineService> engine, RequestHandler modelsHandler)
            throws IOException {
        this.filter = config.offers_topic_filter() == null ? "" : config.offers_topic_filter().trim();
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("offers.topic.filter must not be empty");
        }
        this.models = new LinkedHashSet<>();
        for (String m : (config.models() == null ? "" : config.models()).split(",")) {
            if (!m.isBlank()) {
                models.add(m.trim());
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model: '" + config.models() + "'");
        }
        this.window = config.rollback_window();
        this.margin = config.rollback_margin();
        new RollbackRule(window, margin); // checks both bounds, naming the property
        this.rollbackEnabled = config.rollback_enabled();
        this.endpoint = endpoint;
        this.engineService = engine;
        this.modelsHandler = modelsHandler;
        this.refusedFile = refusedFile;
        this.stateFile = refusedFile.resolveSibling(STATE_FILE);
        if (Files.exists(refusedFile)) {
            for (String line : Files.readAllLines(refusedFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    refused.add(line.trim());
                }
            }
        }
        loadState();
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
        synchronized (engineService) {
            if (engine != null) {
                engine = null;
                release.run();
            }
        }
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
        Object format = offer == null ? null : offer.getMetric("format");
        Object modelMetric = offer == null ? null : offer.getMetric("model");
        Object versionMetric = offer == null ? null : offer.getMetric("version");
        if (!OFFER_FORMAT.equals(format) || modelMetric == null || versionMetric == null) {
            ignore("an offer without format " + OFFER_FORMAT + ", model and version was ignored (format '" + format
                    + "')");
            return;
        }
        String model = modelMetric.toString();
        String version = versionMetric.toString();
        if (!models.contains(model)) {
            ignore("offer of model '" + model + "' ignored: not in models " + models);
            return;
        }
        if (isRefused(model, version)) {
            ignore("offer of " + model + " " + version + " ignored: it was rolled back here");
            return;
        }
        Optional<ModelInfo> serving = servingInfo(model);
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
            RollbackRule rule = rule(model);
            if (rule.settled()) {
                previousFolder.put(model, folder);
                previousVersion.put(model, servingVersion);
            } else if (rule.judging()) {
                // the replaced version was never kept: a rollback goes back to the one before it, and the
                // baseline stays that one's
                markSwap(model, judgedVersion.get(model), "superseded by " + version + " before its window ended: "
                        + describe(rule));
            }
            judgedVersion.put(model, version);
            rule.swapped();
            addSwap(new Swap(System.currentTimeMillis(), model, servingVersion.isEmpty() ? "-" : servingVersion,
                    version, rollbackEnabled ? "judging" : "installed"));
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
        boolean disagreed = completion.edgeResult() != null
                && anomalous(completion.edgeResult().output()) != anomalous(completion.result().output());
        RollbackRule.Verdict verdict;
        String version;
        String reason;
        boolean save;
        synchronized (this) {
            RollbackRule rule = rule(model);
            verdict = rule.record(disagreed);
            version = judgedVersion.get(model);
            reason = "disagreement " + describe(rule);
            if (verdict == RollbackRule.Verdict.KEEP) {
                markSwap(model, version, "kept: " + describe(rule));
            } else if (verdict == RollbackRule.Verdict.ROLL_BACK && !rollbackEnabled) {
                markSwap(model, version, "kept, automatic rollback off: " + describe(rule));
            }
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

    private static boolean anomalous(float[] output) {
        return output != null && output.length > 0 && output[0] >= 0.5f;
    }

    private static String describe(RollbackRule rule) {
        return String.format(java.util.Locale.ROOT, "%.3f over %d answers after the swap, limit %.3f (before %.3f"
                + " + margin %.3f)", rule.rateSinceSwap(), rule.outcomesSinceSwap(), rule.limit(), rule.baseline(),
                rule.margin());
    }

    /** Runs on the component's thread. */
    private void rollBack(String model, String version, String reason) {
        String folder;
        String back;
        synchronized (this) {
            if (version != null && !version.equals(judgedVersion.get(model))) {
                // another version replaced it before this ran: it is judged against the same baseline and
                // rolled back to the same folder if it does no better; this one is only refused
                refused.add(model + " " + version);
                saveRefused();
                markSwap(model, version, "refused, already replaced by " + judgedVersion.get(model) + ": " + reason);
                LOG.warn("Model {} {} refused ({}); {} had replaced it already", model, version, reason,
                        judgedVersion.get(model));
                return;
            }
            folder = previousFolder.get(model);
            back = previousVersion.getOrDefault(model, "");
        }
        if (folder == null) {
            problem("cannot roll back " + model + " " + version + ": the engine did not name the previous version's"
                    + " folder (ModelInfo parameter 'directory')");
            return;
        }
        try {
            engine().loadModel(model, Optional.of(folder));
        } catch (KuraException | RuntimeException e) {
            problem("rollback of " + model + " " + version + " to " + back + " failed: " + e.getMessage());
            return;
        }
        synchronized (this) {
            rollbacks++;
            rule(model).reset();
            previousFolder.remove(model);
            if (version != null) {
                refused.add(model + " " + version);
                saveRefused();
            }
            markSwap(model, version, "rolled back to " + back + ": " + reason);
        }
        saveState();
        LOG.warn("Model {} {} rolled back to {} ({}): {}", model, version, back, folder, reason);
    }

    /** Rolls the last swap of {@code model} back by hand (Gogo); waits for it. */
    public String rollBackNow(String model) throws Exception {
        return onThread(() -> {
            String version;
            synchronized (this) {
                if (!previousFolder.containsKey(model)) {
                    return "no swap of '" + model + "' to roll back" + (models.contains(model) ? "" : " (models: "
                            + models + ")");
                }
                version = judgedVersion.get(model);
            }
            rollBack(model, version, "by hand");
            synchronized (this) {
                return previousFolder.containsKey(model) ? "rollback failed: " + lastProblem
                        : "rolled back " + model + " " + version + " to " + previousVersion.get(model);
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

    private InferenceEngineService engine() {
        InferenceEngineService e = engine;
        if (e == null) {
            synchronized (engineService) {
                e = engine;
                if (e == null) {
                    e = engineService.get();
                    engine = e;
                }
            }
        }
        return e;
    }

    private Optional<ModelInfo> servingInfo(String model) {
        try {
            return engine().getModelInfo(model);
        } catch (KuraException | RuntimeException e) {
            LOG.debug("no model info of {}: {}", model, e.getMessage());
            return Optional.empty();
        }
    }

    private RollbackRule rule(String model) {
        return rules.computeIfAbsent(model, m -> new RollbackRule(window, margin));
    }

    private boolean isRefused(String model, String version) {
        synchronized (this) {
            return refused.contains(model + " " + version);
        }
    }

    private void addSwap(Swap swap) {
        swaps.addLast(swap);
        while (swaps.size() > SWAPS_KEPT) {
            swaps.removeFirst();
        }
    }

    /** Sets the outcome of the last swap of {@code model} to {@code to} (to any version when null). */
    private void markSwap(String model, String to, String outcome) {
        List<Swap> list = new ArrayList<>(swaps);
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).model().equals(model) && (to == null || list.get(i).to().equals(to))) {
                Swap s = list.get(i);
                list.set(i, new Swap(s.timeMillis(), s.model(), s.from(), s.to(), outcome));
                swaps.clear();
                swaps.addAll(list);
                return;
            }
        }
    }

    /** Reads what {@link #saveState} wrote; a damaged file is ignored as a whole (named in the last problem). */
    private void loadState() throws IOException {
        if (!Files.exists(stateFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
        Map<String, RollbackRule> read = new HashMap<>();
        Map<String, String[]> swapsRead = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] fields = lines.get(n).split("\t", -1);
            try {
                if (fields.length != 5) {
                    throw new IllegalArgumentException("5 tab-separated fields expected, found " + fields.length);
                }
                if (models.contains(fields[0])) {
                    RollbackRule rule = new RollbackRule(window, margin);
                    rule.restore(fields[4]);
                    read.put(fields[0], rule);
                    swapsRead.put(fields[0], fields);
                }
            } catch (IllegalArgumentException e) {
                lastProblem = stateFile + " ignored, the rollback rule starts without a window: line " + (n + 1)
                        + ": " + e.getMessage();
                LOG.warn("{}", lastProblem);
                return;
            }
        }
        rules.putAll(read);
        for (String[] fields : swapsRead.values()) {
            putIfGiven(judgedVersion, fields[0], fields[1]);
            putIfGiven(previousVersion, fields[0], fields[2]);
            putIfGiven(previousFolder, fields[0], fields[3]);
        }
    }

    private static void putIfGiven(Map<String, String> map, String model, String value) {
        if (!value.isEmpty()) {
            map.put(model, value);
        }
    }

    /**
     * Writes per model the rule's state and the swap it judges (judged version, the version and folder before it),
     * by atomic rename, so that a restart (a retained offer at once, a swap judged across it) goes on from there.
     */
    private void saveState() {
        StringBuilder text = new StringBuilder();
        synchronized (this) {
            for (Map.Entry<String, RollbackRule> e : rules.entrySet()) {
                String model = e.getKey();
                text.append(model).append('\t').append(judgedVersion.getOrDefault(model, "")).append('\t')
                        .append(previousVersion.getOrDefault(model, "")).append('\t')
                        .append(previousFolder.getOrDefault(model, "")).append('\t').append(e.getValue().save())
                        .append('\n');
            }
        }
        try {
            Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            problem("cannot write " + stateFile + ": " + e.getMessage());
        }
    }

    private void saveRefused() {
        try {
            Path temporary = refusedFile.resolveSibling(refusedFile.getFileName() + ".tmp");
            Files.write(temporary, refused, StandardCharsets.UTF_8);
            Files.move(temporary, refusedFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            lastProblem = "cannot write " + refusedFile + ": " + e.getMessage();
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
        List<ModelState> states = new ArrayList<>();
        for (String model : models) {
            RollbackRule r = rule(model);
            String serving = servingInfo(model).flatMap(ModelInfo::getVersion).orElse("(not loaded)");
            states.add(new ModelState(model, serving, r.judging(), r.baseline(), r.limit(), r.outcomesSinceSwap(),
                    r.window(), r.rateSinceSwap(), r.recentRate(), previousVersion.getOrDefault(model, "")));
        }
        return new Status(rollbackEnabled, states, List.copyOf(swaps), List.copyOf(refused), offers, installed, ignored,
                rollbacks, lastProblem);
    }
}
