package io.aiosedge.learning.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskCompletionListener;

/**
 * The gateway side of the learning loop. Listens to the scheduler's completed tasks; those joint inference
 * escalated (the edge model was unsure, the full model answered) that pass the {@link HardExampleFilter} are kept
 * as {@link HardExample}s in a durable, bounded {@link HardExampleStore} in the bundle's data area and uploaded in
 * batches through the configured {@link CloudPublisher} ({@link HardExampleMessages} format). An example leaves the
 * store only once the publisher accepted it (the cloud-sync outbox then holds it durably), when it is older than the
 * retention, or when a newer one needs its place in a full store. Edge-only tasks are never kept.
 *
 * <p>The listener call only filters and hands the example to the component's one thread, which writes the store
 * and uploads (every {@code upload.interval.s}, and at once when a batch is full).
 */
@Designate(ocd = HardExampleCollector.Config.class)
@Component(name = HardExampleCollector.PID, configurationPid = HardExampleCollector.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {TaskCompletionListener.class, HardExampleCollector.class, ConfigurableComponent.class})
public final class HardExampleCollector implements TaskCompletionListener, ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.learning.HardExamples";
    /** Name of the component's thread. */
    public static final String THREAD_NAME = "aios-hard-examples";
    static final String STORE_FILE = "hard-examples.bin";

    private static final Logger LOG = LoggerFactory.getLogger(HardExampleCollector.class);
    /** Most batches one upload round sends, so that a long backlog does not hold the thread for long. */
    private static final int BATCHES_PER_ROUND = 20;

    /** Settings (Kura: Services → io.aiosedge.learning.HardExamples). */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge hard examples",
            description = "Keeps the inputs the edge model was unsure about, labelled by the full model's answer"
                    + " (joint inference escalations), and uploads them for retraining. Edge-only tasks are never"
                    + " kept.")
    public @interface Config {

        @AttributeDefinition(name = "Enabled", description = "Collect hard examples.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Confidence below", description = "Keep an escalated answer only when the edge"
                + " model's confidence is below this (0..1; 1 keeps every escalation).", min = "0", max = "1")
        double confidence_below() default 1.0;

        @AttributeDefinition(name = "Minimum cross-entropy (nats)", description = "Keep only answers whose"
                + " cross-entropy against the full model's answer is at least this (0 keeps all, 0.69 keeps"
                + " roughly those the two models disagree on).", min = "0", max = "100")
        double min_cross_entropy() default 0;

        @AttributeDefinition(name = "Sample share", description = "Share of the remaining answers kept, at"
                + " random (0..1).", min = "0", max = "1")
        double sample_share() default 1.0;

        @AttributeDefinition(name = "Quota per hour", description = "Most examples kept per hour.", min = "0",
                max = "1000000")
        int quota_per_hour() default 600;

        @AttributeDefinition(name = "Edge models", description = "Comma-separated edge models whose answers are"
                + " kept; empty for all.", required = false)
        String edge_models() default "";

        @AttributeDefinition(name = "Store bound (examples)", description = "Most examples kept on the gateway"
                + " until they are uploaded; when full the oldest makes room.", min = "1", max = "1000000")
        int max_examples() default 5000;

        @AttributeDefinition(name = "Retention (hours)", description = "Examples not uploaded within this time"
                + " are deleted.", min = "1", max = "87600")
        int retention_hours() default 168;

        @AttributeDefinition(name = "Upload batch (examples)", description = "Examples per uploaded message.",
                min = "1", max = "1000")
        int upload_batch_size() default 50;

        @AttributeDefinition(name = "Upload interval (s)", description = "How often stored examples are"
                + " uploaded (a full batch goes at once).", min = "1", max = "86400")
        int upload_interval_s() default 60;

        @AttributeDefinition(name = "CloudPublisher target", description = "Filter selecting the CloudPublisher"
                + " the uploads go to, e.g. (kura.service.pid=hard-examples-publisher).")
        String CloudPublisher_target() default "(kura.service.pid=changeme)";
    }

    /** What {@code aios:hardexamples} shows. */
    public record Status(boolean enabled, int stored, int maxExamples, long fileBytes, long oldestMillis,
            Map<HardExampleFilter.Verdict, Long> verdicts, long uploaded, long uploads, long lastUploadMillis,
            String lastError, long droppedFull, long expired, long storeErrors, boolean publisherBound) {
    }

    private final AtomicReference<CloudPublisher> publisher = new AtomicReference<>();
    private final HardExampleStore store;
    private final HardExampleFilter filter;
    private final ScheduledThreadPoolExecutor thread;
    private final Map<HardExampleFilter.Verdict, Long> verdicts = new EnumMap<>(HardExampleFilter.Verdict.class);
    private volatile HardExampleSettings settings;
    private ScheduledFuture<?> uploads;
    private long uploaded;
    private long uploadCount;
    private long lastUploadMillis = -1;
    private String lastError = "";
    private long storeErrors;

    @Activate
    public HardExampleCollector(Config config, BundleContext context) throws IOException {
        this(config, context.getDataFile(STORE_FILE).toPath());
    }

    HardExampleCollector(Config config, Path storeFile) throws IOException {
        this.settings = HardExampleSettings.from(config);
        this.store = new HardExampleStore(storeFile, settings.maxExamples());
        SplittableRandom random = new SplittableRandom();
        this.filter = new HardExampleFilter(settings.filter(), () -> {
            synchronized (random) {
                return random.nextDouble();
            }
        }, System.currentTimeMillis());
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread worker = new Thread(runnable, THREAD_NAME);
            worker.setDaemon(true);
            return worker;
        });
        thread.setRemoveOnCancelPolicy(true);
        scheduleUploads();
        LOG.info("Hard examples: {} kept in {}, uploads through {}", store.size(), storeFile,
                settings.publisherTarget());
    }

    @Modified
    void modified(Config config) {
        HardExampleSettings updated = HardExampleSettings.from(config);
        settings = updated;
        filter.update(updated.filter());
        thread.execute(() -> {
            try {
                store.setMaxExamples(updated.maxExamples());
            } catch (IOException e) {
                storeFailed(e);
            }
        });
        synchronized (this) {
            uploads.cancel(false);
        }
        scheduleUploads();
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            LOG.warn("Hard-example thread did not stop within 10 s");
        }
        store.close();
    }

    @Reference(name = "CloudPublisher", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCloudPublisher(CloudPublisher service) {
        publisher.set(service);
        thread.execute(this::uploadRound);
    }

    void unbindCloudPublisher(CloudPublisher service) {
        publisher.compareAndSet(service, null);
    }

    @Override
    public void taskCompleted(TaskCompletion completion) {
        HardExampleSettings current = settings;
        if (!current.enabled()) {
            return;
        }
        HardExampleFilter.Verdict verdict = filter.judge(completion, System.currentTimeMillis());
        synchronized (this) {
            verdicts.merge(verdict, 1L, Long::sum);
        }
        if (verdict == HardExampleFilter.Verdict.KEPT) {
            HardExample example = HardExample.of(completion);
            try {
                thread.execute(() -> keep(example));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("Hard example of task {} arrived while stopping; not kept", example.taskId());
            }
        }
    }

    private void keep(HardExample example) {
        try {
            store.add(example);
        } catch (IOException e) {
            storeFailed(e);
            return;
        }
        if (store.size() >= settings.uploadBatchSize()) {
            uploadRound();
        }
    }

    /** Uploads now (Gogo); how many examples went. Waits for the component's thread. */
    public int uploadNow() throws Exception {
        return thread.submit(this::uploadRound).get(60, TimeUnit.SECONDS);
    }

    /** Deletes every stored example (Gogo); how many. */
    public int clear() throws Exception {
        return thread.submit(store::clear).get(60, TimeUnit.SECONDS);
    }

    public synchronized Status status() {
        return new Status(settings.enabled(), store.size(), store.maxExamples(), store.fileBytes(), store.oldestMillis(),
                new EnumMap<>(verdicts), uploaded, uploadCount, lastUploadMillis, lastError, store.droppedFull(),
                store.expired(), storeErrors, publisher.get() != null);
    }

    private synchronized void scheduleUploads() {
        long period = settings.uploadIntervalMillis();
        uploads = thread.scheduleWithFixedDelay(this::uploadRound, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs on the component's thread: drops expired examples, then uploads full and partial batches. */
    private int uploadRound() {
        HardExampleSettings current = settings;
        int sent = 0;
        try {
            store.expire(System.currentTimeMillis() - current.retentionMillis());
            CloudPublisher target = publisher.get();
            if (target == null) {
                if (store.size() > 0) {
                    noteError("no CloudPublisher matches " + current.publisherTarget() + "; " + store.size()
                            + " examples wait");
                }
                return 0;
            }
            for (int round = 0; round < BATCHES_PER_ROUND && store.size() > 0; round++) {
                List<HardExample> batch = store.oldest(current.uploadBatchSize());
                target.publish(HardExampleMessages.message(batch));
                int removed = store.removeUploaded(batch);
                sent += removed;
                synchronized (this) {
                    uploaded += removed;
                    uploadCount++;
                    lastUploadMillis = System.currentTimeMillis();
                    lastError = "";
                }
            }
        } catch (KuraException | RuntimeException e) {
            noteError("upload failed, examples kept: " + e.getMessage());
            LOG.warn("Hard-example upload failed; the examples stay in the store", e);
        } catch (IOException e) {
            storeFailed(e);
        }
        return sent;
    }

    private synchronized void noteError(String message) {
        lastError = message;
    }

    private void storeFailed(IOException e) {
        synchronized (this) {
            storeErrors++;
            lastError = "store: " + e.getMessage();
        }
        LOG.error("Hard-example store failed", e);
    }
}
