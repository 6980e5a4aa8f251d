package io.aiosedge.scheduler.internal.job;

import java.util.List;
import java.util.Map;

import org.eclipse.kura.asset.Asset;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
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
 * A job whose samples come from a Kura {@link Asset} (chosen with {@code Asset.target}, e.g.
 * {@code (kura.service.pid=pump-1)}; Kura's UI offers every asset's {@code kura.service.pid}) instead of a driver
 * and a channel list of its own: the asset's channel configuration, made in Kura's Drivers and Assets page,
 * drives the scheduler unchanged. At each trigger it reads the channels named in {@code asset.channels} through
 * {@code Asset.read}, or all of the asset's readable channels through {@code Asset.readAllChannels} (by channel
 * name) when none is named; the rest (windows, tasks, published outcomes, drain on stop) is a job's
 * ({@link JobRunner}).
 */
@Designate(ocd = AssetJobComponent.Config.class, factory = true)
@Component(name = AssetJobComponent.PID, configurationPid = AssetJobComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = ConfigurableComponent.class)
public final class AssetJobComponent implements ConfigurableComponent {

    /** Factory PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.scheduler.AssetJob";

    private static final Logger LOG = LoggerFactory.getLogger(AssetJobComponent.class);

    /** One asset job (Kura: Services → + → io.aiosedge.scheduler.AssetJob). Times in ms. */
    @ObjectClassDefinition(id = PID, name = "AIOS Edge asset job",
            description = "Reads channels of a Kura Asset into windows, runs each window as a task through the"
                    + " scheduler and publishes the results.")
    public @interface Config {

        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name, used in task ids unless job.name is set; empty: its generated"
                        + " service.pid. Kura sets it when the instance is created.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Job name", description = "Name in task ids and messages; empty: the"
                + " instance's kura.service.pid.", required = false)
        String job_name() default "";

        @AttributeDefinition(name = "Trigger rate (ms)", description = "Sampling period; 0 to use the cron"
                + " expression instead.", min = "0")
        long trigger_rate_ms() default 1000;

        @AttributeDefinition(name = "Trigger cron", description = "Cron expression (5 fields, or 6 with seconds"
                + " first) used when the rate is 0.", required = false)
        String trigger_cron() default "";

        @AttributeDefinition(name = "Asset target", description = "Filter selecting the Kura Asset to read,"
                + " e.g. (kura.service.pid=pump-1).")
        String Asset_target() default "(kura.service.pid=changeme)";

        @AttributeDefinition(name = "Asset channels", description = "Channels of the asset to read, in this"
                + " order, separated by commas; empty: every enabled readable channel, by name. Each must hold a"
                + " number or a boolean.", required = false)
        String asset_channels() default "";

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

    private final JobRunner runner;

    @Activate
    public AssetJobComponent(Config config, Map<String, Object> properties, @Reference(name = "Asset") Asset asset,
            @Reference(name = "CloudPublisher") CloudPublisher publisher,
            @Reference(name = "TaskScheduler") TaskScheduler scheduler) {
        JobSettings settings = JobSettings.from(config, properties);
        List<String> channels;
        try {
            channels = AssetSampleSource.parseChannels(config.asset_channels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property asset.channels = '" + config.asset_channels()
                    + "' is invalid: " + e.getMessage(), e);
        }
        this.runner = new JobRunner(settings, new AssetSampleSource(asset, channels), publisher, scheduler);
        LOG.info("Asset job {} started: {} of {}, windows of {} samples, model {}", settings.name(),
                channels.isEmpty() ? "all readable channels" : "channels " + channels, config.Asset_target(),
                settings.windowSamples(), settings.model());
    }

    @Deactivate
    void deactivate() {
        runner.stop();
    }
}
