package io.aiosedge.dashboard.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskCompletionListener;
import io.aiosedge.api.scheduler.TaskScheduler;

/**
 * Records the dashboard's history: every {@code sample.period.ms} one {@link Sample} of the scheduler's counters,
 * each cloud endpoint's link and outbox, and each loaded model's statistics, in a {@link RingBuffer} of
 * {@code history.samples}. As a {@link TaskCompletionListener} it also counts the completed tasks per node and their
 * completion times between two samples ({@link CompletionWindow}).
 *
 * <p>Every service is optional: the sampler runs with any subset of them, and a missing one leaves its section of
 * the page empty. The sampling thread ({@value #THREAD_NAME}) belongs to the activation: made in the constructor,
 * stopped in {@link #deactivate()}, so stopping the bundle leaves no thread behind.
 */
@Designate(ocd = DashboardSampler.Config.class)
@Component(name = DashboardSampler.PID, configurationPid = DashboardSampler.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {TaskCompletionListener.class, DashboardSampler.class, ConfigurableComponent.class})
public final class DashboardSampler implements TaskCompletionListener, ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.dashboard.Dashboard";
    /** Name of the sampling thread. */
    public static final String THREAD_NAME = "aios-dashboard-sampler";
    /** Completion times kept per interval for its percentiles (a uniform sample beyond that). */
    static final int TIMES_PER_INTERVAL = 4096;
    /** Nodes counted separately; more are counted together. */
    static final int MAX_NODES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardSampler.class);

    /** Settings (web console: Configuration → AIOS Edge dashboard). */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge dashboard",
            description = "Samples the scheduler, the cloud link and the models for the web console's AIOS Edge"
                    + " page.")
    public @interface Config {

        @AttributeDefinition(name = "Sample period (ms)", description = "Time between two samples; the page"
                + " refreshes at the same pace.", min = "500", max = "60000")
        int sample_period_ms() default 2000;

        @AttributeDefinition(name = "History (samples)", description = "Samples kept for the charts; with the"
                + " default period 300 samples are 10 minutes.", min = "10", max = "10000")
        int history_samples() default 300;

        @AttributeDefinition(name = "Last tasks shown", description = "Finished tasks listed with their explain"
                + " tables.", min = "1", max = "50")
        int recent_tasks() default 8;
    }

    private final DashboardSettings settings;
    private final LongSupplier clock;
    private final RingBuffer<Sample> history;
    private final CompletionWindow window;
    private final ScheduledThreadPoolExecutor thread;
    private final AtomicReference<TaskScheduler> scheduler = new AtomicReference<>();
    private final Map<CloudLinkMonitor, Named<CloudLinkMonitor>> monitors = new ConcurrentHashMap<>();
    private final Map<TensorInference, Named<TensorInference>> engines = new ConcurrentHashMap<>();
    /** The scheduler's counters at the previous sample (for the interval's escalated share); sampler thread only. */
    private Sample.SchedulerFigures previous;
    private long previousMillis;

    @Activate
    public DashboardSampler(Config config) {
        this(DashboardSettings.from(config), System::currentTimeMillis, true);
    }

    /** For tests: {@code schedule} false takes samples only when {@link #sampleNow()} is called. */
    DashboardSampler(DashboardSettings settings, LongSupplier clock, boolean schedule) {
        this.settings = settings;
        this.clock = clock;
        this.history = new RingBuffer<>(settings.historySamples());
        this.window = new CompletionWindow(TIMES_PER_INTERVAL, MAX_NODES, clock.getAsLong());
        this.previousMillis = clock.getAsLong();
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread worker = new Thread(runnable, THREAD_NAME);
            worker.setDaemon(true);
            return worker;
        });
        if (schedule) {
            thread.scheduleAtFixedRate(this::sampleQuietly, settings.periodMillis(), settings.periodMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("Dashboard sampling every {} ms, {} samples kept", settings.periodMillis(),
                settings.historySamples());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        thread.shutdownNow();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Dashboard sampler thread did not stop within 10 s");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTaskScheduler(TaskScheduler service) {
        scheduler.set(service);
    }

    void unbindTaskScheduler(TaskScheduler service) {
        scheduler.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCloudLinkMonitor(CloudLinkMonitor service, Map<String, Object> properties) {
        monitors.put(service, Named.of(service, properties));
    }

    void removeCloudLinkMonitor(CloudLinkMonitor service) {
        monitors.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTensorInference(TensorInference service, Map<String, Object> properties) {
        engines.put(service, Named.of(service, properties));
    }

    void removeTensorInference(TensorInference service) {
        engines.remove(service);
    }

    @Override
    public void taskCompleted(TaskCompletion completion) {
        window.record(completion.result());
    }

    DashboardSettings settings() {
        return settings;
    }

    /** Takes one sample now and adds it to the history (the sampling thread; tests). */
    synchronized Sample sampleNow() {
        long now = clock.getAsLong();
        Sample.SchedulerFigures counters = ServiceReadings.scheduler(scheduler.get());
        Sample sample = new Sample(now, Math.max(0, now - previousMillis), window.drain(),
                escalatedShare(previous, counters), counters, ServiceReadings.links(monitors.values()),
                ServiceReadings.models(engines.values()));
        previous = counters;
        previousMillis = now;
        history.add(sample);
        return sample;
    }

    /** What the page shows now: the history and the services' current state. */
    DashboardView view() {
        TaskScheduler current = scheduler.get();
        return new DashboardView(clock.getAsLong(), settings, history.snapshot(), window.placementsSinceStart(),
                window.completedSinceStart(), ServiceReadings.scheduler(current), ServiceReadings.nodes(current),
                ServiceReadings.links(monitors.values()), ServiceReadings.models(engines.values()),
                ServiceReadings.recent(current, settings.recentTasks()));
    }

    /**
     * Escalated / joint-inference tasks between two readings of the counters; {@code NaN} when there were none, or
     * when the scheduler appeared or restarted in between (its counters went back), so no share is made up.
     */
    static double escalatedShare(Sample.SchedulerFigures before, Sample.SchedulerFigures after) {
        if (before == null || after == null) {
            return Double.NaN;
        }
        long joint = after.jointInferenceTasks() - before.jointInferenceTasks();
        long escalated = after.escalated() - before.escalated();
        if (joint <= 0 || escalated < 0 || escalated > joint) {
            return Double.NaN;
        }
        return (double) escalated / joint;
    }

    /** A failed sample must not end the schedule (an exception would cancel the periodic task). */
    private void sampleQuietly() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            LOG.warn("Dashboard sample failed; the next one is in {} ms", settings.periodMillis(), e);
        }
    }
}
