package io.aiosedge.wires.internal.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.WireSupport;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.wireadmin.Consumer;
import org.osgi.service.wireadmin.Producer;
import org.osgi.service.wireadmin.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;

/**
 * The AIOS Task wire component (Wire Composer palette: "AIOS Task", section Emitter/Receiver): every record of
 * every envelope it receives becomes a task for the local {@link TaskScheduler}, placed on this gateway, a peer
 * or a cloud worker exactly as a job's tasks are; when all tasks of an envelope have an outcome it sends one
 * envelope with one record per received record, in order ({@link ResultRecords}: outputs, where it ran, the
 * estimate and the latency, or the failure). A record that cannot become a task is answered at once with a FAILED
 * record naming the property, not dropped.
 *
 * <p>Threads: a record arrives on the emitter's thread (Kura Wires delivers synchronously), which only reads it
 * and submits the task, so an upstream Timer or Asset is never held up by inference. Outcomes are sent from one
 * thread of this instance ({@value #THREAD_NAME_PREFIX}&lt;name&gt;), so the downstream components never run on
 * the scheduler's threads. The thread belongs to the activation: stopped at deactivation, after waiting up to
 * {@code drain.timeout.ms} for the outcomes still due.
 *
 * <p>Registration follows Kura's own wire components (WIRES.md §1): DS name = factory PID = OCD id, the
 * WireComponent/WireEmitter/WireReceiver and WireAdmin Producer/Consumer services, six Integer port-cardinality
 * properties (1 input, 1 output), {@code kura.ui.service.hide}, and the WireSupport made by the
 * {@link WireHelperService} from the component's own service reference. Unlike Kura's components it declares no
 * {@code service.pid} property of its own: for a DS 1.3+ component Felix SCR (2.2.18's mergeProperties) makes
 * {@code service.pid} the list of the declared value and the configuration's, which Kura's WireHelperService
 * refuses (Kura's components are DS 1.1/1.2, where the configuration's value simply wins). The instance's single
 * {@code service.pid} comes from its configuration, as WireAdmin needs.
 */
@Designate(ocd = AiosTaskComponent.Config.class, factory = true)
@Component(name = AiosTaskComponent.PID, configurationPid = AiosTaskComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {WireComponent.class, WireEmitter.class, WireReceiver.class, Producer.class, Consumer.class,
                ConfigurableComponent.class},
        property = {"kura.ui.service.hide:Boolean=true",
                "input.cardinality.minimum:Integer=1", "input.cardinality.maximum:Integer=1",
                "input.cardinality.default:Integer=1", "output.cardinality.minimum:Integer=1",
                "output.cardinality.maximum:Integer=1", "output.cardinality.default:Integer=1"})
public final class AiosTaskComponent implements WireEmitter, WireReceiver, ConfigurableComponent {

    /** Factory PID = DS component name = metatype OCD id (the Wire Composer's factory PID). */
    public static final String PID = "io.aiosedge.wires.AiosTask";

    /** Prefix of the name of the instance's sending thread (followed by the instance's name). */
    public static final String THREAD_NAME_PREFIX = "aios-wire-task-";

    private static final Logger LOG = LoggerFactory.getLogger(AiosTaskComponent.class);

    /** One AIOS Task node of a Wire graph. Times in ms. */
    @ObjectClassDefinition(id = PID, name = "AIOS Task",
            description = "Runs each received record as a task of the AIOS Edge scheduler (on this gateway, a peer or"
                    + " the cloud) and sends the outcome: outputs, node, estimate and latency, or the failure.")
    public @interface Config {

        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name in the Wire graph and in task ids; the Wire Composer sets it.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Input properties", description = "Record properties that make the task's"
                + " input, in order, separated by commas: each a number, a boolean (1/0) or a STRING of"
                + " comma-separated numbers; the input is one row [1, n]. A record without one is answered with"
                + " failure.reason INVALID_INPUT.")
        String input_properties() default "input";

        @AttributeDefinition(name = "Task kind", description = "Kind of the tasks (execution times are learned"
                + " per kind and node).")
        String task_kind() default "wire";

        @AttributeDefinition(name = "Model", description = "Model the tasks run.")
        String task_model() default "anomaly-detector";

