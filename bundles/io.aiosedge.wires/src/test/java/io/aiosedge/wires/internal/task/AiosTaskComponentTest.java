package io.aiosedge.wires.internal.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;

class AiosTaskComponentTest {

    private final WireFakes.Helper helper = new WireFakes.Helper();
    private final List<Task> submitted = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<TaskResult>> futures = new CopyOnWriteArrayList<>();
    private TaskScheduler scheduler;
    private AiosTaskComponent component;

    @BeforeEach
    void scheduler() {
        scheduler = mock(TaskScheduler.class);
        when(scheduler.submit(any())).thenAnswer(invocation -> {
            submitted.add(invocation.getArgument(0));
            CompletableFuture<TaskResult> future = new CompletableFuture<>();
            futures.add(future);
            return future;
        });
        when(scheduler.explain(anyString())).thenReturn(Optional.empty());
    }

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
    }

    private AiosTaskComponent start(Map<String, Object> overrides) {
        component = new AiosTaskComponent(WireFakes.config(overrides),
                Map.of("kura.service.pid", "scorer", "service.pid", "io.aiosedge.wires.AiosTask.1"),
                WireFakes.context(WireFakes.reference()), helper, scheduler);
        return component;
    }

    private static WireRecord record(Object... namesAndValues) {
        Map<String, TypedValue<?>> properties = new LinkedHashMap<>();
        for (int k = 0; k < namesAndValues.length; k += 2) {
            properties.put((String) namesAndValues[k], (TypedValue<?>) namesAndValues[k + 1]);
        }
        return new WireRecord(properties);
    }

    private static TaskResult result(String id, float... output) {
        return new TaskResult(id, "gateway", NodeKind.LOCAL, "anomaly-detector", output, 1.5, 0, 3.0,
                System.currentTimeMillis(), true, 0.75, 0.9, false, false, Map.of());
    }

    private List<WireRecord> awaitEmitted(int envelopes) {
        await().atMost(Duration.ofSeconds(5)).until(() -> helper.support.emitted.size() >= envelopes);
        return helper.support.emitted.get(envelopes - 1);
    }

    private static Object value(WireRecord record, String name) {
        TypedValue<?> typed = record.getProperties().get(name);
        assertThat(typed).as("property %s of %s", name, record.getProperties().keySet()).isNotNull();
        return typed.getValue();
    }

    @Test
    void theWireSupportIsMadeForThisComponentFromItsOwnServiceReference() {
        start(Map.of());
        assertThat(helper.component).isSameAs(component);
        assertThat(helper.reference).isNotNull();
    }

    @Test
    void withoutAWireSupportActivationFailsNamingTheInstance() {
        assertThatThrownBy(() -> new AiosTaskComponent(WireFakes.config(Map.of()), Map.of("kura.service.pid", "x"),
                WireFakes.context(null), helper, scheduler)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AIOS Task x").hasMessageContaining("no WireSupport");
    }

    @Test
    void aRecordBecomesATaskWithTheConfiguredModelPriorityDeadlineAndLocality() {
        start(Map.of("input.properties", "vibration,temperature", "task.model", "m1", "task.edge.model", "m1-edge",
                "task.priority", 2, "task.deadline.ms", 750L, "task.locality", "edge_only", "task.kind", "pump",
                "task.instructions", 5e6));
        long before = System.currentTimeMillis();

        component.onWireReceive(WireFakes.envelope(record("vibration", TypedValues.newDoubleValue(0.5),
                "temperature", TypedValues.newIntegerValue(21), "assetName", TypedValues.newStringValue("pump-1"))));

        assertThat(submitted).singleElement().satisfies(task -> {
            assertThat(task.id()).startsWith("scorer-");
            assertThat(task.kind()).isEqualTo("pump");
            assertThat(task.model()).isEqualTo("m1");
            assertThat(task.edgeModel()).isEqualTo("m1-edge");
            assertThat(task.priority()).isEqualTo(2);
            assertThat(task.locality()).isEqualTo(Locality.EDGE_ONLY);
            assertThat(task.instructions()).isEqualTo(5e6);
            assertThat(task.deadlineMillis()).isBetween(before + 750, System.currentTimeMillis() + 750);
            assertThat(task.input().shape()).containsExactly(1, 2);
            assertThat(task.input().values()).containsExactly(0.5f, 21f);
            assertThat(task.attributes()).containsEntry("wire", "scorer");
        });
        assertThat(helper.support.emitted).as("nothing is sent before the outcome").isEmpty();
    }

    @Test
    void theOutcomeLeavesAsARecordWithOutputsNodeEstimateAndLatency() {
        start(Map.of("input.properties", "x"));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newFloatValue(1f),
                "assetName", TypedValues.newStringValue("pump-1"))));
        futures.get(0).complete(result(submitted.get(0).id(), 0.25f));

        WireRecord out = awaitEmitted(1).get(0);
        assertThat(value(out, "status")).isEqualTo("COMPLETED");
        assertThat(value(out, "task.id")).isEqualTo(submitted.get(0).id());
        assertThat(value(out, "output")).isEqualTo(0.25f);
        assertThat(value(out, "node")).isEqualTo("gateway");
        assertThat(value(out, "node.kind")).isEqualTo("LOCAL");
        assertThat(value(out, "model")).isEqualTo("anomaly-detector");
        assertThat(value(out, "queue.ms")).isEqualTo(1.5);
        assertThat(value(out, "compute.ms")).isEqualTo(3.0);
        assertThat(value(out, "total.ms")).isEqualTo(4.5);
        assertThat((Double) value(out, "latency.ms")).isGreaterThanOrEqualTo(0.0);
        assertThat(value(out, "score")).isEqualTo(0.75);
        assertThat(value(out, "confidence")).isEqualTo(0.9);
        assertThat(value(out, "deadline.met")).isEqualTo(true);
        assertThat(value(out, "assetName")).as("forwarded").isEqualTo("pump-1");
        assertThat(out.getProperties()).doesNotContainKey("x").doesNotContainKey("estimate.ms");
        assertThat(out.getProperties().get("output").getType()).isEqualTo(DataType.FLOAT);
        assertThat(helper.support.emitThreads).singleElement().asString()
                .startsWith(AiosTaskComponent.THREAD_NAME_PREFIX + "scorer");
    }

    @Test
    void severalOutputValuesGetOnePropertyEach() {
        start(Map.of("input.properties", "x", "output.property", "class"));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newLongValue(3L))));
        futures.get(0).complete(result(submitted.get(0).id(), 0.1f, 0.7f, 0.2f));

        WireRecord out = awaitEmitted(1).get(0);
        assertThat(value(out, "class.0")).isEqualTo(0.1f);
        assertThat(value(out, "class.1")).isEqualTo(0.7f);
        assertThat(value(out, "class.2")).isEqualTo(0.2f);
        assertThat(out.getProperties()).doesNotContainKey("class");
    }

    @Test
    void aSchedulerRefusalLeavesAsAFailedRecordWithItsReason() {
        start(Map.of("input.properties", "x"));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1))));
        String id = submitted.get(0).id();
        futures.get(0).completeExceptionally(new TaskFailedException(id, FailureReason.DEADLINE_UNREACHABLE,
                "no node finishes before the deadline"));

        WireRecord out = awaitEmitted(1).get(0);
        assertThat(value(out, "status")).isEqualTo("FAILED");
        assertThat(value(out, "task.id")).isEqualTo(id);
        assertThat(value(out, "failure.reason")).isEqualTo("DEADLINE_UNREACHABLE");
        assertThat((String) value(out, "failure.message")).contains("no node finishes before the deadline");
        assertThat(out.getProperties()).containsKey("latency.ms").doesNotContainKey("node");
    }

    @Test
    void anExceptionFromSubmitIsAnExecutionFailureNotALostRecord() {
        when(scheduler.submit(any())).thenThrow(new IllegalStateException("scheduler stopping"));
        start(Map.of("input.properties", "x"));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1))));

        WireRecord out = awaitEmitted(1).get(0);
        assertThat(value(out, "failure.reason")).isEqualTo("EXECUTION_FAILED");
        assertThat(value(out, "failure.message")).isEqualTo("scheduler stopping");
    }

    @Test
    void aRecordWithoutTheInputPropertyIsAnsweredNamingItAndRunsNoTask() {
        start(Map.of("input.properties", "vibration"));
        component.onWireReceive(WireFakes.envelope(record("temperature", TypedValues.newDoubleValue(1))));

        WireRecord out = awaitEmitted(1).get(0);
        assertThat(value(out, "status")).isEqualTo("FAILED");
        assertThat(value(out, "failure.reason")).isEqualTo("INVALID_INPUT");
        assertThat((String) value(out, "failure.message")).contains("no property 'vibration'")
                .contains("[temperature]");
        assertThat(out.getProperties()).doesNotContainKey("task.id");
        verify(scheduler, never()).submit(any());
    }

    @Test
    void aRecordWithAValueOfTheWrongTypeIsAnsweredNamingPropertyAndType() {
        start(Map.of("input.properties", "image"));
        component.onWireReceive(WireFakes.envelope(record("image", TypedValues.newByteArrayValue(new byte[] {1}))));

        WireRecord out = awaitEmitted(1).get(0);
        assertThat((String) value(out, "failure.message")).contains("property 'image' is BYTE_ARRAY");
        verify(scheduler, never()).submit(any());
    }

    @Test
    void aStringPropertyCarriesAWindowOfNumbersAndABadOneIsNamed() {
        start(Map.of("input.properties", "window,on"));
        component.onWireReceive(WireFakes.envelope(
                record("window", TypedValues.newStringValue("0.5, 1,2e-1"), "on", TypedValues.newBooleanValue(true)),
                record("window", TypedValues.newStringValue("0.5,abc"), "on", TypedValues.newBooleanValue(false))));

        assertThat(submitted).singleElement()
                .satisfies(task -> assertThat(task.input().values()).containsExactly(0.5f, 1f, 0.2f, 1f));
        futures.get(0).complete(result(submitted.get(0).id(), 0.5f));
        List<WireRecord> out = awaitEmitted(1);
        assertThat(out).hasSize(2);
        assertThat(value(out.get(0), "status")).isEqualTo("COMPLETED");
        assertThat((String) value(out.get(1), "failure.message")).contains("property 'window' = '0.5,abc'")
                .contains("value 2 ('abc') is not a number");
    }

    @Test
    void oneEnvelopeInGivesOneEnvelopeOutWithTheRecordsInTheirOrder() {
        start(Map.of("input.properties", "x"));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1)),
                record("x", TypedValues.newDoubleValue(2)), record("x", TypedValues.newDoubleValue(3))));
        assertThat(submitted).hasSize(3);
        // Outcomes in reverse order: the record order is the envelope's, not the completion order.
        futures.get(2).complete(result(submitted.get(2).id(), 3f));
        futures.get(1).complete(result(submitted.get(1).id(), 2f));
        assertThat(helper.support.emitted).as("sent once every outcome is in").isEmpty();
        futures.get(0).complete(result(submitted.get(0).id(), 1f));

        List<WireRecord> out = awaitEmitted(1);
        List<Object> outputs = new ArrayList<>();
        out.forEach(r -> outputs.add(value(r, "output")));
        assertThat(outputs).containsExactly(1f, 2f, 3f);
        assertThat(helper.support.emitted).hasSize(1);
    }

    @Test
    void theEstimateOfThePlacementIsSentWhenTheSchedulerKnowsIt() {
        io.aiosedge.api.scheduler.Explanation explanation = mock(io.aiosedge.api.scheduler.Explanation.class,
                org.mockito.Mockito.RETURNS_DEEP_STUBS);
        when(explanation.assignment().placed()).thenReturn(true);
        when(explanation.table().completionMillis(org.mockito.ArgumentMatchers.anyInt(),
                org.mockito.ArgumentMatchers.anyInt())).thenReturn(4.0);
        when(scheduler.explain(anyString())).thenReturn(Optional.of(explanation));
        start(Map.of("input.properties", "x"));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1))));
        futures.get(0).complete(result(submitted.get(0).id(), 1f));

        WireRecord out = awaitEmitted(1).get(0);
        assertThat(value(out, "estimate.ms")).isEqualTo(4.0);
        assertThat(value(out, "estimate.error.ms")).isEqualTo(0.5);
    }

    @Test
    void forwardingCanBeTurnedOffAndNeverPassesAnUpstreamResultForOurs() {
        start(Map.of("input.properties", "x"));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1), "score",
                TypedValues.newDoubleValue(99), "output.7", TypedValues.newFloatValue(9f), "site",
                TypedValues.newStringValue("north"))));
        TaskResult noScore = new TaskResult(submitted.get(0).id(), "gateway", NodeKind.LOCAL, "m", new float[] {2f},
                0, 0, 1, 0, true, Double.NaN, Double.NaN, false, false, Map.of());
        futures.get(0).complete(noScore);
        WireRecord out = awaitEmitted(1).get(0);
        assertThat(out.getProperties()).containsKey("site").doesNotContainKeys("score", "output.7", "confidence");
        component.deactivate();

        start(Map.of("input.properties", "x", "forward.properties", false));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1), "site",
                TypedValues.newStringValue("north"))));
        futures.get(1).complete(result(submitted.get(1).id(), 1f));
        assertThat(awaitEmitted(2).get(0).getProperties()).doesNotContainKey("site");
    }

    @Test
    void wireAdminCallsGoToTheWireSupport() {
        start(Map.of());
        org.osgi.service.wireadmin.Wire[] wires = new org.osgi.service.wireadmin.Wire[0];
        component.consumersConnected(wires);
        component.producersConnected(wires);
        component.updated(null, "value");
        assertThat(helper.support.consumers).isSameAs(wires);
        assertThat(helper.support.producers).isSameAs(wires);
        assertThat(helper.support.updatedValues).containsExactly("value");
        assertThat(component.polled(null)).isEqualTo("polled");
    }

    @Test
    void stopWaitsForOutcomesDueThenEndsItsThreadAndSendsNoMore() throws Exception {
        start(Map.of("input.properties", "x", "drain.timeout.ms", 2000L));
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1))));
        Thread completer = new Thread(() -> {
            sleep(200);
            futures.get(0).complete(result(submitted.get(0).id(), 1f));
        });
        completer.start();

        component.deactivate();
        completer.join();

        assertThat(helper.support.emitted).as("the outcome due at stop was sent").hasSize(1);
        assertThat(threadsNamed(AiosTaskComponent.THREAD_NAME_PREFIX)).isEmpty();
        component.onWireReceive(WireFakes.envelope(record("x", TypedValues.newDoubleValue(1))));
        assertThat(submitted).as("no task after stop").hasSize(1);
        component = null;
    }

    @Test
    void anEmptyEnvelopeRunsNothingAndSendsNothing() {
        start(Map.of());
        component.onWireReceive(WireFakes.envelope());
        component.onWireReceive(null);
        verify(scheduler, never()).submit(any());
        assertThat(helper.support.emitted).isEmpty();
    }

    private static List<String> threadsNamed(String prefix) {
        List<String> names = new ArrayList<>();
        Thread.getAllStackTraces().keySet().forEach(t -> {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                names.add(t.getName());
            }
        });
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
