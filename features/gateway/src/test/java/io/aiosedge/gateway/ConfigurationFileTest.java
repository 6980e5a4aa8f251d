package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigurationFileTest {

    private static final Path DATA = Paths.get("/var/lib/aios");

    @Test
    void readsSingletonAndFactoryConfigurationsWithTypes() {
        ConfigurationFile file = ConfigurationFile.parse("{\n"
                + "  \"io.example.Scheduler\": {\"policy\": \"local-only\", \"local.slots:Integer\": 2,"
                + " \"speed\": 1.5, \"enabled\": true, \"tags\": [\"a\", \"b\"], \"ids:Long[]\": [1, 2]},\n"
                + "  \"io.example.Driver~sim-1\": {\"seed\": 7, \"dir\": \"${data}/x\"}\n"
                + "}", "test.json", DATA);
        Map<String, ConfigurationFile.Entry> entries = file.entries();
        assertThat(entries).containsOnlyKeys("io.example.Scheduler", "io.example.Driver~sim-1");

        ConfigurationFile.Entry scheduler = entries.get("io.example.Scheduler");
        assertThat(scheduler.isFactory()).isFalse();
        assertThat(scheduler.pid).isEqualTo("io.example.Scheduler");
        assertThat(scheduler.properties).containsEntry("policy", "local-only").containsEntry("local.slots", 2)
                .containsEntry("speed", 1.5).containsEntry("enabled", true)
                .containsEntry("kura.service.pid", "io.example.Scheduler");
        assertThat((String[]) scheduler.properties.get("tags")).containsExactly("a", "b");
        assertThat((Long[]) scheduler.properties.get("ids")).containsExactly(1L, 2L);

        ConfigurationFile.Entry driver = entries.get("io.example.Driver~sim-1");
        assertThat(driver.isFactory()).isTrue();
        assertThat(driver.factoryPid).isEqualTo("io.example.Driver");
        assertThat(driver.instance).isEqualTo("sim-1");
        assertThat(driver.properties).containsEntry("seed", 7L).containsEntry("kura.service.pid", "sim-1")
                .containsEntry("dir", DATA.toAbsolutePath() + "/x");
    }

    @Test
    void badInputIsRefusedNamingFileConfigurationPropertyAndValue() {
        for (List<String> bad : List.of(
                List.of("{\"p\": {\"n:Integer\": \"many\"}}", "test.json: configuration 'p', property 'n:Integer':"
                        + " 'many' is not a Integer"),
                List.of("{\"p\": {\"n:Integer\": 2.5}}", "'2.5' is not a Integer"),
                List.of("{\"p\": {\"n:Char\": \"x\"}}", "unknown type 'Char'"),
                List.of("{\"p\": {\"n\": null}}", "null is not a value"),
                List.of("{\"p\": 3}", "configuration 'p' must be a JSON object of properties"),
                List.of("{\"f~\": {}}", "must be '<factoryPid>~<instance name>'"),
                List.of("{\"f~a\": {\"kura.service.pid\": \"b\"}}", "differs from its instance name 'a'"),
                List.of("[1]", "the file must be a JSON object of configurations"),
                List.of("{\"p\": {\"a\": 1,}}", "test.json:1:15: expected a quoted member name"),
                List.of("{\"p\": {\"a\": 1}, \"p\": {}}", "member \"p\" appears twice"))) {
            assertThatThrownBy(() -> ConfigurationFile.parse(bad.get(0), "test.json", DATA)).as(bad.get(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.get(1));
        }
    }

    @Test
    void theBuiltInDefaultsParse() throws Exception {
        try (var in = GatewayLauncher.class.getResourceAsStream("/" + GatewayLauncher.DEFAULT_CONFIGURATION)) {
            ConfigurationFile file = ConfigurationFile.parse(new String(in.readAllBytes(), "UTF-8"), "defaults", DATA);
            assertThat(file.entries()).containsKeys("io.aiosedge.scheduler.TaskScheduler",
                    "io.aiosedge.scheduler.Job~anomaly-job", "io.aiosedge.driver.simulated.SimulatedDriver~sim-1",
                    "io.aiosedge.deployment.DeploymentCommandHandler");
        }
    }

    @Test
    void valuesConfigurationAdminCannotTakeAndDeepNestingAreRefusedNamingTheFile() {
        // Found by ConfigurationFileFuzzTest: an object was kept as a property value (ConfigurationAdmin refuses it
        // later, far from the file), a null in an array was a NullPointerException, and deep nesting a
        // StackOverflowError.
        Path data = Paths.get("/data");
        assertThatThrownBy(() -> ConfigurationFile.parse("{\"p\":{\"a\":{\"b\":1}}}", "c.json", data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c.json: configuration 'p', property 'a'")
                .hasMessageContaining("a JSON object is not a property value");
        assertThatThrownBy(() -> ConfigurationFile.parse("{\"p\":{\"a:Integer[]\":[1,null]}}", "c.json", data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("property 'a:Integer[]'[1]")
                .hasMessageContaining("null is not a value");
        assertThatThrownBy(() -> ConfigurationFile.parse("{\"p\":{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000)
                + "}}", "c.json", data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c.json:1:").hasMessageContaining("nested deeper than 64 levels");
    }
}
