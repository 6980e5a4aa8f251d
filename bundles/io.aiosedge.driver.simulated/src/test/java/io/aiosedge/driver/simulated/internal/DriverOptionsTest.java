package io.aiosedge.driver.simulated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DriverOptionsTest {

    /** What DS would hand the constructor: the typed view of a configuration. */
    static SimulatedDriver.Config config(long seed, long intervalMs, long latencyMs, double failureProbability,
            boolean failConnect) {
        return new SimulatedDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SimulatedDriver.Config.class;
            }

            @Override
            public String kura_service_pid() {
                return "";
            }

            @Override
            public long seed() {
                return seed;
            }

            @Override
            public long listener_interval_ms() {
                return intervalMs;
            }

            @Override
            public long read_latency_ms() {
                return latencyMs;
            }

            @Override
            public double read_failure_probability() {
                return failureProbability;
            }

            @Override
            public boolean fail_connect() {
                return failConnect;
            }
        };
    }

    @Test
    void takesTheInstanceNameFromKuraServicePid() {
        DriverOptions options = DriverOptions.from(config(7, 100, 5, 0.25, true),
                Map.of("kura.service.pid", "sim-1", "service.pid", "io.aiosedge.driver.simulated.SimulatedDriver.x1"));
        assertThat(options).isEqualTo(new DriverOptions("sim-1", 7, 100, 5, 0.25, true));
        assertThat(DriverOptions.from(config(7, 100, 5, 0, false), Map.of("service.pid", "generated.1"))
                .instanceName()).isEqualTo("generated.1");
        // A console leaves the name field empty: the generated PID names the instance.
        assertThat(DriverOptions.from(config(7, 100, 5, 0, false),
                Map.of("kura.service.pid", "", "service.pid", "generated.2")).instanceName()).isEqualTo("generated.2");
    }

    @Test
    void aBadValueFailsActivationNamingPropertyAndValue() {
        Map<String, Object> properties = Map.of("kura.service.pid", "sim-bad");
        assertThatThrownBy(() -> new SimulatedDriver(config(1, 5, 0, 0, false), properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("simulated driver 'sim-bad': property 'listener.interval.ms' has bad value '5': must be"
                        + " between 10 and 86400000 ms");
        assertThatThrownBy(() -> DriverOptions.from(config(1, 1000, -1, 0, false), properties))
                .hasMessage("simulated driver 'sim-bad': property 'read.latency.ms' has bad value '-1': must be"
                        + " between 0 and 60000 ms");
        assertThatThrownBy(() -> DriverOptions.from(config(1, 1000, 0, 1.5, false), properties))
                .hasMessage("simulated driver 'sim-bad': property 'read.failure.probability' has bad value '1.5':"
                        + " must be between 0 and 1");
        assertThatThrownBy(() -> DriverOptions.from(config(1, 1000, 0, Double.NaN, false), properties))
                .hasMessageContaining("'read.failure.probability' has bad value 'NaN'");
    }
}
