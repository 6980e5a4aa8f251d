package io.aiosedge.scheduler.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Assignment;
import io.aiosedge.api.scheduler.CostTable;
import io.aiosedge.api.scheduler.Estimate;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Placement;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.Task;

/** Every built-in policy on hand-made cost tables: no OSGi, no engine. */
class PoliciesTest {

    private static final NodeState GATEWAY = state("gw", NodeKind.LOCAL, 2);
    private static final NodeState PEER = state("peer", NodeKind.PEER, 2);
    private static final NodeState CLOUD = state("cloud", NodeKind.CLOUD, 8);

    private static NodeState state(String id, NodeKind kind, int slots) {
        return new NodeState(new Node(id, kind, kind == NodeKind.LOCAL ? "" : "inference", 4, slots, 1e9, 0, List.of(),
                Set.of()), true, 0, 0, 0, 0);
    }

    private static Task task(String id, long deadline) {
        return Task.builder(id, "k").edgeModel("small").inputRef("r", 10).deadline(deadline).build();
    }

    private static Estimate completes(double millis) {
        return new Estimate(true, 0, 0, millis, 0, 0, 0, "prior");
    }

    /** One row per task: completion ms per node (gw, peer, cloud); NaN = not allowed. */
    private static CostTable table(double[]... rows) {
        List<Task> tasks = new ArrayList<>();
        Estimate[][] estimates = new Estimate[rows.length][];
        for (int j = 0; j < rows.length; j++) {
            tasks.add(task("t" + j, 1_000 + 100));
            estimates[j] = new Estimate[rows[j].length];
            for (int i = 0; i < rows[j].length; i++) {
                estimates[j][i] = Double.isNaN(rows[j][i]) ? Estimate.notAllowed("test") : completes(rows[j][i]);
            }
        }
        return new CostTable(1_000, tasks, List.of(GATEWAY, PEER, CLOUD), estimates, new double[] {1e9, 1e9, 1e9});
    }

    private static PlacementPolicy policy(String name) {
        return Policies.create(name, PolicyOptions.defaults());
    }

    private static List<Integer> nodes(Placement placement) {
        List<Integer> out = new ArrayList<>();
        placement.assignments().forEach(a -> out.add(a.node()));
        return out;
    }

    @Test
    void everyNameIsBuiltInAndUnknownNamesAreNot() {
        for (String name : Policies.NAMES) {
            assertThat(policy(name).name()).isEqualTo(name);
        }
        assertThat(Policies.create("fastest-guess", PolicyOptions.defaults())).isNull();
    }

    @Test
    void localOnlyKeepsEverythingHome() {
        assertThat(nodes(policy(Policies.LOCAL_ONLY).place(table(new double[] {50, 5, 5}, new double[] {NaN(), 1, 1}))))
                .containsExactly(0, -1);
    }

    @Test
    void cloudOnlyUsesTheCloudAndFallsBackHomeWhenItIsNotAllowed() {
        assertThat(nodes(policy(Policies.CLOUD_ONLY).place(table(new double[] {1, 1, 90}, new double[] {4, 1, NaN()}))))
                .containsExactly(2, 0);
    }

    @Test
    void roundRobinCyclesOverAllowedNodes() {
        CostTable table = table(new double[] {1, 1, 1}, new double[] {1, 1, 1}, new double[] {1, NaN(), 1},
                new double[] {1, 1, 1});
        assertThat(nodes(policy(Policies.ROUND_ROBIN).place(table))).containsExactly(0, 1, 2, 0);
    }

