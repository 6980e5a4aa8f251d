package io.aiosedge.scheduler.internal.component;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.OffloadClient;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.LearnedEstimate;
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
import io.aiosedge.scheduler.internal.core.SchedulerEngine;

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
@Designate(ocd = SchedulerConfig.class)
@Component(name = TaskSchedulerComponent.PID, configurationPid = TaskSchedulerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {TaskScheduler.class, ConfigurableComponent.class})
public final class TaskSchedulerComponent implements TaskScheduler, ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.scheduler.TaskScheduler";

    /** Prefix of the names of the threads this component starts. */
    public static final String THREAD_NAME_PREFIX = "aios-scheduler-";

    private static final Logger LOG = LoggerFactory.getLogger(TaskSchedulerComponent.class);
    private static final long SAVE_PERIOD_SECONDS = 60;

    private volatile SchedulerSettings settings;
    private final GatewayEnvironment environment = new GatewayEnvironment(() -> settings);
    private final PolicySelector policies = new PolicySelector();
    private final ScheduledExecutorService timer;
    private final SchedulerEngine engine;
    /** Null when learning is not kept (the setting, or no data area). */
    private final LearnedTimesFile learned;

    @Activate
    public TaskSchedulerComponent(SchedulerConfig config, BundleContext context) {
        this.settings = SchedulerSettings.from(config);
        ExecutionHistory history = new ExecutionHistory(settings.engine().learningAlpha(),
                settings.engine().learningHalfLifeMillis());
        File data = context == null ? null : context.getDataFile(LearnedTimesFile.NAME);
        this.learned = data == null || !settings.persistLearning() ? null : new LearnedTimesFile(data.toPath(), history);
        if (learned != null) {
            learned.load();
        }
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + "timer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.timer = pool;
        this.engine = new SchedulerEngine(settings.engine(), new WallClock(timer), environment,
                policies.choose(settings), history);
        if (learned != null) {
            timer.scheduleWithFixedDelay(learned::save, SAVE_PERIOD_SECONDS, SAVE_PERIOD_SECONDS, TimeUnit.SECONDS);
        }
        LOG.info("Task scheduler started with policy {}", engine.policy().name());
    }

    @Modified
    void modified(SchedulerConfig config) {
        SchedulerSettings updated = SchedulerSettings.from(config);
        SchedulerSettings old = settings;
        settings = updated;
        engine.setOptions(updated.engine());
        if (!updated.policy().equals(old.policy()) || !updated.policies().equals(old.policies())) {
            policies.forgetBuiltIn();
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
            if (learned != null) {
                learned.save();
            }
        }
        LOG.info("Task scheduler stopped");
    }

    // ------------------------------------------------------------------ references (kept in the environment)

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTensorInference(TensorInference service) {
        environment.inference.set(service);
    }

    void unbindTensorInference(TensorInference service) {
        environment.inference.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOffloadClient(OffloadClient service) {
        environment.offloadClient.set(service);
    }

    void unbindOffloadClient(OffloadClient service) {
        environment.offloadClient.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCloudLinkMonitor(CloudLinkMonitor service) {
        environment.linkMonitor.set(service);
    }

    void unbindCloudLinkMonitor(CloudLinkMonitor service) {
        environment.linkMonitor.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindNodeStateSource(NodeStateSource source) {
        environment.nodeSources.add(source);
    }

    void unbindNodeStateSource(NodeStateSource source) {
        environment.nodeSources.remove(source);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTaskExecutor(TaskExecutor executor) {
        environment.executors.add(executor);
    }

    void unbindTaskExecutor(TaskExecutor executor) {
        environment.executors.remove(executor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTaskCompletionListener(TaskCompletionListener listener) {
        environment.completionListeners.add(listener);
    }

    void unbindTaskCompletionListener(TaskCompletionListener listener) {
        environment.completionListeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPlacementPolicy(PlacementPolicy policy, Map<String, Object> properties) {
        policies.add(policy, properties);
        if (engine != null) {
            reselectPolicy();
        }
    }

    void unbindPlacementPolicy(PlacementPolicy policy) {
        policies.remove(policy);
        if (engine != null) {
            reselectPolicy();
        }
    }

    private void reselectPolicy() {
        PlacementPolicy chosen = policies.choose(settings);
        if (chosen != engine.policy()) {
            engine.setPolicy(chosen);
            LOG.info("Placement policy is now {}", chosen.name());
        }
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
}
