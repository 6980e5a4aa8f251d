package io.aiosedge.cloud.worker.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.NodeAdvertisement;
import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;

/**
 * A node that serves offloaded inference: it registers an {@link OffloadHandler} for its capability (so the
 * cloud-sync connector of the chosen endpoint consumes {@code $share/<group>/aios/v1/<tenant>/offload/<capability>}
 * and the broker spreads requests over every worker of the group), runs the requests with {@link TensorInference},
 * and advertises its state, retained, on {@code aios/v1/<tenant>/nodes/<worker id>/state} (see
 * {@link NodeAdvertisement}) every {@code state.interval.s} and whenever it changes.
 *
 * <p>It joins the group only while every model it serves is loaded (state STARTING until then). On deactivation
 * it drains: it leaves the group first (no new requests), advertises DRAINING, lets the requests already handed to
 * it finish for at most {@code drain.timeout.ms}, then advertises GONE. A crash is reported by the endpoint's last
 * will when the endpoint's status topic is the worker's state topic (see the README).
 *
 * <p>Its state (phase, handler registration, loaded models, what was published last) is guarded by one lock; the
 * state thread decides under it, {@link ModelWarmUp} runs under it before the worker joins, and
 * {@link NodeStatePublisher} sends the messages outside it.
 */
@Designate(ocd = CloudWorker.Config.class)
@Component(name = CloudWorker.PID, configurationPid = CloudWorker.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {ConfigurableComponent.class, CloudWorker.class})
public final class CloudWorker implements ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.cloud.worker.CloudWorker";

    /** Prefix of the names of the threads this component starts. */
    public static final String THREAD_NAME_PREFIX = "aios-worker-";

    /** Service property of the registered OffloadHandler naming the worker. */
    public static final String WORKER_ID_PROPERTY = "aios.worker.id";

    private static final Logger LOG = LoggerFactory.getLogger(CloudWorker.class);
    /** How often readiness and load are looked at (ms); the heartbeat is state.interval.s. */
    private static final long TICK_MILLIS = 1000;

    /** Settings of the worker (Kura: Services → io.aiosedge.cloud.worker.CloudWorker). */
    @ObjectClassDefinition(id = PID, name = "AIOS cloud worker",
            description = "Serves offloaded inference from the broker's shared subscription and advertises its"
                    + " capacity. On a gateway it serves its peers.")
    public @interface Config {

        @AttributeDefinition(name = "CloudEndpoint target", description = "Filter selecting the cloud endpoint"
                + " whose connection serves the requests (it must have offload.serve.enabled=true).")
        String CloudEndpoint_target() default "(kura.service.pid=io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint)";

        @AttributeDefinition(name = "TensorInference target", description = "Filter selecting the inference"
                + " engine that runs the models.")
        String TensorInference_target() default "(kura.service.pid=*)";

        @AttributeDefinition(name = "Worker id", required = false, description = "Node id in the state topic and"
                + " in replies; empty: the endpoint's client id (which the last will needs).")
        String worker_id() default "";

        @AttributeDefinition(name = "Capability", description = "Offload capability served: requests come from"
                + " aios/v1/<tenant>/offload/<capability>. Every node of one capability must use the same share"
                + " group.")
        String capability() default "inference";

        @AttributeDefinition(name = "Node kind", description = "CLOUD for a cloud worker, PEER for a gateway"
                + " serving its peers.", options = {@Option(label = "Cloud worker", value = "CLOUD"),
                        @Option(label = "Peer gateway", value = "PEER")})
        String node_kind() default "CLOUD";

        @AttributeDefinition(name = "Models", description = "Models served, comma-separated; a request naming"
                + " none runs the first. The worker serves once all are loaded.")
        String models() default "anomaly-cloud";

        @AttributeDefinition(name = "Slots", description = "Requests computed at once; 0: one per processor."
                + " Give the endpoint at least as many offload workers.", min = "0")
        int slots() default 0;

        @AttributeDefinition(name = "Capacity", description = "Requests held at once, computing or waiting for a"
                + " slot; advertised as the node's slots, i.e. what a gateway's scheduler may have outstanding here,"
                + " which must cover the network round trip. 0: four times the slots. Set the endpoint's"
                + " offload.workers to it.", min = "0")
        int capacity() default 0;

        @AttributeDefinition(name = "Speed (instructions/s)", description = "Speed of one slot advertised to"
                + " schedulers (their prior before they learn).", min = "1")
        double speed() default 1e10;

        @AttributeDefinition(name = "Accelerators", required = false,
                description = "Advertised accelerator names, comma-separated, e.g. gpu:nvidia-t4.")
        String accelerators() default "";

        @AttributeDefinition(name = "Dedup window (s)", description = "How long a task id is remembered: a"
                + " redelivered request within it is answered with the first reply, never run again.", min = "1")
        int dedup_window_s() default 600;

        @AttributeDefinition(name = "State interval (s)", description = "Heartbeat of the retained state"
                + " message; schedulers consider a state older than three of these stale.", min = "1")
        int state_interval_s() default 5;

        @AttributeDefinition(name = "Drain timeout (ms)", description = "On stop, longest wait for the requests"
                + " already handed to this worker.", min = "0")
        long drain_timeout_ms() default 10_000;

        @AttributeDefinition(name = "Log every task", description = "Log each request with its outcome at INFO"
                + " (demos).")
        boolean log_tasks() default false;
    }

    private final WorkerOptions options;
    private final CloudEndpoint endpoint;
    private final TensorInference inference;
    private final BundleContext context;
    private final InferenceHandler handler;
    private final ScheduledExecutorService timer;
    private final NodeStatePublisher states;
    private final String version;
    private final long startedAtMillis = System.currentTimeMillis();
    private final Object lock = new Object();

    private ServiceRegistration<OffloadHandler> registration; // guarded by lock
    private String phase = NodeAdvertisement.STARTING; // guarded by lock
    private NodeAdvertisement lastPublished; // guarded by lock
    private long lastPublishedAtNanos; // guarded by lock
    private Set<String> loadedModels = Set.of(); // guarded by lock
    private final Map<String, String> modelVersions = new ConcurrentHashMap<>();
    private volatile boolean loadChanged;

    @Activate
    public CloudWorker(Config config, BundleContext context, @Reference(name = "CloudEndpoint") CloudEndpoint endpoint,
            @Reference(name = "TensorInference") TensorInference inference) {
        this.options = WorkerOptions.from(config, endpoint.getInfo().getOrDefault("client-id", ""),
                Runtime.getRuntime().availableProcessors());
        this.endpoint = endpoint;
        this.inference = inference;
        this.context = context;
        this.version = context.getBundle().getVersion().toString();
        this.handler = new InferenceHandler(options, inference, System::currentTimeMillis, () -> loadChanged = true);
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + options.workerId() + "-state");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.timer = pool;
        // The connector's birth message (or a broker that lost its retained messages) may have replaced the
        // state: say it again as soon as the session is up.
        this.states = new NodeStatePublisher(options, endpoint, () -> runOnTimer(() -> publishState(true)));
        timer.scheduleWithFixedDelay(this::tick, 0, Math.min(TICK_MILLIS, options.stateIntervalMillis()),
                TimeUnit.MILLISECONDS);
        LOG.info("Cloud worker {} started: capability {}, kind {}, models {}, {} slots, capacity {}",
                options.workerId(), options.capability(), options.kind(), options.models(), options.slots(),
                options.capacity());
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            phase = NodeAdvertisement.DRAINING;
            unregisterHandler();
        }
        runOnTimer(() -> publishState(true));
        boolean idle;
        try {
            idle = handler.awaitIdle(options.drainTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        handler.close();
        if (!idle) {
            LOG.warn("Cloud worker {} stopped with {} requests unfinished after the {} ms drain timeout; their"
                    + " senders will time out and place them again", options.workerId(), handler.active(),
                    options.drainTimeoutMillis());
        }
        synchronized (lock) {
            phase = NodeAdvertisement.GONE;
        }
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        states.sayGoodbye(() -> {
            synchronized (lock) {
                return advertisement();
            }
        });
        states.close();
        InferenceHandler.Counters c = handler.counters();
        LOG.info("Cloud worker {} stopped: executed {}, duplicates {}, expired {}, rejected {}, failed {}",
                options.workerId(), c.executed(), c.duplicates(), c.expired(), c.rejected(), c.failed());
    }

    // ------------------------------------------------------------------ readiness and state

    private void tick() {
        try {
            Set<String> loaded = new LinkedHashSet<>(options.models());
            loaded.retainAll(inference.models());
            boolean phaseChanged;
            synchronized (lock) {
                String before = phase;
                if (!loaded.equals(loadedModels)) {
                    loadedModels = Set.copyOf(loaded);
                    refreshVersions(loaded);
                }
                boolean ready = loaded.size() == options.models().size();
                if (NodeAdvertisement.STARTING.equals(phase) && ready) {
                    ModelWarmUp.run(options, inference);
                    registerHandler();
                    phase = NodeAdvertisement.ONLINE;
                } else if (NodeAdvertisement.ONLINE.equals(phase) && !ready) {
                    unregisterHandler();
                    phase = NodeAdvertisement.STARTING;
                    LOG.warn("Cloud worker {} left the group: models {} of {} loaded", options.workerId(), loaded,
                            options.models());
                }
                phaseChanged = !phase.equals(before);
            }
            publishState(phaseChanged);
        } catch (RuntimeException e) {
            LOG.warn("Cloud worker {}: state update failed", options.workerId(), e);
        }
    }

    private void refreshVersions(Set<String> loaded) {
        modelVersions.keySet().retainAll(loaded);
        for (String model : loaded) {
            ModelStatistics statistics = inference.statistics(model);
            if (statistics != null) {
                modelVersions.put(model, statistics.version());
            }
        }
    }

    /** With lock held. */
    private void registerHandler() {
        if (registration == null) {
            java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
            properties.put(OffloadHandler.CAPABILITY_PROPERTY, options.capability());
            properties.put(WORKER_ID_PROPERTY, options.workerId());
            registration = context.registerService(OffloadHandler.class, handler, properties);
            LOG.info("Cloud worker {} serves capability {} with models {}", options.workerId(), options.capability(),
                    options.models());
        }
    }

    /** With lock held. */
    private void unregisterHandler() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework unregistered it
            }
            registration = null;
        }
    }

    /**
     * Publishes the state when forced, when it differs from the last one published (at most once a tick for
     * load changes), or when the heartbeat is due. Called on the timer thread only.
     */
    private void publishState(boolean force) {
        NodeAdvertisement now;
        synchronized (lock) {
            now = advertisement();
            boolean due = System.nanoTime() - lastPublishedAtNanos >= TimeUnit.MILLISECONDS
                    .toNanos(options.stateIntervalMillis());
            boolean changed = lastPublished == null || !NodeStatePublisher.sameState(lastPublished, now) || loadChanged;
            if (!force && !due && !changed) {
                return;
            }
            loadChanged = false;
            lastPublished = now;
            lastPublishedAtNanos = System.nanoTime();
        }
        states.publish(now);
    }

    /** The state now; with lock held. */
    private NodeAdvertisement advertisement() {
        Runtime runtime = Runtime.getRuntime();
        long max = runtime.maxMemory() == Long.MAX_VALUE ? runtime.totalMemory() : runtime.maxMemory();
        long used = runtime.totalMemory() - runtime.freeMemory();
        InferenceHandler.Counters c = handler.counters();
        return new NodeAdvertisement(options.workerId(), phase, options.kind(), options.capability(),
                runtime.availableProcessors(), options.slots(), options.capacity(), options.speed(), handler.running(),
                handler.waiting(),
                max, Math.max(0, max - used), loadedModels, options.accelerators(), version,
                options.stateIntervalMillis(), System.currentTimeMillis(), c.executed(), c.duplicates(), c.expired(),
                c.rejected(), c.failed());
    }

    private void runOnTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException stopping) {
            // deactivation under way: the final state is published by deactivate itself
        }
    }

    // ------------------------------------------------------------------ status (Gogo)

    /** What {@code aios:worker} prints. */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (lock) {
            m.put("worker.id", options.workerId());
            m.put("state", phase);
            m.put("capability", options.capability());
            m.put("kind", options.kind().name());
            m.put("models", String.join(",", options.models()));
            m.put("models.loaded", String.join(",", loadedModels));
            modelVersions.forEach((model, v) -> m.put("model." + model + ".version", v));
        }
        m.put("slots", options.slots());
        m.put("capacity", options.capacity());
        m.put("busy", handler.running());
        m.put("queue", handler.waiting());
        InferenceHandler.Counters c = handler.counters();
        m.put("executed", c.executed());
        m.put("duplicates", c.duplicates());
        m.put("expired", c.expired());
        m.put("rejected", c.rejected());
        m.put("failed", c.failed());
        m.put("state.topic", options.stateTopicTemplate());
        m.put("started.at", startedAtMillis);
        return m;
    }
}
