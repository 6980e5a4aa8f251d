package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;

class BrokerConnectedCheckTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final CloudLinkMonitor monitor = () -> new LinkState(connected.get(), 12, 1e6, now.get());

    private BrokerConnectedCheck check(Map<String, Object> config) {
        return new BrokerConnectedCheck(Configs.of(BrokerConnectedCheck.Config.class, config), now::get);
    }

    @Test
    void connectedIsOkThenWarnThenCriticalAsTheOutageLasts() {
        BrokerConnectedCheck check = check(Map.of("disconnected_warn_s", 10L, "disconnected_critical_s", 60L));
        check.addMonitor(monitor, Map.of("kura.service.pid", "aios-endpoint"));
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);

        connected.set(false);
        now.addAndGet(5_000);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
        now.addAndGet(5_000);
        Result warn = check.execute();
        assertThat(warn.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(warn)).contains("endpoint 'aios-endpoint' is not connected, for 10.0 s");
        now.addAndGet(50_000);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.CRITICAL);

        connected.set(true);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void noEndpointIsCriticalUnlessNoneIsRequired() {
        assertThat(check(Map.of()).execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(check(Map.of("endpoint_required", false)).execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void anEndpointThatGoesAwayIsForgotten() {
        BrokerConnectedCheck check = check(Map.of("endpoint_required", false));
        Map<String, Object> props = Map.of("kura.service.pid", "aios-endpoint");
        connected.set(false);
        check.addMonitor(monitor, props);
        now.addAndGet(1_000);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.WARN);
        check.removeMonitor(monitor, props);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void badLimitsAreRefused() {
        assertThatThrownBy(() -> check(Map.of("disconnected_warn_s", 100L, "disconnected_critical_s", 10L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("critical limit (10)");
        assertThatThrownBy(() -> check(Map.of("disconnected_warn_s", -1L)))
                .hasMessage("disconnected.warn.s must be from 0 to 604800, got -1");
    }
}
