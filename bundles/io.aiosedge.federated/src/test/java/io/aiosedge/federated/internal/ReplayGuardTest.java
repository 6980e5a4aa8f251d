package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    @Test
    void admitsOneUpdatePerGatewayOfTheOpenRoundAndVersion() {
        ReplayGuard guard = new ReplayGuard(7, 3, Set.of());
        assertThat(guard.admit(7, "gw1", 3)).isEmpty();
        assertThat(guard.admit(7, "gw2", 3)).isEmpty();
        assertThat(guard.admit(7, "gw1", 3)).get().asString().startsWith("duplicate: gw1");
    }

    @Test
    void refusesAnotherRoundOrVersion() {
        ReplayGuard guard = new ReplayGuard(7, 3, Set.of());
        assertThat(guard.admit(6, "gw1", 3)).get().asString().contains("round 6").contains("open round is 7");
        assertThat(guard.admit(7, "gw1", 2)).get().asString().contains("version 2");
        // refused ones are not remembered: the gateway may still send its right update
        assertThat(guard.admit(7, "gw1", 3)).isEmpty();
    }

    @Test
    void remembersWhoAnsweredBeforeARestart() {
        assertThat(new ReplayGuard(7, 3, Set.of("gw1")).admit(7, "gw1", 3)).get().asString().startsWith("duplicate");
    }
}
