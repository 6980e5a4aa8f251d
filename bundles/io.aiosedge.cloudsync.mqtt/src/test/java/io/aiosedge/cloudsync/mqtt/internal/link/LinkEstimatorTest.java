package io.aiosedge.cloudsync.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.LinkState;

class LinkEstimatorTest {

    private final AtomicLong nanos = new AtomicLong(0);
    private final AtomicLong wall = new AtomicLong(1_000);
    private final LinkEstimator estimator = new LinkEstimator(nanos::get, wall::get);

    @Test
    void unknownBeforeAnything() {
        assertThat(estimator.state()).isEqualTo(LinkState.UNKNOWN);
    }

    @Test
    void rttIsSmoothedLikeTcp() {
        estimator.connected(true);
        estimator.rttSample(100);
        assertThat(estimator.state().rttMillis()).isEqualTo(100);
        estimator.rttSample(20);
        assertThat(estimator.state().rttMillis()).isCloseTo(90, within(1e-9)); // 100 + (20 - 100) / 8
        assertThat(estimator.state().connected()).isTrue();
        assertThat(estimator.state().measuredAtMillis()).isEqualTo(1_000);
    }

    @Test
    void bandwidthIsBytesOverBusyTimeNotWallTime() {
        estimator.connected(true);
        // 10 messages of 100 kB, each in flight for 100 ms, then 1 s idle; window closes after 2 s
        for (int i = 0; i < 10; i++) {
            estimator.sent();
            nanos.addAndGet(100_000_000L);
            estimator.acknowledged(100_000, 100_000_000L);
        }
        nanos.addAndGet(1_000_000_000L);
        estimator.sent();
        nanos.addAndGet(100_000_000L);
        estimator.acknowledged(100_000, 100_000_000L);
        LinkState state = estimator.state();
        // 1.1 MB over 1.1 s busy = 1 MB/s (the idle second does not count)
        assertThat(state.bandwidthBytesPerSecond()).isCloseTo(1_000_000, within(1.0));
        assertThat(state.rttMillis()).isCloseTo(100, within(1e-9));
        assertThat(state.transferMillis(500_000)).isCloseTo(50 + 500, within(1e-6));
    }

    @Test
    void aLostConnectionIsReportedDisconnectedButKeepsTheMeasurements() {
        estimator.connected(true);
        estimator.rttSample(40);
        estimator.connected(false);
        LinkState state = estimator.state();
        assertThat(state.connected()).isFalse();
        assertThat(state.rttMillis()).isEqualTo(40);
        assertThat(state.transferMillis(1)).isInfinite();
    }
}
