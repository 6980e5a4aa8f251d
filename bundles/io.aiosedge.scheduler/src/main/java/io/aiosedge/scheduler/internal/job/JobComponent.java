package io.aiosedge.scheduler.internal.job;

import java.util.Map;

import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.driver.Driver;
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

import io.aiosedge.api.scheduler.TaskScheduler;

/**
 * A job: at each trigger (fixed rate or cron) it reads one sample of its channels through a Kura {@link Driver}
 * (any driver: chosen with {@code Driver.target}, e.g. {@code (kura.service.pid=sensors)}), and when
 * {@code window.samples} samples are in, submits a task with them as input ({@code [1, N × C]}, sample-major) to
 * the {@link TaskScheduler}. Every task's outcome, result or failure, is published as a KuraMessage through the
 * {@link CloudPublisher} chosen with {@code CloudPublisher.target}.
 *
 * <p>On stop the job stops sampling and waits up to {@code drain.timeout.ms} for the outcomes of the tasks it
 * submitted, so they are published before it goes (the scheduler it depends on stops after it). The sampling,
 * windows, tasks and publishing are {@link JobRunner}'s, shared with {@link AssetJobComponent}, which reads
 * through a Kura Asset instead.
 */
@Designate(ocd = JobComponent.Config.class, factory = true)
@Component(name = JobComponent.PID, configurationPid = JobComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = ConfigurableComponent.class)
public final class JobComponent implements ConfigurableComponent {

    /** Factory PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.scheduler.Job";

    /** Prefix of the name of the job's thread (followed by the job's name). */
    public static final String THREAD_NAME_PREFIX = "aios-job-";

    private static final Logger LOG = LoggerFactory.getLogger(JobComponent.class);

    /** One job (Kura: Services → + → io.aiosedge.scheduler.Job). Times in ms. */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge job",
            description = "Reads channels of a driver into windows, runs each window as a task through the"
                    + " scheduler and publishes the results.")
    public @interface Config {

        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name, used in task ids unless job.name is set; empty: its generated service.pid. Kura sets it when the"
                        + " instance is created.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Job name", description = "Name in task ids and messages; empty: the"
                + " instance's kura.service.pid.", required = false)
        String job_name() default "";

        @AttributeDefinition(name = "Trigger rate (ms)", description = "Sampling period; 0 to use the cron"
                + " expression instead.", min = "0")
        long trigger_rate_ms() default 1000;

        @AttributeDefinition(name = "Trigger cron", description = "Cron expression (5 fields, or 6 with seconds"
                + " first) used when the rate is 0, e.g. */10 * * * * * for every 10 s.", required = false)
        String trigger_cron() default "";

        @AttributeDefinition(name = "Driver target", description = "Filter selecting the Kura Driver to read,"
                + " e.g. (kura.service.pid=sensors).")
        String Driver_target() default "(kura.service.pid=changeme)";

        @AttributeDefinition(name = "Channels", description = "Channels read at each trigger, separated by ';':"
                + " name:VALUE_TYPE[:key=value,...] with the driver's channel settings, e.g."
                + " vibration:DOUBLE:shape=SINE,amplitude=2.")
        String channels() default "value:DOUBLE";

        @AttributeDefinition(name = "Window (samples)", description = "Samples per channel in one task.", min = "1")
        int window_samples() default 16;

        @AttributeDefinition(name = "Task kind", description = "Kind of the tasks (execution times are learned"
                + " per kind and node).")
        String task_kind() default "anomaly";

        @AttributeDefinition(name = "Model", description = "Model the tasks run.")
        String task_model() default "anomaly-detector";

        @AttributeDefinition(name = "Edge model", description = "Smaller model for the gateway (degradation,"
                + " joint inference); empty for none.", required = false)
        String task_edge_model() default "";

        @AttributeDefinition(name = "Compute estimate (instructions)", description = "Work of one task, in"
                + " instructions; 0 to rely on learned times.", min = "0")
        double task_instructions() default 0;

        @AttributeDefinition(name = "Deadline (ms)", description = "Deadline of each task after its creation.",
                min = "1")
        long task_deadline_ms() default 1000;

        @AttributeDefinition(name = "Priority", description = "0 (most urgent) to 9.", min = "0", max = "9")
        int task_priority() default 5;

        @AttributeDefinition(name = "Locality", description = "EDGE_ONLY keeps the data on this gateway.",
                options = {@Option(label = "Any node", value = "ANY"),
                        @Option(label = "This gateway only (private data)", value = "EDGE_ONLY")})
        String task_locality() default "ANY";

        @AttributeDefinition(name = "Result size (bytes)", description = "Expected size of a result.", min = "0")
        long task_output_bytes() default 64;

        @AttributeDefinition(name = "CloudPublisher target", description = "Filter selecting the CloudPublisher"
                + " the results go to, e.g. (kura.service.pid=results-publisher).")
        String CloudPublisher_target() default "(kura.service.pid=changeme)";

        @AttributeDefinition(name = "Anomaly threshold", description = "A result whose score is above this is"
                + " flagged anomaly=true.")
        double anomaly_threshold() default 0.5;

        @AttributeDefinition(name = "Drain timeout (ms)", description = "On stop, longest wait for the outcomes"
                + " of submitted tasks.", min = "0")
        long drain_timeout_ms() default 15_000;
    }

    private final JobSettings settings;
    private final JobRunner runner;

    @Activate
    public JobComponent(Config config, Map<String, Object> properties, @Reference(name = "Driver") Driver driver,
            @Reference(name = "CloudPublisher") CloudPublisher publisher, @Reference(name = "TaskScheduler") TaskScheduler scheduler) {
        this.settings = JobSettings.from(config, properties);
        this.runner = new JobRunner(settings, new DriverSampleSource(driver, settings.channels()), publisher, scheduler);
        LOG.info("Job {} started: {} channels, windows of {} samples, model {}", settings.name(),
                settings.channels().size(), settings.windowSamples(), settings.model());
    }

    @Deactivate
    void deactivate() {
        runner.stop();
    }
}
