package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CloudStatusTest {

    /** Two endpoints as aios:cloudstatus prints them (CloudCommands.format: "%-22s %s"). */
    static final String TWO = String.format("%-22s %s%n%-22s %s%n%-22s %s%n%-22s %s%n%n%-22s %s%n%-22s %s%n",
            "pid", "aios-a", "connected", "false", "outbox.depth", "12", "outbox.directory", "/var/lib/x y/outbox-a",
            "pid", "aios-b", "outbox.depth", "0");

    @Test
    void readsOneBlockPerEndpoint() {
        List<CloudStatus.Endpoint> endpoints = CloudStatus.parse(TWO);
        assertThat(endpoints).hasSize(2);
        assertThat(endpoints.get(0).pid()).isEqualTo("aios-a");
        assertThat(endpoints.get(0).number("outbox.depth")).hasValue(12);
        assertThat(endpoints.get(0).figures()).containsEntry("outbox.directory", "/var/lib/x y/outbox-a");
        assertThat(endpoints.get(1).number("outbox.depth")).hasValue(0);
        assertThat(endpoints.get(1).number("outbox.oldest.age.ms")).isEmpty();
    }

    @Test
    void noEndpointsIsAnEmptyList() {
        assertThat(CloudStatus.parse("no AIOS MQTT cloud endpoints\n")).isEmpty();
    }

    @Test
    void somethingElseIsRefusedQuotingIt() {
        assertThatThrownBy(() -> CloudStatus.parse("gogo: CommandNotFoundException: aios:cloudstatus"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CommandNotFoundException");
    }
}
