package io.aiosedge.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.TaskScheduler;

class SchedulerCheckTest {

    private final AtomicLong now = new AtomicLong(0);
    private final TaskScheduler scheduler = mock(TaskScheduler.class);

    private SchedulerCheck check(Map<String, Object> config) {
        SchedulerCheck check = new SchedulerCheck(Configs.of(SchedulerCheck.Config.class, config), now::get);
        check.bindScheduler(scheduler);
        return check;
    }

    private void counters(long completed, long missed) {
        when(scheduler.statistics()).thenReturn(new SchedulerStatistics(completed, completed, missed, Map.of(), 0, 0,
                0, 2, 1, 3.0));
    }

    private static Calibration pair(String node, long samples, double wait, double network, double compute) {
        return new Calibration("anomaly", node, samples, 1, 1, 0, wait, 0, network, 0, compute, 0, 0);
    }

    @Test
    void missShareOverTheWindowGoesWarnThenCriticalThenBack() {
        when(scheduler.calibration()).thenReturn(List.of());
        SchedulerCheck check = check(Map.of("miss_rate_warn", 0.05, "miss_rate_critical", 0.25, "min_tasks", 10,
                "window_s", 60L));
        counters(100, 0);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
        now.addAndGet(10_000);
        counters(200, 10); // 10 of 100 in the last 10 s
        Result warn = check.execute();
        assertThat(warn.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(warn)).contains("10 of 100 completed task(s) missed their deadline in the last 10.0 s, 10.0 %");
        now.addAndGet(10_000);
        counters(300, 60); // 60 of 200 since the first reading
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
        // Two minutes later the bad minute has left the window.
        now.addAndGet(120_000);
        counters(400, 60);
        now.addAndGet(10_000);
        counters(500, 61);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void tooFewTasksAreNotJudged() {
        when(scheduler.calibration()).thenReturn(List.of());
        counters(5, 5);
        Result r = check(Map.of("min_tasks", 20)).execute();
        assertThat(r.getStatus()).isEqualTo(Result.Status.OK);
        assertThat(Configs.text(r)).contains("too few to judge");
    }

    @Test
    void worstEstimateErrorWithEnoughSamplesCounts() {
        counters(0, 0);
        Map<String, Object> limits = Map.of("estimate_error_warn_ms", 100.0, "estimate_error_critical_ms", 1000.0,
                "min_samples", 10);
        when(scheduler.calibration()).thenReturn(List.of(pair("gateway", 50, 10, 0, 20),
                pair("cloud:inference", 3, 5000, 5000, 5000)));
        assertThat(check(limits).execute().getStatus()).isEqualTo(Result.Status.OK);
        when(scheduler.calibration()).thenReturn(List.of(pair("gateway", 50, 10, 0, 20),
                pair("cloud:inference", 30, 20, 150, 30)));
        Result warn = check(limits).execute();
        assertThat(warn.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(Configs.text(warn)).contains("worst estimate error 200.0 ms for kind 'anomaly' on node 'cloud:inference'");
        when(scheduler.calibration()).thenReturn(List.of(pair("cloud:inference", 30, 20, 1500, 30)));
        assertThat(check(limits).execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    void noSchedulerIsCritical() {
        SchedulerCheck check = new SchedulerCheck(Configs.of(SchedulerCheck.Config.class, Map.of()), now::get);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.CRITICAL);
        check.bindScheduler(scheduler);
        check.unbindScheduler(mock(TaskScheduler.class)); // another one: this one stays
        when(scheduler.calibration()).thenReturn(List.of());
        counters(0, 0);
        assertThat(check.execute().getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> check(Map.of("miss_rate_critical", 2.0)))
                .hasMessage("miss.rate.critical must be from 0 to 1, got 2.0");
        assertThatThrownBy(() -> check(Map.of("miss_rate_warn", 0.5, "miss_rate_critical", 0.1)))
                .hasMessageStartingWith("miss.rate: the critical limit");
        assertThatThrownBy(() -> check(Map.of("estimate_error_warn_ms", -5.0)))
                .hasMessageStartingWith("estimate.error.warn.ms must be from 0");
        assertThatThrownBy(() -> check(Map.of("min_samples", 0))).hasMessageStartingWith("min.samples must be from 1");
    }
}