    @Test
    void randomOnlyPicksAllowedNodesAndUsesThemAll() {
        PlacementPolicy random = policy(Policies.RANDOM);
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < 200; k++) {
            int node = random.place(table(new double[] {1, NaN(), 1})).get(0).node();
            assertThat(node).isIn(0, 2);
            seen.add(node);
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void minCompletionPicksTheEarliestFinishAndPrefersHomeOnANearTie() {
        assertThat(nodes(policy(Policies.MIN_COMPLETION).place(table(new double[] {40, 30, 12},
                new double[] {10.05, 10, 30}, new double[] {NaN(), NaN(), NaN()})))).containsExactly(2, 0, -1);
    }

    @Test
    void minCompletionSpreadsAWindowByAddingEachChoiceToItsNode() {
        // Three equal tasks; the cloud is fastest but each task placed there delays the next (2 slots -> +5 ms).
        CostTable table = table(new double[] {14, 50, 10}, new double[] {14, 50, 10}, new double[] {14, 50, 10});
        Placement placement = policy(Policies.MIN_COMPLETION).place(table);
        assertThat(nodes(placement)).containsExactly(2, 2, 2);
        CostTable slow = new CostTable(1_000, table.tasks(), List.of(GATEWAY, PEER, state("cloud", NodeKind.CLOUD, 1)),
                new Estimate[][] {{completes(14), completes(50), completes(10)},
                        {completes(14), completes(50), completes(10)}, {completes(14), completes(50), completes(10)}},
                new double[] {1e9, 1e9, 1e9});
        assertThat(nodes(policy(Policies.MIN_COMPLETION).place(slow))).containsExactly(2, 0, 2);
    }

    @Test
    void batchOptimalRespectsCapacityWhereGreedyWouldNot() {
        // Two tasks both fastest on the cloud, but the cloud has room (slot-ms) for one only.
        List<Task> tasks = List.of(task("a", Long.MAX_VALUE), task("b", Long.MAX_VALUE));
        Estimate[][] estimates = {
                {new Estimate(true, 0, 0, 30, 0, 0, 0, "p"), Estimate.notAllowed("x"), new Estimate(true, 0, 0, 10, 0, 0, 0, "p")},
                {new Estimate(true, 0, 0, 20, 0, 0, 0, "p"), Estimate.notAllowed("x"), new Estimate(true, 0, 0, 10, 0, 0, 0, "p")}};
        CostTable table = new CostTable(1_000, tasks, List.of(GATEWAY, PEER, CLOUD), estimates, new double[] {100, 100, 15});
        // Optimal: a (loses 20 away from the cloud) stays on the cloud, b (loses 10) goes home.
        assertThat(nodes(policy(Policies.BATCH_OPTIMAL).place(table))).containsExactly(2, 0);
        assertThat(policy(Policies.BATCH_OPTIMAL).batching()).isTrue();
    }

    @Test
    void batchOptimalAvoidsDeadlineMissesThroughThePenalty() {
        List<Task> tasks = List.of(task("a", 1_000 + 20));
        Estimate[][] estimates = {{completes(25), completes(200), completes(19)}};
        CostTable table = new CostTable(1_000, tasks, List.of(GATEWAY, PEER, CLOUD), estimates, new double[] {1e3, 1e3, 1e3});
        assertThat(nodes(policy(Policies.BATCH_OPTIMAL).place(table))).containsExactly(2);
    }

    @Test
    void jointInferenceRunsTheEdgeModelHomeAndEscalatesToTheFastestRemote() {
        Assignment assignment = policy(Policies.JOINT_INFERENCE).place(table(new double[] {50, 30, 12})).get(0);
        assertThat(assignment.node()).isZero();
        assertThat(assignment.model()).isEqualTo("small");
        assertThat(assignment.escalationNode()).isEqualTo(2);
        assertThat(assignment.escalateBelowConfidence()).isEqualTo(0.8);
        Assignment homeOnly = policy(Policies.JOINT_INFERENCE).place(table(new double[] {50, NaN(), NaN()})).get(0);
        assertThat(homeOnly.escalationNode()).isZero();
    }

    @Test
    void jointInferencePlacesTasksWithoutEdgeModelByCompletion() {
        List<Task> tasks = List.of(Task.builder("plain", "k").inputRef("r", 1).build());
        CostTable table = new CostTable(1_000, tasks, List.of(GATEWAY, PEER, CLOUD),
                new Estimate[][] {{completes(50), completes(30), completes(12)}}, new double[] {1, 1, 1});
        Assignment assignment = policy(Policies.JOINT_INFERENCE).place(table).get(0);
        assertThat(assignment.node()).isEqualTo(2);
        assertThat(assignment.escalates()).isFalse();
    }

    private static double NaN() {
        return Double.NaN;
    }
}
