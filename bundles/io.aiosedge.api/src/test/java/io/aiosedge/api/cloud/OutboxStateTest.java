package io.aiosedge.api.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class OutboxStateTest {

    @Test
    void figuresAreCheckedAndNamedWhenWrong() {
        assertThatThrownBy(() -> new OutboxState(-1, 0, 0, 0, 0, 0, 0, 0, "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depth -1");
        assertThatThrownBy(() -> new OutboxState(1, 2, 0, 0, 0, 0, 0, 0, "/d"))
                .hasMessage("in flight (2) exceeds the depth (1)");
        assertThatThrownBy(() -> new OutboxState(0, 0, 0, 0, 0, 0, 0, 0, " "))
                .hasMessage("directory must be given");
    }

    @Test
    void fillIsTheShareOfTheByteCapacity() {
        assertThat(new OutboxState(3, 1, 10, 256, 1024, 4096, 0, 0, "/d").fill()).isEqualTo(0.25);
        assertThat(new OutboxState(0, 0, 0, 0, 0, 0, 0, 0, "/d").fill()).isZero();
        assertThat(new OutboxState(9, 0, 0, 2048, 1024, 4096, 0, 0, "/d").fill()).isEqualTo(1.0);
    }

    @Test
    void aMonitorOfApiOneZeroHasNoOutboxView() {
        CloudLinkMonitor old = () -> LinkState.UNKNOWN;
        assertThat(old.outboxState()).isEqualTo(Optional.empty());
    }
}
