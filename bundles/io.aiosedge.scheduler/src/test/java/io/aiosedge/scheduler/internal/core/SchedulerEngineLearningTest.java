package io.aiosedge.scheduler.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Calibration;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.scheduler.internal.policy.Policies;
import io.aiosedge.scheduler.internal.policy.PolicyOptions;

/** The synchronous decision, queue-aware remote costs, and what the engine learns from outcomes. */
class SchedulerEngineLearningTest {

    private final Fixture fixture = new Fixture();

    private SchedulerEngine engine(SchedulerOptions options) {
        return new SchedulerEngine(options, fixture.clock, fixture,
                Policies.create(Policies.MIN_COMPLETION, PolicyOptions.defaults()),
                new ExecutionHistory(options.learningAlpha(), options.learningHalfLifeMillis()));
    }

    private static Estimate estimateOn(Explanation explanation, String nodeId) {
        return explanation.table().estimate(explanation.taskIndex(), explanation.table().indexOf(nodeId));
    }

    private static String chosen(Explanation explanation) {
        return explanation.table().node(explanation.assignment().node()).id();
    }

    private static Task heavy(String id) {
        // 10^8 instructions: 100 ms on the gateway, 10 ms on the cloud plus ~2 x 10 ms of link.
        return Fixture.task(id).instructions(1e8).build();
    }

    @Test
    void decideShowsThePlacementWithoutRunningAndSubmitFollowsIt() {
        SchedulerEngine engine = engine(SchedulerOptions.defaults());
        Explanation decision = engine.decide(heavy("t"));
        assertThat(decision.assignment().placed()).isTrue();
        assertThat(chosen(decision)).isEqualTo("cloud");
        assertThat(fixture.executor("cloud").runs).isEmpty();
        assertThat(fixture.executor("gw").runs).isEmpty();
        assertThat(engine.active()).isEmpty();

        engine.submit(heavy("t"));
        assertThat(fixture.executor("cloud").ids()).containsExactly("t");
    }

    @Test
    void aRemoteSlotIsHeldForTransfersAndComputeSoQueuedOffloadsCountInTheWait() {
        fixture.remote.put("cloud", new NodeState(new Node("cloud", NodeKind.CLOUD, "inference", 32, 1, 1e10, 0,
                List.of(), Set.of()), true, 0, 0, 0, Fixture.START));
        SchedulerEngine engine = engine(SchedulerOptions.defaults());
        Estimate idle = estimateOn(engine.decide(heavy("probe")), "cloud");
        assertThat(idle.waitMillis()).isZero();
        double holding = idle.inputTransferMillis() + idle.computeMillis() + idle.outputTransferMillis();

        engine.submit(heavy("first"));
        assertThat(fixture.executor("cloud").ids()).containsExactly("first");
        Estimate behindOne = estimateOn(engine.decide(heavy("probe")), "cloud");
        // The one cloud slot is busy for the first task's transfers and compute, not only its compute.
        assertThat(behindOne.waitMillis()).isGreaterThan(idle.computeMillis())
                .isCloseTo(holding, within(0.25 * holding));
    }

    @Test
    void advertisedBusySlotsAndQueuedTasksOfOtherClientsCount() {
        SchedulerEngine engine = engine(SchedulerOptions.defaults());
        double idleWait = estimateOn(engine.decide(heavy("probe")), "cloud").waitMillis();
        fixture.remote.put("cloud", new NodeState(fixture.remote.get("cloud").node(), true, 1.0, 40, 0,
                Fixture.START));
        Explanation busy = engine.decide(heavy("probe"));
        assertThat(estimateOn(busy, "cloud").waitMillis()).isGreaterThan(idleWait + 10);
        // Forty queued tasks of 10 ms on 8 busy slots: the gateway (100 ms) is now the better place.
        assertThat(chosen(busy)).isEqualTo("gw");
    }

    @Test
    void predictionErrorsAreLearnedPerComponentAndShownInTheCalibration() {
        SchedulerEngine engine = engine(SchedulerOptions.defaults());
        CompletionStage<TaskResult> stage = engine.submit(Fixture.task("local").instructions(1e7).build());
        // Estimated 10 ms on the gateway; it took 30.
        fixture.clock.advance(30);
        fixture.executor("gw").run("local").finish(30, 0.1f);
        assertThat(stage.toCompletableFuture()).isCompleted();
        Calibration gw = engine.calibration().stream().filter(c -> c.nodeId().equals("gw")).findFirst().orElseThrow();
        assertThat(gw.samples()).isEqualTo(1);
        assertThat(gw.computeErrorMillis()).isCloseTo(20, within(1.0));
        assertThat(gw.computeAbsErrorMillis()).isCloseTo(20, within(1.0));
        assertThat(gw.computeFactor()).isCloseTo(3, within(0.1));
        // The next estimate for the kind on the gateway uses what was learned.
        Estimate next = estimateOn(engine.decide(Fixture.task("n").instructions(1e7).build()), "gw");
        assertThat(next.computeMillis()).isCloseTo(30, within(1.0));
    }

    @Test
    void aFailedOffloadIsAnOutcomeTheModelLearnsFrom() {
        SchedulerEngine engine = engine(SchedulerOptions.builder().fallbackLocally(true).build());
        double before = estimateOn(engine.decide(heavy("probe")), "cloud").completionMillis();
        engine.submit(heavy("t"));
        fixture.clock.advance(200);
        fixture.executor("cloud").run("t").fail(new java.io.IOException("worker went away"));
        Calibration cloud = engine.calibration().stream().filter(c -> c.nodeId().equals("cloud")).findFirst()
                .orElseThrow();
        assertThat(cloud.failureRate()).isGreaterThan(0);
        double after = estimateOn(engine.decide(heavy("probe")), "cloud").completionMillis();
        assertThat(after).as("the expected time lost to failures is part of the cost").isGreaterThan(before + 50);
    }

    @Test
    void aFailureOfTheGatewaysOwnConnectionIsNotHeldAgainstTheNode() {
        SchedulerEngine engine = engine(SchedulerOptions.builder().fallbackLocally(true).build());
        double before = estimateOn(engine.decide(heavy("probe")), "cloud").completionMillis();
        engine.submit(heavy("t"));
        fixture.executor("cloud").run("t").fail(new org.eclipse.kura.KuraNotConnectedException("broker gone"));
        assertThat(engine.calibration()).noneMatch(c -> c.nodeId().equals("cloud") && c.failureRate() > 0);
        assertThat(estimateOn(engine.decide(heavy("probe")), "cloud").completionMillis()).isCloseTo(before, within(1.0));
        assertThat(fixture.executor("gw").ids()).as("the task itself ran on the gateway").containsExactly("t");
    }

    @Test
    void anOptionThatLookedBadIsTriedAgainOnceItsCorrectionHasFaded() {
        SchedulerOptions options = SchedulerOptions.builder().learningHalfLifeMillis(10_000).build();
        SchedulerEngine engine = engine(options);
        // One slow draw on the cloud (10 ms estimated, 400 ms measured) is enough to make it look worse.
        engine.submit(heavy("slow"));
        fixture.executor("cloud").run("slow").finish(400, 0.1f);
        assertThat(chosen(engine.decide(heavy("probe")))).isEqualTo("gw");
        fixture.clock.advance(10_000);
        assertThat(chosen(engine.decide(heavy("probe")))).as("half of the deviation is left").isEqualTo("gw");
        // Without a new observation of the cloud the correction fades; after ten half-lives it is chosen again.
        fixture.clock.advance(100_000);
        assertThat(chosen(engine.decide(heavy("probe")))).isEqualTo("cloud");
    }
}
