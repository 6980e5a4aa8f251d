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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A gateway and two cloud workers of one shared subscription, each in its own JVM, over Mosquitto: the broker spreads
 * offloaded tasks over both workers; a worker that hangs and is then killed with SIGKILL under load loses nothing
 * (its in-flight tasks time out at the gateway and run there, later tasks go to the other worker) and no task is
 * executed or counted twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerPoolE2EIT {

    private static final long OFFLOAD_TIMEOUT_MS = 2000;
    private CloudTier tier;
    /** Tasks each worker answered, over every run of this class (its state counts the same). */
    private final Map<String, Long> answered = new java.util.HashMap<>();

    @BeforeAll
    void start() throws Exception {
        tier = new CloudTier("pool");
        tier.startWorker("wa", 1);
        tier.startWorker("wb", 1);
        tier.startGateway("cloud-only", OFFLOAD_TIMEOUT_MS, 8);
    }

    @AfterAll
    void stop() throws Exception {
        if (tier != null) {
            tier.keepLogs(Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"), "pool"));
            tier.close();
        }
    }

    private static Map<String, Long> byWorker(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(o -> o.worker().isEmpty() ? o.kind() : o.worker(),
                Collectors.counting()));
    }

    @Test
    @Order(1)
    void offloadedTasksAreSpreadOverBothWorkers() throws Exception {
        tier.startRun("spread", Map.of("count", 200, "rate.per.s", 50, "model", "anomaly-cloud", "deadline.ms",
                10_000, "seed", 3001));
        int[] duplicates = new int[1];
        List<Outcome> outcomes = tier.awaitRun("spread", Duration.ofSeconds(90), duplicates);

        assertThat(outcomes).hasSize(200);
        assertThat(duplicates[0]).isZero();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo("COMPLETED"));
        // A worker whose capacity is momentarily full refuses at once (the broker does not know its load) and the
        // gateway runs the task itself: allowed, but it must be rare and must say so.
        List<Outcome> local = outcomes.stream().filter(o -> !o.kind().equals("CLOUD")).toList();
        assertThat(local).as("tasks not run in the cloud").hasSizeLessThanOrEqualTo(10)
                .allSatisfy(o -> assertThat(o.detail()).contains("overloaded", "ran on the gateway"));
        List<Outcome> cloud = outcomes.stream().filter(o -> o.kind().equals("CLOUD")).toList();
        assertThat(cloud).allSatisfy(o -> assertThat(o.model()).isEqualTo("anomaly-cloud"));
        Map<String, Long> counts = byWorker(cloud);
        assertThat(counts.keySet()).containsExactlyInAnyOrder("wa", "wb");
        assertThat(counts.get("wa")).as("wa's share of " + counts).isBetween(cloud.size() * 35L / 100,
                cloud.size() * 65L / 100);
        counts.forEach((worker, n) -> answered.merge(worker, n, Long::sum));
        System.out.println("[e2e] spread over the pool: " + counts + ", on the gateway after a refusal: "
                + local.size());
    }

    @Test
    @Order(2)
    void aWorkerKilledUnderLoadLosesNoTaskAndNoneRunsTwice() throws Exception {
        NodeProcess wa = tier.node("wa");
        NodeProcess wb = tier.node("wb");
        int count = 400;
        tier.startRun("kill", Map.of("count", count, "rate.per.s", 40, "model", "anomaly-cloud", "deadline.ms",
                15_000, "seed", 3002));
        await("a quarter of the run submitted")
                .atMost(Duration.ofSeconds(60)).pollInterval(CloudTier.POLL).until(() -> {
            try {
                return tier.submitted("kill") >= count / 4;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Hang wa first so that requests are certainly in flight on it when it dies, then kill it.
        wa.freeze();
        long frozenAt = System.nanoTime();
        await("1 s of load on the frozen worker")
                .atMost(Duration.ofSeconds(5)).pollInterval(CloudTier.POLL)
                .until(() -> System.nanoTime() - frozenAt >= 1_000_000_000L);
        wa.kill();
        await("wa's last will (a state without metrics) on its state topic")
                .atMost(Duration.ofSeconds(20)).pollInterval(CloudTier.POLL)
                .until(() -> "LOST".equals(tier.client.stateField("wa", "state")));

        int[] duplicates = new int[1];
        List<Outcome> outcomes = tier.awaitRun("kill", Duration.ofSeconds(120), duplicates);

        assertThat(outcomes).as("one outcome per task").hasSize(count);
        assertThat(outcomes.stream().map(Outcome::task).distinct().count()).isEqualTo(count);
        assertThat(duplicates[0]).as("outcomes reported twice").isZero();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo("COMPLETED"));
        List<Outcome> fellBack = outcomes.stream().filter(Outcome::fellBack).toList();
        Map<String, Long> counts = byWorker(outcomes);
        assertThat(fellBack).as("tasks in flight on the killed worker, placed again on the gateway").isNotEmpty();
        assertThat(fellBack).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo("LOCAL");
            assertThat(o.detail()).contains("offload to cloud:inference failed");
        });
        assertThat(counts.getOrDefault("wa", 0L)).as("wa answered before it hung").isPositive();
        assertThat(counts.get("wb")).as("wb took the rest").isGreaterThan(count / 2);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);

        // wb ran exactly the tasks reported as its own: none twice, none unreported
        long wbAnswered = answered.getOrDefault("wb", 0L) + counts.get("wb");
        await("wb's state to count every task it answered (" + wbAnswered + ")")
                .atMost(Duration.ofSeconds(10)).pollInterval(CloudTier.POLL)
                .until(() -> Long.parseLong(tier.client.stateField("wb", "executed")) >= wbAnswered);
        assertThat(Long.parseLong(tier.client.stateField("wb", "executed"))).isEqualTo(wbAnswered);
        assertThat(tier.client.stateField("wb", "duplicates")).isEqualTo("0");
        List<String> wbRuns = wb.log().lines().filter(l -> l.contains("worker wb: task kill-"))
                .map(l -> l.replaceAll(".*worker wb: task (kill-\\d+) .*", "$1")).toList();
        assertThat(wbRuns).as("kill tasks run by wb, each once").hasSize(counts.get("wb").intValue())
                .doesNotHaveDuplicates();
        assertThat(wb.isAlive()).isTrue();
        double worstFallbackMillis = fellBack.stream().mapToDouble(Outcome::totalMillis).max().orElse(0);
        System.out.println("[e2e] SIGKILL under load: " + counts + ", " + fellBack.size()
                + " placed again on the gateway (slowest " + Math.round(worstFallbackMillis) + " ms), gateway nodes:\n"
                + tier.gatewayNodes());
    }
}
