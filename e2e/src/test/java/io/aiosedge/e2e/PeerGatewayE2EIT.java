package io.aiosedge.e2e;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two gateways and Mosquitto, each gateway in its own JVM with the gateway's bundles: gw-2 serves its peers' tasks
 * (the collaboration package's worker component as a PEER node), gw-1 sees it through its node directory as
 * {@code peer:inference} and sends it part of its work. No cloud worker runs: what leaves gw-1 runs on gw-2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerGatewayE2EIT {

    private static final String PEER = "gw-2";
    private CloudTier tier;

    @BeforeAll
    void start() throws Exception {
        tier = new CloudTier("peer");
        tier.startPeerGateway(PEER);
        tier.startGateway("round-robin", 3000, "peer:inference\tPEER\tinference\ttrue\t4");
    }

    @AfterAll
    void stop() throws Exception {
        if (tier != null) {
            tier.keepLogs(Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"), "peer"));
            tier.close();
        }
    }

    @Test
    void aGatewayServesItsPeersTasksAndEveryOneIsAnsweredOnce() throws Exception {
        int count = 80;
        tier.startRun("peer", Map.of("count", count, "rate.per.s", 20, "model", "anomaly-cloud", "deadline.ms", 10_000,
                "seed", 4001));
        int[] duplicates = new int[1];
        List<Outcome> outcomes = tier.awaitRun("peer", Duration.ofSeconds(90), duplicates);

        assertThat(outcomes).hasSize(count);
        assertThat(duplicates[0]).isZero();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo("COMPLETED"));
        Map<String, Long> byKind = outcomes.stream().collect(Collectors.groupingBy(Outcome::kind,
                Collectors.counting()));
        List<Outcome> onPeer = outcomes.stream().filter(o -> o.kind().equals("PEER")).toList();
        // Round robin over the gateway and the peer pool: about half each (a peer whose capacity is momentarily
        // full refuses and the task runs at home).
        assertThat(onPeer).as("tasks run on the peer, by kind " + byKind).hasSizeGreaterThanOrEqualTo(count / 4);
        assertThat(onPeer).allSatisfy(o -> {
            assertThat(o.node()).isEqualTo("peer:inference");
            assertThat(o.worker()).isEqualTo(PEER);
            assertThat(o.model()).isEqualTo("anomaly-cloud");
        });
        assertThat(byKind.getOrDefault("LOCAL", 0L)).as("tasks run on gw-1 itself").isPositive();

        // The peer ran exactly the tasks reported as its own, each once.
        await(PEER + "'s state to count " + onPeer.size() + " executed")
                .atMost(Duration.ofSeconds(10)).pollInterval(CloudTier.POLL)
                .until(() -> Long.parseLong(tier.client.stateField(PEER, "executed")) >= onPeer.size());
        assertThat(Long.parseLong(tier.client.stateField(PEER, "executed"))).isEqualTo(onPeer.size());
        assertThat(tier.client.stateField(PEER, "duplicates")).isEqualTo("0");
        List<String> peerRuns = tier.node(PEER).log().lines().filter(l -> l.contains("worker " + PEER + ": task peer-"))
                .map(l -> l.replaceAll(".*worker " + PEER + ": task (peer-\\d+) .*", "$1")).toList();
        assertThat(peerRuns).hasSize(onPeer.size()).doesNotHaveDuplicates();
        System.out.println("[e2e] peer gateway: " + byKind + "; gw-1 sees:\n" + tier.gatewayNodes());
    }
}
