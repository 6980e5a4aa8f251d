package io.aiosedge.scheduler.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.Task;

class NodeRosterTest {

    private final NodeRoster roster = new NodeRoster();

    private static NodeState state(String id, NodeKind kind) {
        return new NodeState(new Node(id, kind, kind == NodeKind.LOCAL ? "" : "inference", 4, 2, 1e9, 0, List.of(),
                Set.of()), true, 0, 0, 0, 0);
    }

    private static TaskRecord record(String id) {
        Task task = Task.builder(id, "anomaly").input(new float[] {1, 2, 3, 4}, 1, 4).build();
        return new TaskRecord(task, 1, 0);
    }

    @Test
    void theGatewayComesFirstAndARemoteStateClaimingToBeLocalIsIgnored() {
        assertThat(roster.refresh(state("gw", NodeKind.LOCAL),
                List.of(state("cloud", NodeKind.CLOUD), state("gw", NodeKind.PEER), state("x", NodeKind.LOCAL))))
                .isNull();
        assertThat(roster.list()).extracting(NodeRuntime::id).containsExactly("gw", "cloud");
        assertThat(roster.local().id()).isEqualTo("gw");
        assertThat(roster.get("cloud").state.kind()).isEqualTo(NodeKind.CLOUD);
    }

    @Test
    void aNodeThatLeftGivesBackItsQueuedTasksAndStaysWhileItsTasksRun() {
        roster.refresh(state("gw", NodeKind.LOCAL), List.of(state("peer", NodeKind.PEER)));
        NodeRuntime peer = roster.get("peer");
        TaskRecord queued = record("q");
        TaskRecord running = record("r");
        peer.queue.add(queued);
        peer.queuedMillis = 12;
        peer.running.add(running);

        List<TaskRecord> orphans = roster.refresh(state("gw", NodeKind.LOCAL), List.of());
        assertThat(orphans).containsExactly(queued);
        assertThat(peer.queue).isEmpty();
        assertThat(peer.queuedMillis).isZero();
        assertThat(peer.present).isFalse();
        assertThat(roster.list()).extracting(NodeRuntime::id).containsExactly("gw", "peer");

        roster.removeIfGone(peer);
        assertThat(roster.get("peer")).isSameAs(peer); // still running there
        peer.running.clear();
        roster.removeIfGone(peer);
        assertThat(roster.get("peer")).isNull();
        assertThat(roster.list()).extracting(NodeRuntime::id).containsExactly("gw");
    }

    @Test
    void aNodeThatComesBackKeepsItsBookKeepingAndTakesTheNewState() {
        roster.refresh(null, List.of(state("peer", NodeKind.PEER)));
        NodeRuntime peer = roster.get("peer");
        peer.running.add(record("r"));
        roster.refresh(null, List.of());
        NodeState again = state("peer", NodeKind.PEER);
        roster.refresh(null, List.of(again));
        assertThat(roster.get("peer")).isSameAs(peer);
        assertThat(peer.state).isSameAs(again);
        assertThat(peer.present).isTrue();
        assertThat(roster.local()).isNull();
    }
}
