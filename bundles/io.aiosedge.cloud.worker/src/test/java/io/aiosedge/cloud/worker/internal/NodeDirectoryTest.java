package io.aiosedge.cloud.worker.internal;

import static io.aiosedge.cloud.worker.internal.NodeAdvertisementTest.advertisement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.NodeAdvertisement;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;

class NodeDirectoryTest {

    private final FakeEndpoint endpoint = new FakeEndpoint("gw-1");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private NodeDirectory directory(Map<String, ?> properties) {
        return new NodeDirectory(TestConfigs.of(NodeDirectory.Config.class, properties), endpoint, nanos::get);
    }

    private void advertise(NodeAdvertisement a) {
        endpoint.deliver("aios/v1/t1/nodes/" + a.nodeId() + "/state", a.toPayload());
    }

    private static NodeState only(Collection<NodeState> states) {
        assertThat(states).hasSize(1);
        return states.iterator().next();
    }

    @Test
    void subscribesToTheStateTopicsAndUnsubscribesOnDeactivation() {
        NodeDirectory directory = directory(Map.of());
        assertThat(endpoint.subscribers.values()).containsExactly(Map.of("topic.filter", "aios/v1/#{tenant}/nodes/+/state",
                "qos", 1));
        directory.deactivate();
        assertThat(endpoint.subscribers).isEmpty();
    }

    @Test
    void membersOfOneCapabilityFormOnePoolWithTheirCapacityAdded() {
        NodeDirectory directory = directory(Map.of());
        advertise(advertisement("w1", "ONLINE", "inference", 4, 4, 2, Set.of("anomaly-cloud", "x")));
        advertise(advertisement("w2", "ONLINE", "inference", 2, 0, 1, Set.of("anomaly-cloud")));
        NodeState pool = only(directory.nodeStates());
        assertThat(pool.id()).isEqualTo("cloud:inference");
        assertThat(pool.kind()).isEqualTo(NodeKind.CLOUD);
        assertThat(pool.node().address()).isEqualTo("inference");
        assertThat(pool.node().slots()).as("capacities 8 + 4").isEqualTo(12);
        assertThat(pool.node().cores()).isEqualTo(16);
        assertThat(pool.queueLength()).isEqualTo(3);
        assertThat(pool.load()).as("(4 + 2 + 0 + 1) held of 12").isCloseTo(7.0 / 12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(pool.node().models()).as("what every member serves").containsExactly("anomaly-cloud");
        assertThat(pool.available()).isTrue();
    }

    @Test
    void withoutPoolingEveryMemberIsItsOwnNode() {
        NodeDirectory directory = directory(Map.of("pool.by.capability", false));
        advertise(advertisement("w1", "ONLINE", "inference", 4, 0, 0, Set.of("m")));
        advertise(advertisement("w2", "ONLINE", "inference", 2, 0, 0, Set.of("m")));
        assertThat(directory.nodeStates()).extracting(NodeState::id).containsExactlyInAnyOrder("w1", "w2");
    }

    @Test
    void aMemberThatDrainsOrGoesLeavesThePoolsCapacity() {
        NodeDirectory directory = directory(Map.of());
        advertise(advertisement("w1", "ONLINE", "inference", 4, 0, 0, Set.of("m")));
        advertise(advertisement("w2", "ONLINE", "inference", 2, 0, 0, Set.of("m")));
        advertise(advertisement("w1", "DRAINING", "inference", 4, 1, 0, Set.of("m")));
        assertThat(only(directory.nodeStates()).node().slots()).isEqualTo(4);
        advertise(advertisement("w2", "GONE", "inference", 2, 0, 0, Set.of("m")));
        NodeState pool = only(directory.nodeStates());
        assertThat(pool.available()).isFalse();
    }

    @Test
    void theLastWillOrADisconnectMakesAMemberUnavailable() {
        NodeDirectory directory = directory(Map.of("pool.by.capability", false));
        advertise(advertisement("w1", "ONLINE", "inference", 4, 0, 0, Set.of("m")));
        assertThat(only(directory.nodeStates()).available()).isTrue();
        endpoint.deliver("aios/v1/t1/nodes/w1/state", new KuraPayload()); // the connector's LOST/OFFLINE
        assertThat(only(directory.nodeStates()).available()).isFalse();
        assertThat(directory.members().get("w1")).containsEntry("state", "OFFLINE");
    }

    @Test
    void aMemberNotHeardOfForThreeHeartbeatsIsStaleAndLaterForgotten() {
        NodeDirectory directory = directory(Map.of("forget.after.s", 60));
        advertise(advertisement("w1", "ONLINE", "inference", 4, 0, 0, Set.of("m"))); // heartbeat 5 s
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(14));
        assertThat(only(directory.nodeStates()).available()).isTrue();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(only(directory.nodeStates()).available()).isFalse();
        advertise(advertisement("w1", "GONE", "inference", 4, 0, 0, Set.of("m")));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertThat(directory.nodeStates()).isEmpty();
        assertThat(directory.members()).isEmpty();
    }

