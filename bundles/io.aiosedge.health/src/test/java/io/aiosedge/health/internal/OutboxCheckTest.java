package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OutboxState;

class OutboxCheckTest {

    private static OutboxCheck check(Map<String, Object> config, CloudStatus.Source source) {
        return new OutboxCheck(Configs.of(OutboxCheck.Config.class, config), source);
    }

    private static CloudStatus.Source endpoint(long depth, long ageMs) {
        return () -> List.of(new CloudStatus.Endpoint("aios-endpoint",
                new OutboxState(depth, 0, ageMs, depth * 1024, 64L << 20, 8192, 0, 0, "/data/outbox")));
    }

    @Test
    void depthAgainstItsLimits() {
        Map<String, Object> limits = Map.of("depth_warn", 10, "depth_critical", 100);
        assertThat(check(limits, endpoint(9, 1_000)).execute().getStatus()).isEqualTo(Result.Status.OK);
        Result warn = check(limits, endpoint(10, 1_000)).execute();
        assertThat(warn.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(warn)).contains("10 message(s) waiting, 10.0 KiB of 64.0 MiB (warning from 10)");
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
            throw new IllegalStateException("endpoint 'aios-endpoint' could not tell its outbox: closed");
        };
        Result r = check(Map.of(), broken).execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.TEMPORARILY_UNAVAILABLE);
        assertThat(Configs.text(r)).contains("could not tell its outbox: closed");
        // A monitor of API 1.0 has no outbox view.
        Result old = check(Map.of(), () -> List.of(new CloudStatus.Endpoint("old", null))).execute();
        assertThat(old.getStatus()).isEqualTo(Result.Status.TEMPORARILY_UNAVAILABLE);
        assertThat(Configs.text(old)).contains("endpoint 'old' does not tell its outbox");
    }

    @Test
    void refusalsAreAWarning() {
        CloudStatus.Source full = () -> List.of(new CloudStatus.Endpoint("aios-endpoint",
                new OutboxState(5, 1, 1_000, 5_000, 64L << 20, 8192, 3, 0, "/data/outbox")));
        Result r = check(Map.of(), full).execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(r)).contains("3 message(s) refused since it started because the outbox was full");
    }

    @Test
    void monitorsAreReadThroughTheApi() {
        CloudStatus.Monitors monitors = new CloudStatus.Monitors();
        OutboxState state = new OutboxState(2, 1, 500, 2048, 1 << 20, 4096, 0, 0, "/data/b");
        monitors.add(new CloudLinkMonitor() {
            @Override
            public LinkState linkState() {
                return LinkState.UNKNOWN;
            }

            @Override
            public Optional<OutboxState> outboxState() {
                return Optional.of(state);
            }
        }, Map.of("kura.service.pid", "endpoint-b"));
        CloudLinkMonitor old = () -> LinkState.UNKNOWN;
        monitors.add(old, Map.of("kura.service.pid", "endpoint-a"));
        assertThat(monitors.endpoints()).containsExactly(new CloudStatus.Endpoint("endpoint-a", null),
                new CloudStatus.Endpoint("endpoint-b", state));
        monitors.remove(old);
        assertThat(monitors.endpoints()).extracting(CloudStatus.Endpoint::pid).containsExactly("endpoint-b");
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
