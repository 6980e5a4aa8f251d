package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

    @Test
    void acceptsTheBounds() {
        assertThat(new DashboardSettings(500, 10, 1).historyMillis()).isEqualTo(5_000);
        assertThat(new DashboardSettings(60_000, 10_000, 50).historyMillis()).isEqualTo(600_000_000L);
    }

    @Test
    void theDefaultsKeepTenMinutes() {
        DashboardSettings defaults = new DashboardSettings(2000, 300, 8);
        assertThat(defaults.historyMillis()).isEqualTo(10 * 60_000);
    }

    @Test
    void aValueOutOfBoundsIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new DashboardSettings(499, 300, 8))
                .hasMessage("sample.period.ms must be within 500..60000: 499");
        assertThatThrownBy(() -> new DashboardSettings(2000, 9, 8))
                .hasMessage("history.samples must be within 10..10000: 9");
        assertThatThrownBy(() -> new DashboardSettings(2000, 300, 51))
                .hasMessage("recent.tasks must be within 1..50: 51");
    }
}
