package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OutboxState;
import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.TaskScheduler;

class DashboardSamplerTest {

    private final AtomicLong clock = new AtomicLong(Fixtures.NOW);
    private final DashboardSampler sampler = new DashboardSampler(new DashboardSettings(2000, 10, 3), clock::get,
            false);

    @AfterEach
    void stop() throws InterruptedException {
        sampler.deactivate();
    }

    @Test
    void withoutAnyServiceEverySectionIsEmpty() {
        Sample sample = sampler.sampleNow();
        assertThat(sample.scheduler()).isNull();
        assertThat(sample.links()).isEmpty();
        assertThat(sample.models()).isEmpty();
        assertThat(sample.interval().completed()).isZero();
        assertThat(sample.escalatedShareInInterval()).isNaN();

        Map<String, Object> json = TestJson.object(TestJson.parse(DashboardJson.of(sampler.view())));
        assertThat(json).containsEntry("sampling", true).containsEntry("scheduler", null)
                .containsEntry("placements", Map.of()).containsEntry("links", Map.of())
                .containsEntry("models", List.of()).containsEntry("nodes", List.of())
                .containsEntry("recent", List.of());
        assertThat(TestJson.array(json.get("samples"))).hasSize(1);
    }

    @Test
    void samplesTheServicesAndTheCompletions() {
        TaskScheduler scheduler = mock(TaskScheduler.class);
        when(scheduler.policy()).thenReturn("joint-inference");
        when(scheduler.statistics()).thenReturn(Fixtures.statistics(10, 1, 2, 8));
        when(scheduler.nodes()).thenReturn(List.of(Fixtures.node("gateway", NodeKind.LOCAL)));
        when(scheduler.recent(3)).thenReturn(List.of(Fixtures.finished("t2", "gateway"),
                Fixtures.finished("t1", "gateway")));
        when(scheduler.explain("t2")).thenReturn(Optional.of(Fixtures.explanation("t2")));
        when(scheduler.explain("t1")).thenReturn(Optional.empty());
        sampler.bindTaskScheduler(scheduler);
        CloudLinkMonitor monitor = new CloudLinkMonitor() {
            @Override
            public LinkState linkState() {
                return new LinkState(true, 42.5, 125_000, Fixtures.NOW - 1000);
            }

            @Override
            public Optional<OutboxState> outboxState() {
                return Optional.of(new OutboxState(12, 2, 3500, 5000, 10_000, 8192, 0, 1, "/tmp/outbox"));
            }
        };
        sampler.addCloudLinkMonitor(monitor, Map.of("kura.service.pid", "endpoint-1", "service.id", 7L));
        TensorInference engine = mock(TensorInference.class);
        when(engine.models()).thenReturn(Set.of("anomaly-edge"));
        when(engine.statistics("anomaly-edge"))
                .thenReturn(new ModelStatistics("anomaly-edge", "3", 100, 1, 40, 110.0, 180.0, 250.0));
        sampler.addTensorInference(engine, Map.of("kura.service.pid", "tf-engine", "service.id", 9L));

        sampler.sampleNow();
        when(scheduler.statistics()).thenReturn(Fixtures.statistics(14, 2, 3, 12));
        sampler.taskCompleted(Fixtures.completion("t1", "gateway", 10, true, false));
        sampler.taskCompleted(Fixtures.completion("t2", "cloud:inference", 40, false, true));
        clock.addAndGet(2000);
        Sample sample = sampler.sampleNow();

        assertThat(sample.intervalMillis()).isEqualTo(2000);
        assertThat(sample.interval().placements()).isEqualTo(Map.of("gateway", 1L, "cloud:inference", 1L));
        assertThat(sample.interval().deadlinesMissed()).isEqualTo(1);
        assertThat(sample.interval().p50Millis()).isEqualTo(10);
        assertThat(sample.interval().p95Millis()).isEqualTo(40);
        assertThat(sample.escalatedShareInInterval()).isEqualTo(0.25); // (3 - 2) / (12 - 8)
        assertThat(sample.scheduler().completed()).isEqualTo(14);
        assertThat(sample.scheduler().escalatedShare()).isEqualTo(0.25);
        assertThat(sample.links()).containsOnlyKeys("endpoint-1");
        assertThat(sample.links().get("endpoint-1").outbox().depth()).isEqualTo(12);
        assertThat(sample.links().get("endpoint-1").outbox().fill()).isEqualTo(0.5);
        assertThat(sample.models().get("anomaly-edge").engine()).isEqualTo("tf-engine");
        assertThat(sample.models().get("anomaly-edge").version()).isEqualTo("3");

        Map<String, Object> json = TestJson.object(TestJson.parse(DashboardJson.of(sampler.view())));
        assertThat(TestJson.object(json.get("scheduler"))).containsEntry("policy", "joint-inference")
                .containsEntry("completed", 14.0);
        assertThat(json).containsEntry("placements", Map.of("gateway", 1.0, "cloud:inference", 1.0))
                .containsEntry("completedSinceStart", 2.0);
        List<Object> recent = TestJson.array(json.get("recent"));
        assertThat(recent).hasSize(2);
        Map<String, Object> explained = TestJson.object(TestJson.object(recent.get(0)).get("explain"));
        assertThat(explained).containsEntry("policy", "joint-inference").containsEntry("chosenNode", "gateway")
                .containsEntry("escalationNode", null);
        List<Object> rows = TestJson.array(explained.get("rows"));
        assertThat(rows).hasSize(2);
        assertThat(TestJson.object(rows.get(0))).containsEntry("node", "gateway").containsEntry("chosen", true)
                .containsEntry("completionMillis", 11.0).containsEntry("meetsDeadline", true);
        assertThat(TestJson.object(rows.get(1))).containsEntry("allowed", false).containsEntry("chosen", false)
                .containsEntry("completionMillis", null).containsEntry("note", "link down");
        assertThat(TestJson.object(recent.get(1))).containsEntry("explain", null);
        Map<String, Object> model = TestJson.object(TestJson.array(json.get("models")).get(0));
        assertThat(model).containsEntry("model", "anomaly-edge").containsEntry("p95Micros", 180.0);
        List<Object> samples = TestJson.array(json.get("samples"));
        assertThat(samples).hasSize(2);
        Map<String, Object> last = TestJson.object(samples.get(1));
        assertThat(TestJson.object(TestJson.object(last.get("links")).get("endpoint-1")))
                .containsEntry("rttMillis", 42.5).containsEntry("connected", true);
    }

