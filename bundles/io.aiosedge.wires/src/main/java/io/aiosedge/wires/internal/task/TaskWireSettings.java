package io.aiosedge.wires.internal.task;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Task;

/**
 * An AIOS Task component's configuration, validated and immutable; a bad value is refused with a message naming
 * the property and the value, which fails the component's activation (Kura shows it on the component).
 *
 * @param name the instance's name: its kura.service.pid, else its service.pid (in task ids and log lines)
 * @param inputProperties the record properties that make the task's input, in order
 * @param kind task kind (execution times are learned per kind and node)
 * @param model the model the tasks run
 * @param edgeModel the smaller gateway model ("" for none)
 * @param instructions compute estimate of one task, instructions (0: learned times only)
 * @param deadlineMillis deadline of each task after its record arrived, ms
 * @param priority task priority, 0 (most urgent) to 9
 * @param locality where the task may run
 * @param outputBytes expected size of a result, bytes
 * @param outputProperty name of the output property (or prefix of one per output value)
 * @param forwardProperties whether the input record's other properties are copied into the result record
 * @param drainTimeoutMillis on stop, longest wait for the outcomes of submitted tasks, ms
 */
public record TaskWireSettings(String name, List<String> inputProperties, String kind, String model,
        String edgeModel, double instructions, long deadlineMillis, int priority, Locality locality,
        long outputBytes, String outputProperty, boolean forwardProperties, long drainTimeoutMillis) {

    public TaskWireSettings {
        inputProperties = List.copyOf(inputProperties);
    }

    static TaskWireSettings from(AiosTaskComponent.Config config, Map<String, Object> properties) {
        List<String> inputs = parseNames(config.input_properties());
        require(!config.task_kind().isBlank(), "task.kind", config.task_kind(), "must not be blank");
        require(!config.task_model().isBlank(), "task.model", config.task_model(), "must not be blank");
        require(config.task_instructions() >= 0 && Double.isFinite(config.task_instructions()), "task.instructions",
                config.task_instructions(), "must be finite and >= 0");
        require(config.task_deadline_ms() >= 1, "task.deadline.ms", config.task_deadline_ms(), "must be >= 1");
        require(config.task_priority() >= Task.PRIORITY_HIGHEST && config.task_priority() <= Task.PRIORITY_LOWEST,
                "task.priority", config.task_priority(), "must be 0..9");
        require(config.task_output_bytes() >= 0, "task.output.bytes", config.task_output_bytes(), "must be >= 0");
        require(!config.output_property().isBlank(), "output.property", config.output_property(),
                "must not be blank");
        require(config.drain_timeout_ms() >= 0, "drain.timeout.ms", config.drain_timeout_ms(), "must be >= 0");
        Locality locality;
        try {
            locality = Locality.valueOf(config.task_locality().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property task.locality = '" + config.task_locality()
                    + "' must be EDGE_ONLY or ANY", e);
        }
        return new TaskWireSettings(nameOf(properties), inputs, config.task_kind().trim(), config.task_model().trim(),
                config.task_edge_model().trim(), config.task_instructions(), config.task_deadline_ms(),
                config.task_priority(), locality, config.task_output_bytes(), config.output_property().trim(),
                config.forward_properties(), config.drain_timeout_ms());
    }

    /** The instance's name: kura.service.pid (what the Wire Composer shows), else the generated service.pid. */
    private static String nameOf(Map<String, Object> properties) {
        Object pid = properties.get("kura.service.pid");
        if (pid == null || pid.toString().isBlank()) {
            pid = properties.get("service.pid");
        }
        return pid == null ? "aios-task" : pid.toString().trim();
    }

    /** {@code input.properties}: names separated by commas, each non-blank and listed once. */
    private static List<String> parseNames(String text) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            require(!name.isEmpty(), "input.properties", text, "must be record property names separated by commas,"
                    + " none empty");
            require(seen.add(name), "input.properties", text, "names '" + name + "' twice");
            names.add(name);
        }
        return names;
    }

    private static void require(boolean ok, String property, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("property " + property + " = '" + value + "' " + rule);
        }
    }
}
