package io.aiosedge.scheduler.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.FailureReason;
import io.aiosedge.api.scheduler.LearnedEstimate;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.SchedulerStatistics;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskState;
import io.aiosedge.scheduler.internal.policy.Policies;
import io.aiosedge.scheduler.internal.policy.PolicyOptions;

class SchedulerEngineTest {

    private final Fixture fixture = new Fixture();

    private static io.aiosedge.api.scheduler.PlacementPolicy policy(String name) {
        return Policies.create(name, PolicyOptions.defaults());
    }

    private static FailureReason reasonOf(CompletionStage<TaskResult> stage) {
        CompletableFuture<TaskResult> future = stage.toCompletableFuture();
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
        } catch (RuntimeException e) {
            return ((TaskFailedException) e.getCause()).reason();
        }
        throw new AssertionError("not failed");
    }

    private static TaskResult resultOf(CompletionStage<TaskResult> stage) {
        CompletableFuture<TaskResult> future = stage.toCompletableFuture();
        assertThat(future).isCompleted();
        return future.join();
    }

    private void useOneLocalSlot() {
        fixture.local = new NodeState(new Node("gw", NodeKind.LOCAL, "", 4, 1, 1e9, 0, List.of(), Set.of()), true, 0, 0,
                0, Fixture.START);
    }

    @Test
    void queueRunsByPriorityThenEarliestDeadline() {
        useOneLocalSlot();
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY));
        long now = Fixture.START;
        engine.submit(Fixture.task("a").build());
        engine.submit(Fixture.task("b").priority(7).deadline(now + 60_000).build());
        engine.submit(Fixture.task("c").priority(2).deadline(now + 10_000).build());
        engine.submit(Fixture.task("d").priority(2).deadline(now + 5_000).build());
        Fixture.RecordingExecutor gw = fixture.executor("gw");
        assertThat(gw.ids()).containsExactly("a");
        assertThat(engine.active()).extracting(s -> s.taskId()).containsExactly("d", "c", "a", "b");

        gw.run("a").finish(1, 0.1f);
        gw.run("d").finish(1, 0.1f);
        gw.run("c").finish(1, 0.1f);
        assertThat(gw.ids()).containsExactly("a", "d", "c", "b");
    }

    @Test
    void admissionRejectsATaskNoNodeCanFinishInTimeAndSaysWhy() {
        SchedulerEngine engine = fixture.engine(policy(Policies.MIN_COMPLETION));
        CompletionStage<TaskResult> stage = engine.submit(
                Fixture.task("late").instructions(1e9).deadline(Fixture.START + 50).build());
        assertThat(reasonOf(stage)).isEqualTo(FailureReason.DEADLINE_UNREACHABLE);
        assertThat(engine.status("late").orElseThrow().detail()).contains("cloud").contains("deadline in 50 ms");
        assertThat(fixture.executor("gw").runs).isEmpty();
        assertThat(fixture.executor("cloud").runs).isEmpty();
    }

    @Test
    void admissionDegradesToTheEdgeModelWhenOnlyItMeetsTheDeadline() {
        fixture.link = new LinkState(false, 20, 1_000_000, Fixture.START);
        SchedulerEngine engine = fixture.engine(policy(Policies.MIN_COMPLETION));
        // Full model on the gateway: 1000 ms; edge model (0.25 of it): 250 ms; deadline in 300 ms.
        CompletionStage<TaskResult> stage = engine.submit(Fixture.task("t").instructions(1e9).edgeModel("small")
                .deadline(Fixture.START + 300).build());
        Fixture.RecordingExecutor.Run run = fixture.executor("gw").run("t");
        assertThat(run.model()).isEqualTo("small");
        run.finish(240, 0.3f);
        TaskResult result = resultOf(stage);
        assertThat(result.degraded()).isTrue();
        assertThat(result.model()).isEqualTo("small");
        assertThat(engine.statistics().degraded()).isEqualTo(1);
    }

    @Test
    void degradationCanBeSwitchedOff() {
        fixture.link = new LinkState(false, 20, 1_000_000, Fixture.START);
        SchedulerEngine engine = fixture.engine(policy(Policies.MIN_COMPLETION),
                SchedulerOptions.defaults().withDegrade(false));
        CompletionStage<TaskResult> stage = engine.submit(Fixture.task("t").instructions(1e9).edgeModel("small")
                .deadline(Fixture.START + 300).build());
        assertThat(reasonOf(stage)).isEqualTo(FailureReason.DEADLINE_UNREACHABLE);
    }

    @Test
    void aFullQueueRefusesWithQueueFull() {
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY),
                SchedulerOptions.defaults().withQueueCapacity(2));
        engine.submit(Fixture.task("1").build());
        engine.submit(Fixture.task("2").build());
        assertThat(reasonOf(engine.submit(Fixture.task("3").build()))).isEqualTo(FailureReason.QUEUE_FULL);
        fixture.executor("gw").run("1").finish(1, 0f);
        assertThat(engine.submit(Fixture.task("4").build()).toCompletableFuture()).isNotDone();
    }

    @Test
    void minCompletionOffloadsHeavyWorkAndFallsBackToTheGatewayWhenTheLinkIsDown() {
        SchedulerEngine engine = fixture.engine(policy(Policies.MIN_COMPLETION));
        // 10^8 instructions: 100 ms on the gateway, 10 ms + 2 x ~10 ms transfer on the cloud.
        engine.submit(Fixture.task("heavy").instructions(1e8).build());
        assertThat(fixture.executor("cloud").ids()).containsExactly("heavy");
        // 10^6 instructions: 1 ms at home beats any transfer.
        engine.submit(Fixture.task("light").instructions(1e6).build());
        assertThat(fixture.executor("gw").ids()).containsExactly("light");

        fixture.link = new LinkState(false, 20, 1_000_000, Fixture.START);
        engine.submit(Fixture.task("heavy-offline").instructions(1e8).build());
        assertThat(fixture.executor("gw").ids()).contains("heavy-offline");
        assertThat(engine.explain("heavy-offline").orElseThrow().table().estimate(0, 1).note())
                .isEqualTo("cloud link down");
    }

    @Test
    void edgeOnlyTasksNeverLeaveTheGateway() {
        for (String name : Policies.NAMES) {
            Fixture local = new Fixture();
            SchedulerEngine engine = local.engine(policy(name), SchedulerOptions.defaults().withBatch(5, 1));
            engine.submit(Fixture.task("private").instructions(1e8).edgeModel("small").locality(Locality.EDGE_ONLY)
                    .build());
            assertThat(local.executor("cloud").runs).as(name).isEmpty();
            assertThat(local.executor("gw").ids()).as(name).containsExactly("private");
        }
    }

    @Test
    void anOffloadThatFailsOnTheNetworkRunsOnTheGateway() {
        SchedulerEngine engine = fixture.engine(policy(Policies.MIN_COMPLETION));
        CompletionStage<TaskResult> stage = engine.submit(Fixture.task("t").instructions(1e8).build());
        fixture.executor("cloud").run("t").fail(new TimeoutException("no reply in 2 s"));
        fixture.executor("gw").run("t").finish(90, 0.2f);
        TaskResult result = resultOf(stage);
        assertThat(result.nodeId()).isEqualTo("gw");
        assertThat(engine.status("t").orElseThrow().detail()).contains("offload to cloud failed");
    }

    @Test
    void anExecutionErrorFailsTheTaskWithTheReason() {
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY));
        CompletionStage<TaskResult> stage = engine.submit(Fixture.task("t").build());
        fixture.executor("gw").run("t").fail(new IllegalArgumentException("shape [1, 4] does not match [1, 8]"));
        assertThat(reasonOf(stage)).isEqualTo(FailureReason.EXECUTION_FAILED);
        assertThat(engine.status("t").orElseThrow().detail()).contains("shape [1, 4]");
    }

    @Test
    void computeTimesAreLearnedPerKindAndNode() {
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY));
        for (int k = 0; k < 6; k++) {
            engine.submit(Fixture.task("t" + k).instructions(1e7).build()); // prior 10 ms
            fixture.executor("gw").run("t" + k).finish(30, 0f);
        }
        LearnedEstimate learned = engine.learnedEstimates().get(0);
        assertThat(learned.kind()).isEqualTo("anomaly");
        assertThat(learned.nodeId()).isEqualTo("gw");
        assertThat(learned.samples()).isEqualTo(6);
        assertThat(learned.meanComputeMillis()).isCloseTo(30, within(1e-6));
        engine.submit(Fixture.task("next").instructions(2e7).build());
        Explanation explanation = engine.explain("next").orElseThrow();
        // Learned ratio 3 applied to the new task's prior of 20 ms.
        assertThat(explanation.table().estimate(0, 0).computeMillis()).isCloseTo(60, within(1e-6));
        assertThat(explanation.table().estimate(0, 0).note()).isEqualTo("learned");
    }

    @Test
    void batchWindowCollectsTasksAndIsDecidedWhenTheWindowCloses() {
        SchedulerEngine engine = fixture.engine(policy(Policies.BATCH_OPTIMAL),
                SchedulerOptions.defaults().withBatch(20, 100));
        engine.submit(Fixture.task("a").instructions(1e8).build());
        engine.submit(Fixture.task("b").instructions(1e6).build());
        assertThat(engine.status("a").orElseThrow().state()).isEqualTo(TaskState.QUEUED);
        assertThat(fixture.executor("gw").runs).isEmpty();
        fixture.clock.advance(20);
        assertThat(fixture.executor("cloud").ids()).containsExactly("a");
        assertThat(fixture.executor("gw").ids()).containsExactly("b");
        assertThat(engine.explain("a").orElseThrow().policy()).isEqualTo(Policies.BATCH_OPTIMAL);
        assertThat(engine.explain("a").orElseThrow().assignment().note()).contains("GAP 2 tasks x 2 nodes");
    }

    @Test
    void switchingPolicyDecidesTheCollectedWindowAtOnceWithoutLosingTasks() {
        SchedulerEngine engine = fixture.engine(policy(Policies.BATCH_OPTIMAL),
                SchedulerOptions.defaults().withBatch(1_000, 100));
        List<CompletionStage<TaskResult>> stages = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            stages.add(engine.submit(Fixture.task("w" + k).build()));
        }
        assertThat(engine.statistics().queued()).isEqualTo(3);
        engine.setPolicy(policy(Policies.LOCAL_ONLY));
        assertThat(fixture.executor("gw").ids()).containsExactly("w0", "w1");
        for (int k = 0; k < 3; k++) {
            fixture.executor("gw").run("w" + k).finish(1, 0f);
        }
        stages.forEach(s -> assertThat(resultOf(s).nodeId()).isEqualTo("gw"));
        assertThat(engine.explain("w2").orElseThrow().policy()).isEqualTo(Policies.LOCAL_ONLY);
    }

    @Test
    void jointInferenceEscalatesUnsureEdgeAnswersAndCountsTheShare() {
        SchedulerEngine engine = fixture.engine(policy(Policies.JOINT_INFERENCE));
        CompletionStage<TaskResult> unsure = engine.submit(Fixture.task("unsure").edgeModel("small").build());
        CompletionStage<TaskResult> sure = engine.submit(Fixture.task("sure").edgeModel("small").build());
        assertThat(fixture.executor("gw").run("unsure").model()).isEqualTo("small");
        fixture.executor("gw").run("unsure").finish(2, 0.6f); // confidence 0.6 < 0.8
        fixture.executor("gw").run("sure").finish(2, 0.02f); // confidence 0.98
        Fixture.RecordingExecutor.Run escalation = fixture.executor("cloud").run("unsure");
        assertThat(escalation.model()).isEqualTo("anomaly");
        escalation.finish(5, 0.9f);

        TaskResult escalated = resultOf(unsure);
        assertThat(escalated.escalated()).isTrue();
        assertThat(escalated.nodeId()).isEqualTo("cloud");
        assertThat(escalated.computeMillis()).isEqualTo(7);
        assertThat(resultOf(sure).escalated()).isFalse();
        SchedulerStatistics statistics = engine.statistics();
        assertThat(statistics.jointInferenceTasks()).isEqualTo(2);
        assertThat(statistics.escalatedShare()).isEqualTo(0.5);
    }

    @Test
    void aGatewayWithOnlyTheEdgeModelStillAnswersFirstAndEscalates() {
        // the gateway serves "small" only: the full model "anomaly" may run in the cloud alone
        fixture.local = new NodeState(new Node("gw", NodeKind.LOCAL, "", 4, 2, 1e9, 0, List.of(), Set.of("small")),
                true, 0, 0, 0, Fixture.START);
        SchedulerEngine engine = fixture.engine(policy(Policies.JOINT_INFERENCE));
        CompletionStage<TaskResult> unsure = engine.submit(Fixture.task("unsure").edgeModel("small").build());
        assertThat(fixture.executor("gw").run("unsure").model()).isEqualTo("small");
        assertThat(fixture.executor("cloud").ids()).as("nothing sent to the cloud before the edge answer").isEmpty();
        fixture.executor("gw").run("unsure").finish(2, 0.6f);
        fixture.executor("cloud").run("unsure").finish(5, 0.9f);
        assertThat(resultOf(unsure).escalated()).isTrue();
        assertThat(resultOf(unsure).nodeId()).isEqualTo("cloud");
        // a task without an edge model still cannot run on that gateway: it goes to the cloud
        CompletionStage<TaskResult> full = engine.submit(Fixture.task("full").build());
        fixture.executor("cloud").run("full").finish(5, 0.9f);
        assertThat(resultOf(full).nodeId()).isEqualTo("cloud");
        assertThat(fixture.executor("gw").ids()).containsExactly("unsure");
    }

    @Test
    void completionListenersSeeEveryResultAndTheEdgeAnswerOfEscalatedTasks() {
        List<TaskCompletion> seen = new ArrayList<>();
        fixture.listeners.add(c -> {
            throw new IllegalStateException("a broken listener must not stop the others");
        });
        fixture.listeners.add(seen::add);
        SchedulerEngine engine = fixture.engine(policy(Policies.JOINT_INFERENCE));
        CompletionStage<TaskResult> unsure = engine.submit(Fixture.task("unsure").edgeModel("small").build());
        engine.submit(Fixture.task("sure").edgeModel("small").build());
        engine.submit(Fixture.task("lost").edgeModel("small").build());
        fixture.executor("gw").run("unsure").finish(2, 0.6f);
        fixture.executor("gw").run("sure").finish(2, 0.02f);
        assertThat(seen).extracting(c -> c.task().id()).containsExactly("sure");
        fixture.executor("cloud").run("unsure").finish(5, 0.9f);
        fixture.executor("gw").run("lost").finish(2, 0.5f);
        fixture.executor("cloud").run("lost").fail(new IllegalStateException("model crashed"));

        assertThat(seen).extracting(c -> c.task().id()).containsExactly("sure", "unsure", "lost");
        TaskCompletion escalated = seen.get(1);
        assertThat(escalated.result()).isEqualTo(resultOf(unsure));
        assertThat(escalated.edgeResult().output()).containsExactly(0.6f);
        assertThat(escalated.edgeResult().model()).isEqualTo("small");
        assertThat(escalated.result().output()).containsExactly(0.9f);
        assertThat(escalated.task().input()).isNotNull();
        assertThat(seen.get(0).edgeResult()).isNull();
        // A failed escalation keeps the edge answer: nothing to learn from, no edge result.
        assertThat(seen.get(2).result().escalated()).isFalse();
        assertThat(seen.get(2).edgeResult()).isNull();
    }

    @Test
    void aFailedEscalationKeepsTheEdgeAnswer() {
        SchedulerEngine engine = fixture.engine(policy(Policies.JOINT_INFERENCE));
        CompletionStage<TaskResult> stage = engine.submit(Fixture.task("t").edgeModel("small").build());
        fixture.executor("gw").run("t").finish(2, 0.55f);
        fixture.executor("cloud").run("t").fail(new TimeoutException("lost"));
        TaskResult result = resultOf(stage);
        assertThat(result.nodeId()).isEqualTo("gw");
        assertThat(result.attributes()).containsKey("escalation.failed");
    }

    @Test
    void drainingRefusesNewTasksAndWaitsForAcceptedOnes() throws InterruptedException {
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY));
        CompletionStage<TaskResult> accepted = engine.submit(Fixture.task("accepted").build());
        engine.beginDrain();
        assertThat(reasonOf(engine.submit(Fixture.task("late").build()))).isEqualTo(FailureReason.SHUTDOWN);
        assertThat(engine.awaitIdle(0)).isFalse();
        fixture.executor("gw").run("accepted").finish(1, 0f);
        assertThat(engine.awaitIdle(0)).isTrue();
        assertThat(resultOf(accepted).nodeId()).isEqualTo("gw");
    }

    @Test
    void aTaskWhoseDeadlinePassesInTheQueueFailsAsExpired() {
        useOneLocalSlot();
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY));
        engine.submit(Fixture.task("first").build());
        CompletionStage<TaskResult> waiting = engine.submit(Fixture.task("waiting").deadline(Fixture.START + 500).build());
        fixture.clock.advance(1_000);
        fixture.executor("gw").run("first").finish(1_000, 0f);
        assertThat(reasonOf(waiting)).isEqualTo(FailureReason.DEADLINE_EXPIRED);
    }

    @Test
    void withoutAnyExecutorForTheGatewayAnEdgeOnlyTaskHasNoNode() {
        fixture.executors.remove("gw");
        SchedulerEngine engine = fixture.engine(policy(Policies.MIN_COMPLETION));
        CompletionStage<TaskResult> stage = engine.submit(Fixture.task("t").locality(Locality.EDGE_ONLY).build());
        assertThat(reasonOf(stage)).isEqualTo(FailureReason.NO_NODE);
        assertThat(engine.status("t").orElseThrow().detail()).contains("no executor reaches LOCAL node gw");
    }

    @Test
    void cancelFailsAQueuedTaskButNotARunningOne() {
        useOneLocalSlot();
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY));
        engine.submit(Fixture.task("running").build());
        CompletionStage<TaskResult> queued = engine.submit(Fixture.task("queued").build());
        assertThat(engine.cancel("running")).isFalse();
        assertThat(engine.cancel("queued")).isTrue();
        assertThat(reasonOf(queued)).isEqualTo(FailureReason.CANCELLED);
        fixture.executor("gw").run("running").finish(1, 0f);
        assertThat(fixture.executor("gw").ids()).containsExactly("running");
    }

    @Test
    void aDuplicateIdIsRefusedWhileTheFirstIsActive() {
        SchedulerEngine engine = fixture.engine(policy(Policies.LOCAL_ONLY));
        engine.submit(Fixture.task("same").build());
        assertThat(reasonOf(engine.submit(Fixture.task("same").build()))).isEqualTo(FailureReason.DUPLICATE_ID);
    }

    @Test
    void tasksQueuedForANodeThatDisappearsArePlacedAgain() {
        SchedulerEngine engine = fixture.engine(policy(Policies.CLOUD_ONLY));
        NodeState cloud = fixture.remote.get("cloud");
        fixture.remote.put("cloud", new NodeState(new Node("cloud", NodeKind.CLOUD, "inference", 32, 1, 1e10, 0,
                List.of(), Set.of()), true, 0, 0, 0, Fixture.START));
        engine.submit(Fixture.task("on-cloud").build());
        CompletionStage<TaskResult> queued = engine.submit(Fixture.task("queued-for-cloud").build());
        assertThat(fixture.executor("cloud").ids()).containsExactly("on-cloud");
        fixture.remote.clear();
        engine.submit(Fixture.task("trigger").build());
        assertThat(fixture.executor("gw").ids()).contains("queued-for-cloud");
        fixture.executor("gw").run("queued-for-cloud").finish(1, 0f);
        assertThat(resultOf(queued).nodeId()).isEqualTo("gw");
        assertThat(cloud).isNotNull();
    }

    @Test
    void everySubmittedTaskCompletesWhateverHappens() {
        SplittableRandom random = new SplittableRandom(7);
        for (String name : Policies.NAMES) {
            Fixture world = new Fixture();
            SchedulerEngine engine = world.engine(policy(name), SchedulerOptions.defaults().withQueueCapacity(40)
                    .withBatch(10, 8));
            List<CompletableFuture<TaskResult>> futures = new ArrayList<>();
            for (int k = 0; k < 300; k++) {
                int action = random.nextInt(10);
                if (action < 5) {
                    long deadline = random.nextBoolean() ? Long.MAX_VALUE : world.clock.nowMillis() + random.nextInt(400);
                    futures.add(engine.submit(Fixture.task(name + k).instructions(random.nextInt(3) * 5e7)
                            .edgeModel(random.nextBoolean() ? "small" : "")
                            .locality(random.nextInt(4) == 0 ? Locality.EDGE_ONLY : Locality.ANY)
                            .deadline(deadline).build()).toCompletableFuture());
                } else if (action < 8) {
                    finishSomething(world, random);
                } else if (action == 8) {
                    world.clock.advance(random.nextInt(50));
                } else {
                    world.link = new LinkState(random.nextBoolean(), 20, 1_000_000, world.clock.nowMillis());
                    engine.cancel(name + random.nextInt(k + 1));
                }
            }
            // Let everything finish.
            for (int round = 0; round < 10_000 && futures.stream().anyMatch(f -> !f.isDone()); round++) {
                world.clock.advance(50);
                finishSomething(world, random);
            }
            assertThat(futures).as(name).allMatch(CompletableFuture::isDone);
            assertThat(engine.activeCount()).as(name).isZero();
            SchedulerStatistics statistics = engine.statistics();
            long failed = statistics.failures().values().stream().mapToLong(Long::longValue).sum();
            assertThat(statistics.completed() + failed).as(name).isEqualTo(futures.size());
        }
    }

    private static void finishSomething(Fixture world, SplittableRandom random) {
        for (Fixture.RecordingExecutor executor : world.executors.values()) {
            List<Fixture.RecordingExecutor.Run> open = new ArrayList<>();
            synchronized (executor) {
                executor.runs.stream().filter(r -> !r.future().isDone()).forEach(open::add);
            }
            for (Fixture.RecordingExecutor.Run run : open) {
                int outcome = random.nextInt(10);
                if (outcome < 7) {
                    run.finish(random.nextInt(100), (float) random.nextDouble());
                } else if (outcome < 9) {
                    run.fail(new TimeoutException("lost"));
                } else {
                    run.fail(new IllegalStateException("model crashed"));
                }
            }
        }
    }
}
