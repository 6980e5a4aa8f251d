package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.eclipse.kura.driver.Driver;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.driver.DriverConnectionInfo;

class DriversConnectedCheckTest {

    private static DriversConnectedCheck check(Map<String, Object> config) {
        return new DriversConnectedCheck(Configs.of(DriversConnectedCheck.Config.class, config));
    }

    private static Driver driver(DriverConnectionInfo.State state) {
        Driver d = mock(Driver.class, withSettings().extraInterfaces(DriverConnectionInfo.class));
        when(((DriverConnectionInfo) d).connectionState()).thenReturn(state);
        when(((DriverConnectionInfo) d).connectionDetail()).thenReturn("tcp://127.0.0.1:502 unit 1");
        return d;
    }

    @Test
    void aFailedDriverIsCriticalOthersAreFine() {
        DriversConnectedCheck check = check(Map.of());
        check.addDriver(driver(DriverConnectionInfo.State.CONNECTED), Map.of("kura.service.pid", "plc-1"));
        check.addDriver(driver(DriverConnectionInfo.State.DISCONNECTED), Map.of("kura.service.pid", "sim-1"));
        check.addDriver(mock(Driver.class), Map.of("kura.service.pid", "kura-opcua"));
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);

        Driver failed = driver(DriverConnectionInfo.State.FAILED);
        check.addDriver(failed, Map.of("kura.service.pid", "plc-2"));
        Result r = check.execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(Configs.text(r)).contains("CRITICAL driver 'plc-2': failed, tcp://127.0.0.1:502 unit 1")
                .contains("driver 'kura-opcua': state unknown");
        check.removeDriver(failed, Map.of("kura.service.pid", "plc-2"));
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void failedStatusAndToleranceAreConfigurable() {
        DriversConnectedCheck warnOnly = check(Map.of("failed_status", "WARN"));
        warnOnly.addDriver(driver(DriverConnectionInfo.State.FAILED), Map.of("kura.service.pid", "plc-1"));
        assertThat(warnOnly.execute().getStatus()).isEqualTo(Result.Status.WARN);

        DriversConnectedCheck tolerant = check(Map.of("failed_tolerated", 1));
        tolerant.addDriver(driver(DriverConnectionInfo.State.FAILED), Map.of("kura.service.pid", "plc-1"));
        assertThat(tolerant.execute().getStatus()).isEqualTo(Result.Status.WARN);
        tolerant.addDriver(driver(DriverConnectionInfo.State.FAILED), Map.of("kura.service.pid", "plc-2"));
        assertThat(tolerant.execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    void aRequiredDriverThatIsMissingIsCritical() {
        DriversConnectedCheck check = check(Map.of("drivers_required", new String[] {"sim-1"}));
        Result r = check.execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(Configs.text(r)).contains("required driver(s) missing: [sim-1]; present: none");
        check.addDriver(driver(DriverConnectionInfo.State.CONNECTING), Map.of("kura.service.pid", "sim-1"));
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> check(Map.of("failed_status", "FATAL")))
                .hasMessage("failed.status must be CRITICAL or WARN, got 'FATAL'");
        assertThatThrownBy(() -> check(Map.of("failed_tolerated", -1)))
                .hasMessageStartingWith("failed.tolerated must be from 0");
    }
}
