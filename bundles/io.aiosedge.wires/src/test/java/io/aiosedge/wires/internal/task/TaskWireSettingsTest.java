package io.aiosedge.wires.internal.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Locality;

class TaskWireSettingsTest {

    private static TaskWireSettings settings(Map<String, Object> overrides, Map<String, Object> properties) {
        return TaskWireSettings.from(WireFakes.config(overrides), properties);
    }

    @Test
    void theDefaultsAreAValidConfiguration() {
        TaskWireSettings settings = settings(Map.of(), Map.of("kura.service.pid", "scorer"));
        assertThat(settings.name()).isEqualTo("scorer");
        assertThat(settings.inputProperties()).containsExactly("input");
        assertThat(settings.model()).isEqualTo("anomaly-detector");
        assertThat(settings.priority()).isEqualTo(5);
        assertThat(settings.deadlineMillis()).isEqualTo(1000);
        assertThat(settings.locality()).isEqualTo(Locality.ANY);
        assertThat(settings.outputProperty()).isEqualTo("output");
        assertThat(settings.forwardProperties()).isTrue();
    }

    @Test
    void anInstanceWithoutKuraServicePidIsNamedByItsServicePid() {
        assertThat(settings(Map.of(), Map.of("kura.service.pid", " ", "service.pid", "io.aiosedge.wires.AiosTask.7"))
                .name()).isEqualTo("io.aiosedge.wires.AiosTask.7");
    }

    @Test
    void inputPropertiesAreTrimmedNamesInOrder() {
        assertThat(settings(Map.of("input.properties", " b , a"), Map.of()).inputProperties()).containsExactly("b", "a");
    }

    @Test
    void everyBadValueIsRefusedNamingItsProperty() {
        assertRefused("input.properties", "", "property input.properties = ''");
        assertRefused("input.properties", "a,,b", "none empty");
        assertRefused("input.properties", "a,a", "names 'a' twice");
        assertRefused("task.priority", 10, "property task.priority = '10' must be 0..9");
        assertRefused("task.priority", -1, "property task.priority = '-1'");
        assertRefused("task.deadline.ms", 0L, "property task.deadline.ms = '0' must be >= 1");
        assertRefused("task.locality", "CLOUD", "property task.locality = 'CLOUD' must be EDGE_ONLY or ANY");
        assertRefused("task.model", " ", "property task.model");
        assertRefused("task.kind", "", "property task.kind");
        assertRefused("task.instructions", -1.0, "property task.instructions");
        assertRefused("task.instructions", Double.NaN, "property task.instructions");
        assertRefused("task.output.bytes", -1L, "property task.output.bytes");
        assertRefused("output.property", "", "property output.property");
        assertRefused("drain.timeout.ms", -1L, "property drain.timeout.ms");
    }

    private static void assertRefused(String property, Object value, String message) {
        assertThatThrownBy(() -> settings(Map.of(property, value), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
