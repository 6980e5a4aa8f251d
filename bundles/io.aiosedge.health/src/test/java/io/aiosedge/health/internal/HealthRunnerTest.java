package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class HealthRunnerTest {

    private static Map<HealthCheck, String> checks() {
        Map<HealthCheck, String> checks = new LinkedHashMap<>();
        checks.put(() -> new Result(Result.Status.OK, "all good"),
                HealthRunner.nameOf(Map.of(HealthCheck.NAME, "AIOS outbox", HealthCheck.TAGS, new String[] {"aios", "cloud"})));
        checks.put(() -> new Result(Result.Status.CRITICAL, "endpoint 'e' is not connected"),
                HealthRunner.nameOf(Map.of(HealthCheck.NAME, "AIOS broker connected", HealthCheck.TAGS,
                        new String[] {"aios", "cloud"})));
        checks.put(() -> {
            throw new IllegalStateException("boom");
        }, HealthRunner.nameOf(Map.of(HealthCheck.NAME, "AIOS scheduler", HealthCheck.TAGS, new String[] {"aios",
                "scheduler"})));
        return checks;
    }

    @Test
    void runsEveryCheckWorstFirstAndSaysSoInPlainWords() {
        HealthReport report = HealthRunner.runDirectly(checks(), null);
        assertThat(report.overall()).isEqualTo(Result.Status.HEALTH_CHECK_ERROR);
        assertThat(report.checks()).extracting(HealthReport.Check::name)
                .containsExactly("AIOS scheduler", "AIOS broker connected", "AIOS outbox");
        String text = report.format();
        assertThat(text).startsWith("AIOS health: HEALTH_CHECK_ERROR (1 critical, 0 warning, 1 ok, 1 unavailable or in error)");
        assertThat(text).contains("CRITICAL  AIOS broker connected").contains("CRITICAL endpoint 'e' is not connected")
                .contains("the check failed: java.lang.IllegalStateException: boom");
    }

    @Test
    void selectsByTagOrName() {
        assertThat(HealthRunner.runDirectly(checks(), "cloud").checks()).hasSize(2);
        assertThat(HealthRunner.runDirectly(checks(), "AIOS outbox").overall()).isEqualTo(Result.Status.OK);
        assertThat(HealthRunner.runDirectly(checks(), "nothing").checks()).isEmpty();
    }

    @Test
    void metricsForTheCloudPayload() {
        Map<String, Object> metrics = HealthRunner.runDirectly(checks(), "cloud").metrics();
        assertThat(metrics).containsEntry("health.status", "CRITICAL")
                .containsEntry("health.aios.broker.connected.status", "CRITICAL")
                .containsEntry("health.aios.broker.connected.message", "CRITICAL endpoint 'e' is not connected")
                .containsEntry("health.aios.outbox.status", "OK");
    }

    @Test
    void commandAnswersAnUnknownSelectorInPlainWords() {
        HealthRunner runner = new HealthRunner();
        HealthCommands commands = new HealthCommands(runner);
        assertThat(commands.health()).startsWith("no AIOS health checks");
        assertThat(commands.health("bogus")).startsWith("no AIOS health check named or tagged 'bogus'");
        runner.addCheck(() -> new Result(Result.Status.WARN, "deep"), Map.of(HealthCheck.NAME, "AIOS outbox",
                HealthCheck.TAGS, new String[] {"aios", "cloud"}));
        assertThat(commands.health("cloud")).startsWith("AIOS health: WARN (0 critical, 1 warning, 0 ok)");
    }
}
