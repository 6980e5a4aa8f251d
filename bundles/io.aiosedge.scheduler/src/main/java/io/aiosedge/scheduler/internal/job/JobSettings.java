package io.aiosedge.scheduler.internal.job;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.kura.channel.ChannelType;
import org.eclipse.kura.type.DataType;

import io.aiosedge.api.driver.ChannelSpec;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.scheduler.internal.cron.CronExpression;

/**
 * A job's configuration, validated, immutable; a bad value is refused naming the property and value.
 *
 * @param name the job's name (its kura.service.pid unless {@code job.name} is set)
 * @param rateMillis sampling period in ms, or 0 when the cron expression triggers
 * @param cron the cron expression, or null when the rate triggers
 * @param channels channels read at each trigger (empty for an asset job: its asset has them)
 * @param windowSamples samples per channel in one task input
 * @param kind task kind
 * @param model task model
 * @param edgeModel task edge model ("" for none)
 * @param instructions task compute estimate, instructions
 * @param deadlineMillis deadline relative to the task's creation, ms
 * @param priority task priority 0..9
 * @param locality task locality
 * @param outputBytes expected result size, bytes
 * @param anomalyThreshold a score above this is flagged as an anomaly
 * @param drainTimeoutMillis on stop, longest wait for the results of submitted tasks, ms
 */
public record JobSettings(String name, long rateMillis, CronExpression cron, List<ChannelSpec> channels,
        int windowSamples, String kind, String model, String edgeModel, double instructions, long deadlineMillis,
        int priority, Locality locality, long outputBytes, double anomalyThreshold, long drainTimeoutMillis) {

    static JobSettings from(JobComponent.Config config, Map<String, Object> properties) {
        List<ChannelSpec> channels;
        try {
            channels = parseChannels(config.channels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property channels = '" + config.channels() + "' is invalid: "
                    + e.getMessage(), e);
        }
        return validated(config.job_name(), properties, config.trigger_rate_ms(), config.trigger_cron(), channels,
                config.window_samples(), config.task_kind(), config.task_model(), config.task_edge_model(),
                config.task_instructions(), config.task_deadline_ms(), config.task_priority(), config.task_locality(),
                config.task_output_bytes(), config.anomaly_threshold(), config.drain_timeout_ms());
    }

    /** An asset job's settings: no channel list of its own (the asset has the channels; see asset.channels). */
    static JobSettings from(AssetJobComponent.Config config, Map<String, Object> properties) {
        return validated(config.job_name(), properties, config.trigger_rate_ms(), config.trigger_cron(), List.of(),
                config.window_samples(), config.task_kind(), config.task_model(), config.task_edge_model(),
                config.task_instructions(), config.task_deadline_ms(), config.task_priority(), config.task_locality(),
                config.task_output_bytes(), config.anomaly_threshold(), config.drain_timeout_ms());
    }

    /** Every check both job components share; a bad value is refused naming its property. */
    private static JobSettings validated(String jobName, Map<String, Object> properties, long rate, String cronSetting,
            List<ChannelSpec> channels, int windowSamples, String kind, String model, String edgeModel,
            double instructions, long deadlineMillis, int priority, String localityName, long outputBytes,
            double anomalyThreshold, long drainTimeoutMillis) {
        String name = jobName.trim();
        if (name.isEmpty()) {
            Object pid = properties.get("kura.service.pid");
            if (pid == null || pid.toString().isBlank()) {
                pid = properties.get("service.pid");
            }
            name = pid == null ? "job" : pid.toString().trim();
        }
        String cronText = cronSetting.trim();
        require(rate >= 0, "trigger.rate.ms", rate, "must be >= 0");
        CronExpression cron = null;
        if (rate == 0) {
            require(!cronText.isEmpty(), "trigger.cron", cronText, "must be set when trigger.rate.ms is 0");
            try {
                cron = CronExpression.parse(cronText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("property trigger.cron = '" + cronText + "' is invalid: "
                        + e.getMessage(), e);
            }
        }
        require(windowSamples >= 1, "window.samples", windowSamples, "must be >= 1");
        require(!kind.isBlank(), "task.kind", kind, "must not be blank");
        require(!model.isBlank(), "task.model", model, "must not be blank");
        require(instructions >= 0, "task.instructions", instructions, "must be >= 0");
        require(deadlineMillis >= 1, "task.deadline.ms", deadlineMillis, "must be >= 1");
        require(priority >= Task.PRIORITY_HIGHEST && priority <= Task.PRIORITY_LOWEST, "task.priority", priority,
                "must be 0..9");
        require(outputBytes >= 0, "task.output.bytes", outputBytes, "must be >= 0");
        require(drainTimeoutMillis >= 0, "drain.timeout.ms", drainTimeoutMillis, "must be >= 0");
        Locality locality;
        try {
            locality = Locality.valueOf(localityName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property task.locality = '" + localityName
                    + "' must be EDGE_ONLY or ANY", e);
        }
        return new JobSettings(name, rate, cron, channels, windowSamples, kind.trim(), model.trim(), edgeModel.trim(),
                instructions, deadlineMillis, priority, locality, outputBytes, anomalyThreshold, drainTimeoutMillis);
    }

    private static void require(boolean ok, String property, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("property " + property + " = '" + value + "' " + rule);
        }
    }

    /**
     * The channels a job reads ({@code ;}-separated {@link ChannelSpec}s); a job feeds numbers to a model, so a
     * STRING or BYTE_ARRAY channel is refused.
     */
    static List<ChannelSpec> parseChannels(String text) {
        List<ChannelSpec> channels = ChannelSpec.parseList(text, ChannelType.READ);
        for (ChannelSpec channel : channels) {
            if (channel.valueType() == DataType.STRING || channel.valueType() == DataType.BYTE_ARRAY) {
                throw new IllegalArgumentException("channel '" + channel.name() + "': value type "
                        + channel.valueType() + " is not numeric; use DOUBLE, FLOAT, INTEGER, LONG or BOOLEAN");
            }
        }
        return channels;
    }
}
