package io.aiosedge.scheduler.internal.component;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OffloadClient;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.LearnedEstimate;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.NodeStateSource;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletionListener;
import io.aiosedge.api.scheduler.TaskExecutor;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.api.scheduler.TaskStatus;
import io.aiosedge.scheduler.internal.core.ExecutionHistory;
import io.aiosedge.scheduler.internal.core.SchedulerClock;
import io.aiosedge.scheduler.internal.core.SchedulerEngine;
import io.aiosedge.scheduler.internal.policy.Policies;

/**
 * The {@link TaskScheduler} service: the engine with the wall clock, the gateway as the local node (inference
 * through {@link TensorInference}), peers and cloud workers from {@link NodeStateSource} services (plus an optional
 * static cloud node) reached through {@link OffloadClient}, the link state from {@link CloudLinkMonitor}, and the
 * policy named in the configuration (a {@link PlacementPolicy} service of that name, else the built-in one).
 *
 * <p>Configuration changes apply to the next decision through {@link Modified}, so switching the policy loses
 * no queued task. On deactivation (bundle update or stop) the scheduler drains: it admits nothing more and waits
 * up to {@code drain.timeout.ms} for every accepted task to finish; whatever is left then fails with SHUTDOWN.
 */
@Designate(ocd = TaskSchedulerComponent.Config.class)
@Component(name = TaskSchedulerComponent.PID, configurationPid = TaskSchedulerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {TaskScheduler.class, ConfigurableComponent.class})
public final class TaskSchedulerComponent implements TaskScheduler, ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.scheduler.TaskScheduler";

    /** Prefix of the names of the threads this component starts. */
    public static final String THREAD_NAME_PREFIX = "aios-scheduler-";

    private static final Logger LOG = LoggerFactory.getLogger(TaskSchedulerComponent.class);

    /** Settings of the scheduler (Kura: Services → io.aiosedge.scheduler.TaskScheduler). Times in ms. */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge task scheduler",
            description = "Decides when each task runs and where: this gateway, a peer gateway or a cloud worker.")
    public @interface Config {

        @AttributeDefinition(name = "Placement policy", description = "How tasks are placed; a PlacementPolicy"
                + " service registered with aios.scheduler.policy=<name> may add more names.", options = {
                        @Option(label = "min-completion (earliest estimated finish)", value = Policies.MIN_COMPLETION),
                        @Option(label = "batch-optimal (GAP over a window)", value = Policies.BATCH_OPTIMAL),
                        @Option(label = "joint-inference (edge model, escalate when unsure)",
                                value = Policies.JOINT_INFERENCE),
                        @Option(label = "local-only", value = Policies.LOCAL_ONLY),
                        @Option(label = "cloud-only", value = Policies.CLOUD_ONLY),
                        @Option(label = "round-robin", value = Policies.ROUND_ROBIN),
                        @Option(label = "random", value = Policies.RANDOM)})
        String policy() default Policies.MIN_COMPLETION;

        @AttributeDefinition(name = "Queue bound", description = "Most tasks admitted and not finished at once;"
                + " more are refused with QUEUE_FULL.", min = "1")
        int queue_capacity() default 1000;

        @AttributeDefinition(name = "Batch window (ms)", description = "How long batch-optimal collects tasks"
                + " before placing them together.", min = "1")
        long batch_window_ms() default 20;

        @AttributeDefinition(name = "Batch max tasks", description = "A window is placed at once when it holds"
                + " this many tasks.", min = "1")
        int batch_max_tasks() default 100;

        @AttributeDefinition(name = "Batch exact up to (tasks)", description = "Windows of at most this many tasks"
                + " are solved exactly (branch and bound); larger ones by tabu search.", min = "0")
        int batch_exact_max_tasks() default 16;

        @AttributeDefinition(name = "Batch time budget (ms)", description = "Longest time one window's"
                + " optimisation may take.", min = "1")
        long batch_time_budget_ms() default 20;

        @AttributeDefinition(name = "Deadline penalty (ms)", description = "Cost batch-optimal adds to a placement"
                + " expected to miss the task's deadline.", min = "0")
        double deadline_penalty_ms() default 10_000;

        @AttributeDefinition(name = "Joint inference confidence threshold", description = "Joint inference runs"
                + " the full model remotely when the edge model's confidence is below this (0..1).", min = "0",
                max = "1")
        double joint_confidence_threshold() default 0.8;

        @AttributeDefinition(name = "Degrade to the edge model", description = "When no node can run the full"
                + " model before the deadline, run the task's edge model on the gateway instead of refusing it.")
        boolean degrade_to_edge_model() default true;

        @AttributeDefinition(name = "Drop expired tasks", description = "A task whose deadline passed before it"
                + " could start fails with DEADLINE_EXPIRED instead of running late.")
        boolean drop_expired() default true;

        @AttributeDefinition(name = "Fall back to the gateway", description = "A task whose offload failed on the"
                + " network runs on the gateway instead (edge model if the full one is not there).")
        boolean fallback_locally() default true;

        @AttributeDefinition(name = "Default compute (ms)", description = "Compute time assumed for a task that"
                + " gives no instruction count, before anything is learned.", min = "0")
        double default_compute_ms() default 10;

        @AttributeDefinition(name = "Edge model cost ratio", description = "Compute of a task's edge model relative"
                + " to its full model, before anything is learned (0..1].", min = "0", max = "1")
        double edge_model_cost_ratio() default 0.25;

        @AttributeDefinition(name = "Planning horizon (ms)", description = "Horizon of the capacity model when no"
                + " task of a window has a deadline.", min = "1")
        double horizon_ms() default 1000;

        @AttributeDefinition(name = "Assumed link RTT (ms)", description = "Round trip assumed while the cloud link"
                + " is up but not measured yet.", min = "0")
        double link_default_rtt_ms() default 100;

        @AttributeDefinition(name = "Assumed link bandwidth (bytes/s)", description = "Bandwidth assumed while the"
                + " cloud link is up but not measured yet.", min = "1")
        double link_default_bandwidth() default 1_000_000;

        @AttributeDefinition(name = "Learning weight", description = "Weight of each completed task in the learned"
                + " execution times (0..1]; 1/weight is about the memory in tasks.", min = "0", max = "1")
        double learning_alpha() default 0.1;

        @AttributeDefinition(name = "Learning half-life (ms)", description = "A learned correction of a node that"
                + " is not used any more fades back toward the prior: it keeps half of it after this long, so a node"
                + " that looked slow after a few bad runs is tried again. 0: never fade.", min = "0")
        double learning_halflife_ms() default 30_000;

        @AttributeDefinition(name = "Keep what was learned", description = "Keep the learned times in the bundle's"
                + " data area, so they survive restarts and bundle updates.")
        boolean learning_persist() default true;

        @AttributeDefinition(name = "Gateway minimum free memory (MiB)", description = "The gateway takes no"
                + " full-model task while its free heap is below this (its edge model still runs). 0: no check.",
                min = "0")
        long local_min_free_memory_mb() default 0;

        @AttributeDefinition(name = "Recent tasks kept", description = "Finished tasks kept for status, recent and"
                + " explain.", min = "1")
        int recent_capacity() default 200;

        @AttributeDefinition(name = "Random seed", description = "Seed of the random policy and the heuristic.")
        long random_seed() default 42;

        @AttributeDefinition(name = "Gateway node id", description = "Id of this gateway as a node.")
        String local_node_id() default "gateway";

        @AttributeDefinition(name = "Gateway slots", description = "Tasks the gateway runs at once (0: one per"
                + " core).", min = "0")
        int local_slots() default 0;

        @AttributeDefinition(name = "Gateway speed (instructions/s)", description = "Speed of one gateway slot,"
                + " used with a task's instruction estimate before times are learned.", min = "1")
        double local_speed() default 1e9;

        @AttributeDefinition(name = "Static cloud node id", description = "Id of a cloud node to use even before"
                + " any worker advertises its state; empty for none.", required = false)
        String cloud_node_id() default "";

        @AttributeDefinition(name = "Static cloud node address", description = "Offload capability of the static"
                + " cloud node (one topic level).")
        String cloud_address() default "inference";

        @AttributeDefinition(name = "Static cloud node slots", description = "Tasks the static cloud node runs for"
                + " this gateway at once.", min = "1")
        int cloud_slots() default 8;

        @AttributeDefinition(name = "Static cloud node speed (instructions/s)", description = "Speed of one slot of"
                + " the static cloud node.", min = "1")
        double cloud_speed() default 1e10;

        @AttributeDefinition(name = "Offload timeout (ms)", description = "Longest wait for an offload reply.",
                min = "1")
        long offload_timeout_ms() default 5000;

        @AttributeDefinition(name = "Drain timeout (ms)", description = "On stop or update, longest wait for"
                + " accepted tasks to finish before they fail with SHUTDOWN.", min = "0")
        long drain_timeout_ms() default 10_000;
    }

    private final AtomicReference<TensorInference> inference = new AtomicReference<>();
    private final AtomicReference<OffloadClient> offloadClient = new AtomicReference<>();
    private final AtomicReference<CloudLinkMonitor> linkMonitor = new AtomicReference<>();
    private final List<NodeStateSource> nodeSources = new CopyOnWriteArrayList<>();
    private final List<TaskExecutor> executors = new CopyOnWriteArrayList<>();
    private final List<TaskCompletionListener> completionListeners = new CopyOnWriteArrayList<>();
    private final List<NamedPolicy> policyServices = new CopyOnWriteArrayList<>();

    private record NamedPolicy(PlacementPolicy policy, String name) {
    }

    private volatile SchedulerSettings settings;
    private volatile String builtInPolicyName = "";
    private volatile PlacementPolicy builtInPolicy;
    private final ScheduledExecutorService timer;
    private final SchedulerEngine engine;

    /** Name of the file in the bundle's data area that keeps what the cost model learned. */
    static final String HISTORY_FILE = "learned-times.txt";
    private static final long SAVE_PERIOD_SECONDS = 60;

    private final ExecutionHistory history;
    private final Path historyFile;

    @Activate
    public TaskSchedulerComponent(Config config, BundleContext context) {
        this.settings = SchedulerSettings.from(config);
        File data = context == null ? null : context.getDataFile(HISTORY_FILE);
        this.historyFile = data == null || !settings.persistLearning() ? null : data.toPath();
        this.history = new ExecutionHistory(settings.engine().learningAlpha(), settings.engine().learningHalfLifeMillis());
        loadHistory();
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + "timer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.timer = pool;
        this.engine = new SchedulerEngine(settings.engine(), new WallClock(timer), new Surroundings(),
                choosePolicy(settings), history);
        if (historyFile != null) {
            timer.scheduleWithFixedDelay(this::saveHistory, SAVE_PERIOD_SECONDS, SAVE_PERIOD_SECONDS, TimeUnit.SECONDS);
        }
        LOG.info("Task scheduler started with policy {}", engine.policy().name());
    }

    @Modified
    void modified(Config config) {
        SchedulerSettings updated = SchedulerSettings.from(config);
        SchedulerSettings old = settings;
        settings = updated;
        engine.setOptions(updated.engine());
        if (!updated.policy().equals(old.policy()) || !updated.policies().equals(old.policies())) {
            builtInPolicyName = "";
        }
        reselectPolicy();
    }

    @Deactivate
    void deactivate() {
        engine.beginDrain();
        long drain = settings.drainTimeoutMillis();
        try {
            if (!engine.awaitIdle(drain)) {
                int aborted = engine.abortRemaining("the scheduler stopped and its " + drain + " ms drain timeout passed");
                LOG.warn("Task scheduler stopped with {} tasks unfinished after {} ms; they failed with SHUTDOWN",
                        aborted, drain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.abortRemaining("the scheduler was interrupted while draining");
        } finally {
            timer.shutdownNow();
            saveHistory();
        }
        LOG.info("Task scheduler stopped");
    }

    /** Reads what an earlier activation learned; a missing file is a first start, a bad one is logged and ignored. */
    private void loadHistory() {
        if (historyFile == null || !Files.exists(historyFile)) {
            return;
        }
        try (Reader reader = Files.newBufferedReader(historyFile, StandardCharsets.UTF_8)) {
            history.read(reader);
            LOG.info("Learned times of {} (kind, node) pairs read from {}", history.size(), historyFile);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Learned times in {} not used (starting from the priors): {}", historyFile, e.getMessage());
        }
    }

    /** Writes what was learned next to the file, then moves it over the old one (a crash leaves one of the two). */
    private synchronized void saveHistory() {
        if (historyFile == null || history.size() == 0) {
            return;
        }
        Path temporary = historyFile.resolveSibling(HISTORY_FILE + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                history.write(writer);
            }
            Files.move(temporary, historyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Learned times not saved to {}: {}", historyFile, e.toString());
        }
    }

    // ------------------------------------------------------------------ references

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTensorInference(TensorInference service) {
        inference.set(service);
    }

    void unbindTensorInference(TensorInference service) {
        inference.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOffloadClient(OffloadClient service) {
        offloadClient.set(service);
    }

    void unbindOffloadClient(OffloadClient service) {
        offloadClient.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCloudLinkMonitor(CloudLinkMonitor service) {
        linkMonitor.set(service);
    }

    void unbindCloudLinkMonitor(CloudLinkMonitor service) {
        linkMonitor.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindNodeStateSource(NodeStateSource source) {
        nodeSources.add(source);
    }

    void unbindNodeStateSource(NodeStateSource source) {
        nodeSources.remove(source);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTaskExecutor(TaskExecutor executor) {
        executors.add(executor);
    }

    void unbindTaskExecutor(TaskExecutor executor) {
        executors.remove(executor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTaskCompletionListener(TaskCompletionListener listener) {
        completionListeners.add(listener);
    }

    void unbindTaskCompletionListener(TaskCompletionListener listener) {
        completionListeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPlacementPolicy(PlacementPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(PlacementPolicy.NAME_PROPERTY);
        policyServices.add(new NamedPolicy(policy, name == null ? policy.name() : name.toString()));
        if (engine != null) {
            reselectPolicy();
        }
    }

    void unbindPlacementPolicy(PlacementPolicy policy) {
        policyServices.removeIf(named -> named.policy() == policy);
        if (engine != null) {
            reselectPolicy();
        }
    }

    private void reselectPolicy() {
        PlacementPolicy chosen = choosePolicy(settings);
        if (chosen != engine.policy()) {
            engine.setPolicy(chosen);
            LOG.info("Placement policy is now {}", chosen.name());
        }
    }

    /** A service of the configured name wins; else the built-in one (kept across calls); else min-completion. */
    private PlacementPolicy choosePolicy(SchedulerSettings current) {
        for (NamedPolicy named : policyServices) {
            if (named.name().equals(current.policy())) {
                return named.policy();
            }
        }
        String name = Policies.NAMES.contains(current.policy()) ? current.policy() : Policies.MIN_COMPLETION;
        if (!name.equals(current.policy())) {
            LOG.warn("No placement policy '{}' (built in: {}; none registered as a service yet); using {}",
                    current.policy(), Policies.NAMES, name);
        }
        if (!name.equals(builtInPolicyName) || builtInPolicy == null) {
            builtInPolicy = Policies.create(name, current.policies());
            builtInPolicyName = name;
        }
        return builtInPolicy;
    }

    // ------------------------------------------------------------------ TaskScheduler

    @Override
    public CompletionStage<TaskResult> submit(Task task) {
        return engine.submit(task);
    }

    @Override
    public boolean cancel(String taskId) {
        return engine.cancel(taskId);
    }

    @Override
    public Optional<TaskStatus> status(String taskId) {
        return engine.status(taskId);
    }

    @Override
    public List<TaskStatus> active() {
        return engine.active();
    }

    @Override
    public List<TaskStatus> recent(int max) {
        return engine.recent(max);
    }

    @Override
    public String policy() {
        return engine.policy().name();
    }

    @Override
    public List<NodeState> nodes() {
        return engine.nodes();
    }

    @Override
    public List<LearnedEstimate> learnedEstimates() {
        return engine.learnedEstimates();
    }

    @Override
    public Optional<Explanation> explain(String taskId) {
        return engine.explain(taskId);
    }

    @Override
    public Explanation decide(Task task) {
        return engine.decide(task);
    }

    @Override
    public List<Calibration> calibration() {
        return engine.calibration();
    }

    @Override
    public SchedulerStatistics statistics() {
        return engine.statistics();
    }

    // ------------------------------------------------------------------ surroundings of the engine

    /** Nodes, link and executors as the bound services tell them now. */
    private final class Surroundings implements SchedulerEngine.Environment {

        @Override
        public Collection<TaskCompletionListener> completionListeners() {
            return completionListeners;
        }

        @Override
        public NodeState localNode() {
            SchedulerSettings current = settings;
            TensorInference engineService = inference.get();
            Set<String> models = Set.of();
            if (engineService != null) {
                try {
                    models = engineService.models();
                } catch (RuntimeException e) {
                    LOG.debug("Inference engine could not list its models", e);
                }
            }
            int cores = Runtime.getRuntime().availableProcessors();
            double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            double load = loadAverage < 0 ? 0 : loadAverage / cores;
            Runtime runtime = Runtime.getRuntime();
            Node node = new Node(current.localNodeId(), NodeKind.LOCAL, "", cores, current.localSlots(),
                    current.localSpeed(), runtime.maxMemory(), List.of(), models);
            return new NodeState(node, true, load, 0, runtime.freeMemory(), System.currentTimeMillis());
        }

        @Override
        public Collection<NodeState> remoteNodes() {
            List<NodeState> out = new ArrayList<>();
            for (NodeStateSource source : nodeSources) {
                try {
                    out.addAll(source.nodeStates());
                } catch (RuntimeException e) {
                    LOG.warn("Node state source {} failed", source, e);
                }
            }
            SchedulerSettings current = settings;
            if (!current.cloudNodeId().isEmpty()
                    && out.stream().noneMatch(state -> state.id().equals(current.cloudNodeId()))) {
                Node cloud = new Node(current.cloudNodeId(), NodeKind.CLOUD, current.cloudAddress(), current.cloudSlots(),
                        current.cloudSlots(), current.cloudSpeed(), 0, List.of(), Set.of());
                out.add(new NodeState(cloud, true, 0, 0, 0, System.currentTimeMillis()));
            }
            return out;
        }

        @Override
        public LinkState link() {
            CloudLinkMonitor monitor = linkMonitor.get();
            return monitor == null ? LinkState.UNKNOWN : monitor.linkState();
        }

        @Override
        public TaskExecutor executorFor(Node node) {
            for (TaskExecutor executor : executors) {
                if (executor.serves(node)) {
                    return executor;
                }
            }
            if (node.kind() == NodeKind.LOCAL) {
                TensorInference service = inference.get();
                return service == null ? null : new LocalInferenceExecutor(service);
            }
            OffloadClient client = offloadClient.get();
            if (client == null || node.address().isEmpty()) {
                return null;
            }
            return new OffloadExecutor(client, settings.offloadTimeoutMillis());
        }
    }

    /** Wall-clock time and the component's timer thread. */
    private static final class WallClock implements SchedulerClock {
        private final ScheduledExecutorService timer;

        WallClock(ScheduledExecutorService timer) {
            this.timer = timer;
        }

        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(long delayMillis, Runnable action) {
            ScheduledFuture<?> future = timer.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        }
    }
}