        @AttributeDefinition(name = "Edge model", description = "Smaller model for the gateway (degradation,"
                + " joint inference); empty for none.", required = false)
        String task_edge_model() default "";

        @AttributeDefinition(name = "Compute estimate (instructions)", description = "Work of one task, in"
                + " instructions; 0 to rely on learned times.", min = "0")
        double task_instructions() default 0;

        @AttributeDefinition(name = "Deadline (ms)", description = "Deadline of each task after its record"
                + " arrived.", min = "1")
        long task_deadline_ms() default 1000;

        @AttributeDefinition(name = "Priority", description = "0 (most urgent) to 9.", min = "0", max = "9")
        int task_priority() default 5;

        @AttributeDefinition(name = "Locality", description = "EDGE_ONLY keeps the data on this gateway; ANY lets"
                + " the scheduler's policy place the task on a peer or a cloud worker.",
                options = {@Option(label = "Any node", value = "ANY"),
                        @Option(label = "This gateway only (private data)", value = "EDGE_ONLY")})
        String task_locality() default "ANY";

        @AttributeDefinition(name = "Result size (bytes)", description = "Expected size of a result.", min = "0")
        long task_output_bytes() default 64;

        @AttributeDefinition(name = "Output property", description = "Name of the output in the sent record; an"
                + " output of several values gives <name>.0, <name>.1, ...")
        String output_property() default "output";

        @AttributeDefinition(name = "Forward properties", description = "Copy the received record's other"
                + " properties (e.g. assetName) into the sent record.")
        boolean forward_properties() default true;

