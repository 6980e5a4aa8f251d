package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;

class ModelsLoadedCheckTest {

    private final AtomicLong now = new AtomicLong(0);
    private final TensorInference engine = mock(TensorInference.class);

    private ModelsLoadedCheck check(Map<String, Object> config) {
        ModelsLoadedCheck check = new ModelsLoadedCheck(Configs.of(ModelsLoadedCheck.Config.class, config), now::get);
        check.addEngine(engine, Map.of("kura.service.pid", "engine-1"));
        return check;
    }

    private void stats(String model, long calls, long errors) {
        when(engine.statistics(model)).thenReturn(new ModelStatistics(model, "1.0", calls, errors, calls, 1, 2, 3));
    }

    @Test
    void aRequiredModelThatIsNotLoadedIsCritical() {
        when(engine.models()).thenReturn(Set.of("anomaly-cloud"));
        stats("anomaly-cloud", 0, 0);
        Result r = check(Map.of("models_required", new String[] {"anomaly-edge"})).execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(Configs.text(r)).contains("required model(s) not loaded: [anomaly-edge]; loaded: [anomaly-cloud]");

        when(engine.models()).thenReturn(Set.of("anomaly-cloud", "anomaly-edge"));
        stats("anomaly-edge", 0, 0);
        assertThat(check(Map.of("models_required", new String[] {"anomaly-edge"})).execute().getStatus())
                .isEqualTo(Result.Status.OK);
    }

    @Test
    void fewerModelsThanWantedIsCritical() {
        when(engine.models()).thenReturn(Set.of());
        assertThat(check(Map.of("min_models", 1)).execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(check(Map.of("min_models", 0)).execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void noEngineIsCriticalWhenModelsAreWanted() {
        ModelsLoadedCheck check = new ModelsLoadedCheck(Configs.of(ModelsLoadedCheck.Config.class, Map.of()), now::get);
        Result r = check.execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(Configs.text(r)).contains("no inference engine");
    }

    @Test
    void errorShareOverTheWindowIsJudged() {
        when(engine.models()).thenReturn(Set.of("m"));
        ModelsLoadedCheck check = check(Map.of("error_rate_warn", 0.1, "error_rate_critical", 0.5, "min_calls", 10,
                "window_s", 60L));
        stats("m", 100, 0);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
        now.addAndGet(10_000);
        stats("m", 110, 5); // 5 of 15 new requests failed: 33 %
        Result warn = check.execute();
        assertThat(warn.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(warn)).contains("5 of 15 request(s) failed lately, 33.3 %");
        now.addAndGet(10_000);
        stats("m", 110, 20); // 20 of 30 since the first reading
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    void tooFewRequestsAreNotJudged() {
        when(engine.models()).thenReturn(Set.of("m"));
        stats("m", 1, 4);
        assertThat(check(Map.of("min_calls", 20)).execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> check(Map.of("error_rate_warn", 1.5)))
                .hasMessage("error.rate.warn must be from 0 to 1, got 1.5");
        assertThatThrownBy(() -> check(Map.of("error_rate_warn", 0.6, "error_rate_critical", 0.5)))
                .hasMessageContaining("critical limit (0.500)");
        assertThatThrownBy(() -> check(Map.of("window_s", 1L))).hasMessageStartingWith("window.s must be from 10");
    }
}
