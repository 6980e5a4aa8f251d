package io.aiosedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void laterSourcesWinFilesThenEnvironmentThenArguments() throws Exception {
        Path defaults = Files.writeString(dir.resolve("settings.properties"),
                "broker.url=tcp://localhost:1883\ntenant=default\nthreads=2\nworker.id=${host.name}\n");
        Path extra = Files.writeString(dir.resolve("extra.properties"), "tenant=acme\n");
        Settings s = Settings.load(Map.of("host.name", "pod-7"), List.of(defaults, extra),
                Map.of("AIOS_BROKER_URL", "tcp://broker:1883", "AIOS_THREADS", "8", "PATH", "/bin"),
                List.of("threads=16"));
        assertThat(s.get("broker.url")).isEqualTo("tcp://broker:1883");
        assertThat(s.get("tenant")).isEqualTo("acme");
        assertThat(s.get("threads")).isEqualTo("16");
        assertThat(s.get("worker.id")).isEqualTo("pod-7");
        assertThat(s.has("path")).as("only AIOS_ variables are settings").isFalse();
    }

    @Test
    void environmentNamesMapToKeys() {
        assertThat(Settings.keyOfEnv("AIOS_STATE_INTERVAL_S")).isEqualTo("state.interval.s");
        assertThat(Settings.envOfKey("state.interval.s")).isEqualTo("AIOS_STATE_INTERVAL_S");
    }

    @Test
    void referencesResolveAndMultiply() {
        Settings s = Settings.of(Map.of("threads", "3", "offload.threads", "${threads*4}", "home", "/opt/w",
                "data.dir", "${home}/data"));
        assertThat(s.get("offload.threads")).isEqualTo("12");
        assertThat(s.resolve("x ${data.dir}/outbox y")).isEqualTo("x /opt/w/data/outbox y");
        assertThat(s.resolve("aios/v1/#{tenant}/nodes")).as("the connector's own templates stay")
                .isEqualTo("aios/v1/#{tenant}/nodes");
    }

    @Test
    void unknownKeysCyclesAndNonIntegersAreErrorsNamingThem() {
        Settings s = Settings.of(Map.of("a", "${b}", "b", "${a}", "word", "many", "m", "${word*2}"));
        assertThatThrownBy(() -> s.resolve("${nope}")).hasMessageContaining("'nope'").hasMessageContaining("AIOS_NOPE");
        assertThatThrownBy(() -> s.get("a")).hasMessageContaining("refers to itself");
        assertThatThrownBy(() -> s.get("m")).hasMessageContaining("'word' = 'many'");
        assertThatThrownBy(() -> s.resolve("${open")).hasMessageContaining("unterminated");
    }

    @Test
    void argumentsMustBeAssignments() {
        assertThatThrownBy(() -> Settings.load(Map.of(), List.of(), Map.of(), List.of("=x")))
                .hasMessageContaining("not key=value");
    }

    @Test
    void secretsAreMaskedWhenShown() {
        Settings s = Settings.of(Map.of("password", "hunter2", "commands.token", "t", "username", "u",
                "empty.password", ""));
        assertThat(s.shown()).containsEntry("password", "***").containsEntry("commands.token", "***")
                .containsEntry("username", "u").containsEntry("empty.password", "");
    }
}
