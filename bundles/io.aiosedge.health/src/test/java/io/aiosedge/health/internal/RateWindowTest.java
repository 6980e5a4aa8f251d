package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    @Test
    void firstReadingCountsEverythingSoFar() {
        RateWindow w = new RateWindow(60_000);
        RateWindow.Rate r = w.add(1_000, 3, 10);
        assertThat(r.events()).isEqualTo(3);
        assertThat(r.total()).isEqualTo(10);
        assertThat(r.share()).isEqualTo(0.3);
    }

    @Test
    void countsOnlyWhatHappenedWithinTheWindow() {
        RateWindow w = new RateWindow(60_000);
        w.add(0, 50, 100); // 50 % misses long ago
        w.add(30_000, 50, 150);
        RateWindow.Rate r = w.add(120_000, 51, 250);
        // Baseline: the newest reading at or before 60 s (the one at 30 s): 1 of 100.
        assertThat(r.events()).isEqualTo(1);
        assertThat(r.total()).isEqualTo(100);
        assertThat(r.spanMillis()).isEqualTo(90_000);
    }

    @Test
    void aCounterThatWentDownStartsAnew() {
        RateWindow w = new RateWindow(60_000);
        w.add(0, 10, 20);
        RateWindow.Rate r = w.add(1_000, 1, 2);
        assertThat(r.events()).isEqualTo(1);
        assertThat(r.total()).isEqualTo(2);
    }

    @Test
    void nothingNewIsAnEmptyRate() {
        RateWindow w = new RateWindow(60_000);
        w.add(0, 5, 10);
        RateWindow.Rate r = w.add(1_000, 5, 10);
        assertThat(r.total()).isZero();
        assertThat(r.share()).isZero();
    }
}
