package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void moreIsWorse() {
        Threshold t = Threshold.above("depth", 10, 100);
        assertThat(t.judge(9)).isEqualTo(Result.Status.OK);
        assertThat(t.judge(10)).isEqualTo(Result.Status.WARN);
        assertThat(t.judge(99.9)).isEqualTo(Result.Status.WARN);
        assertThat(t.judge(100)).isEqualTo(Result.Status.CRITICAL);
        assertThat(t.limitOf(Result.Status.CRITICAL)).isEqualTo("critical from 100");
        assertThat(t.limitOf(Result.Status.OK)).isEqualTo("warning from 10");
    }

    @Test
    void lessIsWorse() {
        Threshold t = Threshold.below("free.mib", 500, 100);
        assertThat(t.judge(501)).isEqualTo(Result.Status.OK);
        assertThat(t.judge(500)).isEqualTo(Result.Status.WARN);
        assertThat(t.judge(100)).isEqualTo(Result.Status.CRITICAL);
        assertThat(t.limitOf(Result.Status.WARN)).isEqualTo("warning at or below 500");
    }

    @Test
    void criticalOnTheWrongSideOfWarningIsRefusedNamingTheFigure() {
        assertThatThrownBy(() -> Threshold.above("depth", 100, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth: the critical limit (10) must be at least the warning limit (100)");
        assertThatThrownBy(() -> Threshold.below("free.mib", 100, 500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be at most the warning limit");
        assertThatThrownBy(() -> Threshold.above("x", Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeChecksNameThePropertyAndValue() {
        assertThatThrownBy(() -> Threshold.checkRange("miss.rate.warn", 1.5, 0, 1))
                .hasMessage("miss.rate.warn must be from 0 to 1, got 1.5");
        assertThatThrownBy(() -> Threshold.checkRange("window.s", 5L, 10, 86_400))
                .hasMessage("window.s must be from 10 to 86400, got 5");
        assertThat(Threshold.checkRange("window.s", 10L, 10, 86_400)).isEqualTo(10L);
    }
}