        @AttributeDefinition(name = "Drain timeout (ms)", description = "On stop, longest wait for the outcomes"
                + " of submitted tasks.", min = "0")
        long drain_timeout_ms() default 5000;
    }

    private final TaskWireSettings settings;
    private final TaskScheduler scheduler;
    private final ExecutorService sender;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final Object pendingLock = new Object();
    private final WireSupport wireSupport;
    private int pendingEnvelopes;
    private volatile boolean closing;
    private long invalidRecords;

    @Activate
    public AiosTaskComponent(Config config, Map<String, Object> properties, ComponentContext context,
            @Reference(name = "WireHelperService") WireHelperService wireHelper,
            @Reference(name = "TaskScheduler") TaskScheduler scheduler) {
        this.settings = TaskWireSettings.from(config, properties);
        this.scheduler = scheduler;
        @SuppressWarnings("unchecked")
        ServiceReference<WireComponent> own = (ServiceReference<WireComponent>) context.getServiceReference();
        WireSupport support = wireHelper.newWireSupport(this, own);
        if (support == null) {
            throw new IllegalStateException("AIOS Task " + settings.name() + ": the WireHelperService gave no"
                    + " WireSupport for service reference " + own);
        }
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        this.wireSupport = support;
        LOG.info("AIOS Task {} started: input {} -> model {} (priority {}, deadline {} ms, {})", settings.name(),
                settings.inputProperties(), settings.model(), settings.priority(), settings.deadlineMillis(),
                settings.locality());
    }

    @Deactivate
    void deactivate() {
        closing = true;
        long end = System.nanoTime() + settings.drainTimeoutMillis() * 1_000_000L;
        try {
            synchronized (pendingLock) {
                while (pendingEnvelopes > 0) {
                    long left = (end - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        LOG.warn("AIOS Task {} stopped with {} envelopes' outcomes not sent", settings.name(),
                                pendingEnvelopes);
                        break;
                    }
                    pendingLock.wait(left);
                }
            }
            sender.shutdown();
            if (!sender.awaitTermination(Math.max(100, (end - System.nanoTime()) / 1_000_000L),
                    TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("AIOS Task {} stopped after {} tasks", settings.name(), sequence.get());
    }

    /** The validated configuration (for tests and log lines). */
    TaskWireSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ Kura Wires

    @Override
    public void onWireReceive(WireEnvelope envelope) {
        if (envelope == null || envelope.getRecords() == null || envelope.getRecords().isEmpty()) {
            return; // nothing to run, and an empty envelope downstream would only look like an outcome
        }
        if (closing) {
            LOG.warn("AIOS Task {} is stopping: an envelope of {} records from {} is not run", settings.name(),
                    envelope.getRecords().size(), envelope.getEmitterPid());
            return;
        }
        long arrived = System.nanoTime();
        List<CompletableFuture<WireRecord>> outcomes = new ArrayList<>(envelope.getRecords().size());
        for (WireRecord record : envelope.getRecords()) {
            outcomes.add(run(record, arrived));
        }
        synchronized (pendingLock) {
            pendingEnvelopes++;
        }
        CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
                .whenComplete((ignored, error) -> send(outcomes));
    }

    /** One record: its task's outcome as a record (never completes exceptionally). */
    private CompletableFuture<WireRecord> run(WireRecord record, long arrivedNanos) {
        Map<String, TypedValue<?>> forwarded = settings.forwardProperties()
                ? ResultRecords.forwardable(record.getProperties(), settings.inputProperties(), settings.outputProperty())
                : Map.of();
        float[] input;
        try {
            input = RecordInput.values(record, settings.inputProperties());
        } catch (InvalidRecordException e) {
            logInvalid(e);
            return CompletableFuture.completedFuture(ResultRecords.invalid(e, millisSince(arrivedNanos), forwarded));
        }
        String id = settings.name() + "-" + runId + "-" + sequence.incrementAndGet();
        Task task = Task.builder(id, settings.kind()).model(settings.model()).edgeModel(settings.edgeModel())
                .input(input, 1, input.length).instructions(settings.instructions())
                .deadline(System.currentTimeMillis() + settings.deadlineMillis()).priority(settings.priority())
                .locality(settings.locality()).outputBytes(settings.outputBytes())
                .attributes(Map.of("wire", settings.name())).build();
        CompletableFuture<WireRecord> outcome = new CompletableFuture<>();
        try {
            scheduler.submit(task).whenComplete((TaskResult result, Throwable error) -> outcome.complete(result != null
                    ? ResultRecords.completed(id, result, millisSince(arrivedNanos), estimatedMillis(id),
                            settings.outputProperty(), forwarded)
                    : ResultRecords.failed(id, error, millisSince(arrivedNanos), forwarded)));
        } catch (RuntimeException e) {
            outcome.complete(ResultRecords.failed(id, e, millisSince(arrivedNanos), forwarded));
        }
        return outcome;
    }

    private void send(List<CompletableFuture<WireRecord>> outcomes) {
        List<WireRecord> records = new ArrayList<>(outcomes.size());
        outcomes.forEach(outcome -> records.add(outcome.join()));
        try {
            sender.execute(() -> {
                try {
                    wireSupport.emit(records);
                } catch (RuntimeException e) {
                    LOG.warn("AIOS Task {}: sending {} records failed", settings.name(), records.size(), e);
                } finally {
                    envelopeDone();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("AIOS Task {} has stopped: {} outcomes not sent", settings.name(), records.size());
            envelopeDone();
        }
    }

    private void envelopeDone() {
        synchronized (pendingLock) {
            pendingEnvelopes--;
            pendingLock.notifyAll();
        }
    }

    /** The completion time the cost model predicted for the task's placement (ms), NaN when it is not known. */
    private double estimatedMillis(String taskId) {
        try {
            return scheduler.explain(taskId).filter(e -> e.assignment().placed())
                    .map(e -> e.table().completionMillis(e.taskIndex(), e.assignment().node())).orElse(Double.NaN);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void logInvalid(InvalidRecordException e) {
        long count;
        synchronized (pendingLock) {
            count = ++invalidRecords;
        }
        // The first and then one in a hundred: a misconfigured graph must not flood the log.
        if (count == 1 || count % 100 == 0) {
            LOG.warn("AIOS Task {}: record answered with {} ({} so far): {}", settings.name(),
                    InvalidRecordException.REASON, count, e.getMessage());
        }
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    // WireAdmin's Producer and Consumer calls go to the WireSupport, which keeps the wires and ports.

    @Override
    public void producersConnected(Wire[] wires) {
        wireSupport.producersConnected(wires);
    }

    @Override
    public void updated(Wire wire, Object value) {
        wireSupport.updated(wire, value);
    }

    @Override
    public void consumersConnected(Wire[] wires) {
        wireSupport.consumersConnected(wires);
    }

    @Override
    public Object polled(Wire wire) {
        return wireSupport.polled(wire);
    }
}
