package io.aiosedge.cloud.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.NodeAdvertisement;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;

class NodeAdvertisementTest {

    static NodeAdvertisement advertisement(String id, String state, String address, int slots, int busy, int queue,
            Set<String> models) {
        return new NodeAdvertisement(id, state, NodeKind.CLOUD, address, 8, slots, 2 * slots, 2e10, busy, queue,
                4_000_000_000L,
                1_000_000_000L, models, List.of("gpu:t4"), "0.1.0", 5_000, 1_700_000_000_000L, 10, 1, 2, 3, 4);
    }

    @Test
    void survivesTheTripThroughAKuraPayload() {
        NodeAdvertisement sent = advertisement("w1", "ONLINE", "inference", 4, 3, 2, Set.of("anomaly-cloud", "b"));
        KuraPayload payload = sent.toPayload();
        assertThat(payload.getMetric("state")).isEqualTo("ONLINE");
        assertThat(payload.getMetric("slots")).isEqualTo(4);
        assertThat(payload.getMetric("capacity")).isEqualTo(8);
        assertThat(NodeAdvertisement.fromPayload("w1", payload, 0)).isEqualTo(sent);
    }

    @Test
    void becomesASchedulerNodeWithItsCapacityAsSlotsAvailableOnlyWhenOnlineAndFresh() {
        NodeState online = advertisement("w1", "ONLINE", "inference", 4, 3, 3, Set.of("m")).toNodeState(true);
        assertThat(online.available()).isTrue();
        assertThat(online.load()).as("(busy + queue) / capacity").isEqualTo(0.75);
        assertThat(online.queueLength()).isEqualTo(3);
        assertThat(online.node().address()).isEqualTo("inference");
        assertThat(online.node().slots()).as("the capacity covers the round trip").isEqualTo(8);
        assertThat(online.node().models()).containsExactly("m");
        assertThat(online.node().accelerators()).containsExactly("gpu:t4");
        assertThat(online.updatedAtMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(advertisement("w1", "ONLINE", "inference", 4, 0, 0, Set.of()).toNodeState(false).available())
                .as("stale").isFalse();
        for (String state : List.of("STARTING", "DRAINING", "GONE")) {
            assertThat(advertisement("w1", state, "inference", 4, 0, 0, Set.of()).toNodeState(true).available())
                    .as(state).isFalse();
        }
    }

    @Test
    void aPayloadWithoutMetricsIsTheConnectorsStatusMessage() {
        assertThat(NodeAdvertisement.fromPayload("w1", new KuraPayload(), 0)).isNull();
        assertThat(NodeAdvertisement.fromPayload("w1", null, 0)).isNull();
    }

    @Test
    void malformedAdvertisementsAreRefusedNamingTheMetric() {
        KuraPayload otherId = advertisement("w2", "ONLINE", "inference", 1, 0, 0, Set.of()).toPayload();
        assertThatThrownBy(() -> NodeAdvertisement.fromPayload("w1", otherId, 0)).hasMessageContaining("node.id 'w2'");
        KuraPayload badSlots = advertisement("w1", "ONLINE", "inference", 1, 0, 0, Set.of()).toPayload();
        badSlots.addMetric("slots", "many");
        assertThatThrownBy(() -> NodeAdvertisement.fromPayload("w1", badSlots, 0)).hasMessageContaining("slots 'many'");
        KuraPayload local = advertisement("w1", "ONLINE", "inference", 1, 0, 0, Set.of()).toPayload();
        local.addMetric("node.kind", "LOCAL");
        assertThatThrownBy(() -> NodeAdvertisement.fromPayload("w1", local, 0)).hasMessageContaining("LOCAL");
    }

    @Test
    void missingMetricsTakeSafeDefaultsAndTheReceptionTime() {
        KuraPayload minimal = new KuraPayload();
        minimal.addMetric("state", "online");
        NodeAdvertisement a = NodeAdvertisement.fromPayload("w1", minimal, 42);
        assertThat(a.serving()).isTrue();
        assertThat(a.kind()).isEqualTo(NodeKind.CLOUD);
        assertThat(a.slots()).isEqualTo(1);
        assertThat(a.toNodeState(true).node().slots()).as("no capacity advertised: the slots").isEqualTo(1);
        assertThat(a.updatedAtMillis()).isEqualTo(42);
        assertThat(a.intervalMillis()).isEqualTo(5_000);
    }
}