    @Test
    void aFailingServiceEmptiesItsSectionOnly() {
        TaskScheduler scheduler = mock(TaskScheduler.class);
        when(scheduler.statistics()).thenThrow(new IllegalStateException("scheduler stopping"));
        when(scheduler.recent(3)).thenThrow(new IllegalStateException("scheduler stopping"));
        when(scheduler.nodes()).thenThrow(new IllegalStateException("scheduler stopping"));
        sampler.bindTaskScheduler(scheduler);
        sampler.addCloudLinkMonitor(() -> {
            throw new IllegalStateException("endpoint gone");
        }, Map.of("service.id", 3L));
        sampler.addCloudLinkMonitor(() -> LinkState.UNKNOWN, Map.of("service.pid", "endpoint-2", "service.id", 4L));
        TensorInference engine = mock(TensorInference.class);
        when(engine.models()).thenReturn(Set.of("gone"));
        when(engine.statistics("gone")).thenReturn(null); // unloaded in between
        sampler.addTensorInference(engine, Map.of("service.id", 5L));

        Sample sample = sampler.sampleNow();
        assertThat(sample.scheduler()).isNull();
        assertThat(sample.links()).containsOnlyKeys("endpoint-2");
        assertThat(sample.links().get("endpoint-2").outbox()).isNull();
        assertThat(sample.links().get("endpoint-2").rttMillis()).isNaN();
        assertThat(sample.models()).isEmpty();
        Map<String, Object> json = TestJson.object(TestJson.parse(DashboardJson.of(sampler.view())));
        assertThat(json).containsEntry("scheduler", null).containsEntry("recent", List.of());
        assertThat(TestJson.object(TestJson.object(json.get("links")).get("endpoint-2")))
                .containsEntry("rttMillis", null).containsEntry("outbox", null);
    }

    @Test
    void unbindingAnotherSchedulerKeepsTheBoundOne() {
        TaskScheduler bound = mock(TaskScheduler.class);
        when(bound.statistics()).thenReturn(Fixtures.statistics(1, 0, 0, 0));
        when(bound.policy()).thenReturn("local-only");
        sampler.bindTaskScheduler(bound);
        sampler.unbindTaskScheduler(mock(TaskScheduler.class));
        assertThat(sampler.sampleNow().scheduler().policy()).isEqualTo("local-only");
        sampler.unbindTaskScheduler(bound);
        assertThat(sampler.sampleNow().scheduler()).isNull();
    }

    @Test
    void theHistoryKeepsTheConfiguredNumberOfSamples() {
        for (int k = 0; k < 25; k++) {
            clock.addAndGet(2000);
            sampler.sampleNow();
        }
        List<Sample> history = sampler.view().history();
        assertThat(history).hasSize(10);
        assertThat(history.get(9).timeMillis() - history.get(0).timeMillis()).isEqualTo(9 * 2000);
    }

    @Test
    void twoEnginesWithAModelOfTheSameNameAreBothShown() {
        for (String name : new String[] {"engine-a", "engine-b"}) {
            TensorInference engine = mock(TensorInference.class);
            when(engine.models()).thenReturn(Set.of("m"));
            when(engine.statistics("m")).thenReturn(new ModelStatistics("m", "", 1, 0, 1, 1, 1, 1));
            sampler.addTensorInference(engine, Map.of("kura.service.pid", name, "service.id", 1L));
        }
        assertThat(sampler.sampleNow().models()).containsOnlyKeys("m", "engine-b/m");
    }

    @Test
    void theIntervalShareNeedsTwoReadingsThatGoForward() {
        Sample.SchedulerFigures before = new Sample.SchedulerFigures("p", 0, 0, 0, 5, 10, 0.5, 0, 0);
        Sample.SchedulerFigures after = new Sample.SchedulerFigures("p", 0, 0, 0, 6, 14, 0.43, 0, 0);
        assertThat(DashboardSampler.escalatedShare(before, after)).isEqualTo(0.25);
        assertThat(DashboardSampler.escalatedShare(null, after)).isNaN();
        assertThat(DashboardSampler.escalatedShare(after, after)).isNaN(); // no joint-inference task in between
        assertThat(DashboardSampler.escalatedShare(after, before)).isNaN(); // the scheduler restarted
    }
}