    @Test
    void aConfiguredStaleTimeOverridesTheHeartbeat() {
        NodeDirectory directory = directory(Map.of("stale.after.ms", 1_000L, "pool.by.capability", false));
        advertise(advertisement("w1", "ONLINE", "inference", 4, 0, 0, Set.of("m")));
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_001));
        assertThat(only(directory.nodeStates()).available()).isFalse();
    }

    @Test
    void ownAdvertisementsForeignTopicsAndMalformedStatesAreIgnored() {
        NodeDirectory directory = directory(Map.of());
        advertise(advertisement("gw-1", "ONLINE", "inference.gw-1", 4, 0, 0, Set.of("m")));
        endpoint.deliver("aios/v1/t1/gw-1/status", advertisement("x", "ONLINE", "i", 1, 0, 0, Set.of()).toPayload());
        KuraPayload bad = advertisement("w9", "ONLINE", "inference", 1, 0, 0, Set.of()).toPayload();
        bad.addMetric("speed", -1.0);
        endpoint.deliver("aios/v1/t1/nodes/w9/state", bad);
        assertThat(directory.nodeStates()).isEmpty();
    }

    @Test
    void peersAndCloudWorkersFormSeparatePools() {
        NodeDirectory directory = directory(Map.of());
        advertise(advertisement("w1", "ONLINE", "inference", 4, 0, 0, Set.of("m")));
        NodeAdvertisement peer = new NodeAdvertisement("gw-7", "ONLINE", NodeKind.PEER, "inference.gw-7", 2, 1, 2, 1e9,
                0, 0, 0, 0, Set.of("anomaly-edge"), java.util.List.of(), "0.1.0", 5_000, 1, 0, 0, 0, 0, 0);
        advertise(peer);
        assertThat(directory.nodeStates()).extracting(NodeState::id).containsExactlyInAnyOrder("cloud:inference",
                "peer:inference.gw-7");
    }

    @Test
    void badSettingsFailActivationNamingTheProperty() {
        assertThatThrownBy(() -> directory(Map.of("stale.after.ms", -1L))).hasMessageContaining("stale.after.ms");
        assertThatThrownBy(() -> directory(Map.of("forget.after.s", 0))).hasMessageContaining("forget.after.s");
    }

    @Test
    void advertisedFiguresTooLargeToAddUpMakeALargePoolNotAFailure() {
        // Found by NodeStatesFuzzTest: speed 1e308 times 10 slots is infinite, and the pool's Node constructor threw
        // out of nodeStates(), so one advertisement took every cloud node away from the scheduler.
        NodeDirectory directory = directory(Map.of());
        advertise(new NodeAdvertisement("w1", "ONLINE", NodeKind.CLOUD, "inference", 8, 10, 10, 1e308, 0, 0,
                Long.MAX_VALUE, Long.MAX_VALUE, Set.of("m"), List.of(), "1", 5_000, 1, 0, 0, 0, 0, 0));
        advertise(new NodeAdvertisement("w2", "ONLINE", NodeKind.CLOUD, "inference", Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE, 1e308, 0, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                Set.of("m"), List.of(), "1", 5_000, 1, 0, 0, 0, 0, 0));
        NodeState pool = only(directory.nodeStates());
        assertThat(pool.id()).isEqualTo("cloud:inference");
        assertThat(pool.available()).isTrue();
        assertThat(pool.node().slots()).isEqualTo(Integer.MAX_VALUE);
        assertThat(pool.node().speed()).isEqualTo(Double.MAX_VALUE);
        assertThat(pool.node().memoryBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(pool.queueLength()).isEqualTo(Integer.MAX_VALUE);
    }
}
