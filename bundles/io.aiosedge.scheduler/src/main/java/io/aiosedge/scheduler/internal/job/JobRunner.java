package io.aiosedge.scheduler.internal.job;

import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskScheduler;

/**
 * What every job does, whatever its samples come from: at each trigger (fixed rate or cron, on the job's own
 * thread {@value JobComponent#THREAD_NAME_PREFIX}&lt;name&gt;) it reads one sample from its {@link SampleSource};
 * when {@code window.samples} samples are in, it submits a task with them as input ({@code [1, N × C]},
 * sample-major) to the {@link TaskScheduler}, and publishes every outcome through the {@link CloudPublisher}.
 * {@link #stop()} stops sampling and waits up to {@code drain.timeout.ms} for the outcomes of the tasks submitted.
 */
final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobSettings settings;
    private final SampleSource source;
    private final CloudPublisher publisher;
    private final TaskScheduler scheduler;
    private final ScheduledExecutorService thread;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final Object inFlightLock = new Object();
    private int inFlight;
    private volatile boolean stopping;
    private long failedReads;
    /** Made at the first sample: an asset read with all its channels says how many there are only then. */
    private SampleWindow window;

    JobRunner(JobSettings settings, SampleSource source, CloudPublisher publisher, TaskScheduler scheduler) {
        this.settings = settings;
        this.source = source;
        this.publisher = publisher;
        this.scheduler = scheduler;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread worker = new Thread(runnable, JobComponent.THREAD_NAME_PREFIX + settings.name());
            worker.setDaemon(true);
            return worker;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
        if (settings.rateMillis() > 0) {
            thread.scheduleAtFixedRate(this::tick, settings.rateMillis(), settings.rateMillis(), TimeUnit.MILLISECONDS);
        } else {
            scheduleNextCron();
        }
    }

    void stop() {
        stopping = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(settings.drainTimeoutMillis(), TimeUnit.MILLISECONDS);
            long end = System.nanoTime() + settings.drainTimeoutMillis() * 1_000_000L;
            synchronized (inFlightLock) {
                while (inFlight > 0) {
                    long left = (end - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        LOG.warn("Job {} stopped with {} task outcomes not yet published", settings.name(), inFlight);
                        break;
                    }
                    inFlightLock.wait(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Job {} stopped after {} tasks", settings.name(), sequence.get());
    }

    private void scheduleNextCron() {
        ZonedDateTime now = ZonedDateTime.now();
        ZonedDateTime next = settings.cron().next(now);
        if (next == null) {
            LOG.warn("Job {}: cron '{}' never fires again", settings.name(), settings.cron());
            return;
        }
        long delay = Math.max(0, next.toInstant().toEpochMilli() - System.currentTimeMillis());
        thread.schedule(() -> {
            tick();
            if (!stopping) {
                scheduleNextCron();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** One trigger: read a sample; submit a task when the window is full. Never throws (the timer would stop). */
    private void tick() {
        try {
            double[] sample;
            try {
                sample = source.read();
            } catch (SampleSource.SampleReadException e) {
                logReadFailure(e.getMessage());
                return;
            }
            if (window == null || window.channels() != sample.length) {
                if (window != null) {
                    LOG.warn("Job {}: samples now have {} values, were {}; the window starts again", settings.name(),
                            sample.length, window.channels());
                }
                window = new SampleWindow(sample.length, settings.windowSamples());
            }
            float[] input = window.add(sample);
            if (input != null && !stopping) {
                submit(input);
            }
        } catch (RuntimeException e) {
            LOG.error("Job {}: trigger failed", settings.name(), e);
        }
    }

    private void logReadFailure(String why) {
        failedReads++;
        // The first failure and then one in a hundred: a broken device must not flood the log.
        if (failedReads == 1 || failedReads % 100 == 0) {
            LOG.warn("Job {}: read failed ({} so far), sample skipped: {}", settings.name(), failedReads, why);
        }
    }

    /** The completion time the cost model predicted for the task's placement (ms), NaN when it is not known. */
    private double estimatedMillis(String taskId) {
        return scheduler.explain(taskId).filter(e -> e.assignment().placed())
                .map(e -> e.table().completionMillis(e.taskIndex(), e.assignment().node())).orElse(Double.NaN);
    }

    private void submit(float[] input) {
        String id = settings.name() + "-" + runId + "-" + sequence.incrementAndGet();
        Task task = Task.builder(id, settings.kind()).model(settings.model()).edgeModel(settings.edgeModel())
                .input(input, 1, input.length).instructions(settings.instructions())
                .deadline(System.currentTimeMillis() + settings.deadlineMillis()).priority(settings.priority())
                .locality(settings.locality()).outputBytes(settings.outputBytes())
                .attributes(Map.of("job", settings.name())).build();
        synchronized (inFlightLock) {
            inFlight++;
        }
        scheduler.submit(task).whenComplete((result, error) -> {
            try {
                publisher.publish(ResultMessages.message(settings.name(), id, result, error,
                        settings.anomalyThreshold(), System.currentTimeMillis(), estimatedMillis(id)));
            } catch (KuraException | RuntimeException e) {
                LOG.warn("Job {}: could not publish the outcome of task {}", settings.name(), id, e);
            } finally {
                synchronized (inFlightLock) {
                    inFlight--;
                    inFlightLock.notifyAll();
                }
            }
        });
    }
}
