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
 * @param channels channels read at each trigger
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
        String name = config.job_name().trim();
        if (name.isEmpty()) {
            Object pid = properties.get("kura.service.pid");
            if (pid == null || pid.toString().isBlank()) {
                pid = properties.get("service.pid");
            }
            name = pid == null ? "job" : pid.toString().trim();
        }
        long rate = config.trigger_rate_ms();
        String cronText = config.trigger_cron().trim();
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
        List<ChannelSpec> channels;
        try {
            channels = parseChannels(config.channels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property channels = '" + config.channels() + "' is invalid: "
                    + e.getMessage(), e);
        }
        require(config.window_samples() >= 1, "window.samples", config.window_samples(), "must be >= 1");
        require(!config.task_kind().isBlank(), "task.kind", config.task_kind(), "must not be blank");
        require(!config.task_model().isBlank(), "task.model", config.task_model(), "must not be blank");
        require(config.task_instructions() >= 0, "task.instructions", config.task_instructions(), "must be >= 0");
        require(config.task_deadline_ms() >= 1, "task.deadline.ms", config.task_deadline_ms(), "must be >= 1");
        require(config.task_priority() >= Task.PRIORITY_HIGHEST && config.task_priority() <= Task.PRIORITY_LOWEST,
                "task.priority", config.task_priority(), "must be 0..9");
        require(config.task_output_bytes() >= 0, "task.output.bytes", config.task_output_bytes(), "must be >= 0");
        require(config.drain_timeout_ms() >= 0, "drain.timeout.ms", config.drain_timeout_ms(), "must be >= 0");
        Locality locality;
        try {
            locality = Locality.valueOf(config.task_locality().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property task.locality = '" + config.task_locality()
                    + "' must be EDGE_ONLY or ANY", e);
        }
        return new JobSettings(name, rate, cron, channels, config.window_samples(), config.task_kind().trim(),
                config.task_model().trim(), config.task_edge_model().trim(), config.task_instructions(),
                config.task_deadline_ms(), config.task_priority(), locality, config.task_output_bytes(),
                config.anomaly_threshold(), config.drain_timeout_ms());
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
