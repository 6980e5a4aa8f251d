package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class OutboxCheckTest {

    private static OutboxCheck check(Map<String, Object> config, CloudStatus.Source source) {
        return new OutboxCheck(Configs.of(OutboxCheck.Config.class, config), source);
    }

    private static CloudStatus.Source endpoint(long depth, long ageMs) {
        return () -> List.of(new CloudStatus.Endpoint(Map.of("pid", "aios-endpoint", "outbox.depth",
                Long.toString(depth), "outbox.oldest.age.ms", Long.toString(ageMs), "outbox.capacity", "10000")));
    }

    @Test
    void depthAgainstItsLimits() {
        Map<String, Object> limits = Map.of("depth_warn", 10, "depth_critical", 100);
        assertThat(check(limits, endpoint(9, 1_000)).execute().getStatus()).isEqualTo(Result.Status.OK);
        Result warn = check(limits, endpoint(10, 1_000)).execute();
        assertThat(warn.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(warn)).contains("10 message(s) waiting of 10000 (warning from 10)");
        assertThat(check(limits, endpoint(100, 1_000)).execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    void oldestAgeAgainstItsLimits() {
        Map<String, Object> limits = Map.of("oldest_age_warn_s", 60L, "oldest_age_critical_s", 600L);
        assertThat(check(limits, endpoint(1, 59_999)).execute().getStatus()).isEqualTo(Result.Status.OK);
        assertThat(check(limits, endpoint(1, 60_000)).execute().getStatus()).isEqualTo(Result.Status.WARN);
        Result critical = check(limits, endpoint(1, 600_000)).execute();
        assertThat(critical.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(Configs.text(critical)).contains("oldest waiting message is 10 min 0 s old (critical from 600 s)");
        // An empty outbox has no oldest message, whatever the age figure says.
        assertThat(check(limits, endpoint(0, 900_000)).execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void unreadableStatusIsTemporarilyUnavailable() {
        CloudStatus.Source broken = () -> {
            throw new IllegalStateException("aios:cloudstatus failed: no such command");
        };
        Result r = check(Map.of(), broken).execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.TEMPORARILY_UNAVAILABLE);
        assertThat(Configs.text(r)).contains("no such command");
        assertThat(check(Map.of(), null).execute().getStatus()).isEqualTo(Result.Status.TEMPORARILY_UNAVAILABLE);
    }

    @Test
    void noEndpointIsOk() {
        assertThat(check(Map.of(), List::of).execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void badLimitsAreRefused() {
        assertThatThrownBy(() -> check(Map.of("depth_warn", 100, "depth_critical", 10), List::of))
                .hasMessage("depth: the critical limit (10) must be at least the warning limit (100)");
        assertThatThrownBy(() -> check(Map.of("depth_warn", 0), List::of))
                .hasMessage("depth.warn must be from 1 to 100000000, got 0");
        assertThatThrownBy(() -> check(Map.of("oldest_age_critical_s", 0L), List::of))
                .hasMessageStartingWith("oldest.age.critical.s must be from 1");
    }
}
