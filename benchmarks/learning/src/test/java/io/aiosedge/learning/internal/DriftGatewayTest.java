package io.aiosedge.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskResult;

/** The benchmark's gateway side keeps what the collector's filter keeps and uploads in the collector's format. */
class DriftGatewayTest {

    private static TaskCompletion completion(int n, boolean escalated, Locality locality) {
        Task task = Task.builder("t" + n, "anomaly").model("anomaly-cloud").edgeModel("anomaly-edge")
                .input(new float[64], 1, 64).locality(locality).build();
        TaskResult edge = new TaskResult(task.id(), "gw1", NodeKind.LOCAL, "anomaly-edge", new float[] {0.6f}, 0, 0,
                0, 1000, true, 0.6, 0.6, false, false, Map.of());
        if (!escalated) {
            return new TaskCompletion(task, edge, null);
        }
        TaskResult cloud = new TaskResult(task.id(), "cloud-1", NodeKind.CLOUD, "anomaly-cloud", new float[] {0.9f},
                0, 5, 1, 1020, true, 0.9, 0.9, false, true, Map.of());
        return new TaskCompletion(task, cloud, edge);
    }

    @Test
    void escalatedTasksBecomeUploadsOfABatchEdgeOnlyAndConfidentOnesNever() {
        DriftGateway gateway = new DriftGateway(1.0, 0, 1.0, 600, 3, 1, 0);
        assertThat(gateway.complete(completion(0, false, Locality.ANY), 1000)).isFalse();
        assertThat(gateway.complete(completion(1, true, Locality.EDGE_ONLY), 1000)).isFalse();
        assertThat(gateway.complete(completion(2, true, Locality.ANY), 1000)).isTrue();
        assertThat(gateway.complete(completion(3, true, Locality.ANY), 1000)).isTrue();
        assertThat(gateway.nextUpload()).as("2 of a batch of 3").isNull();
        assertThat(gateway.complete(completion(4, true, Locality.ANY), 1000)).isTrue();
        KuraMessage upload = gateway.nextUpload();
        assertThat(upload).isNotNull();
        assertThat(upload.getPayload().getMetric("count")).isEqualTo(3);
        assertThat(upload.getPayload().getMetric("format")).isEqualTo(HardExampleMessages.FORMAT);
        String body = new String(upload.getPayload().getBody(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"task\":\"t2\"", "\"task\":\"t3\"", "\"task\":\"t4\"").doesNotContain("\"t1\"");
        assertThat(gateway.nextUpload()).as("the batch left").isNull();
        assertThat(gateway.verdicts()).contains("KEPT=3", "NOT_ESCALATED=1", "EDGE_ONLY=1");
    }

    @Test
    void theHourlyQuotaLimitsWhatIsKept() {
        DriftGateway gateway = new DriftGateway(1.0, 0, 1.0, 2, 50, 1, 0);
        int kept = 0;
        for (int i = 0; i < 5; i++) {
            kept += gateway.complete(completion(i, true, Locality.ANY), 1000) ? 1 : 0;
        }
        assertThat(kept).isEqualTo(2);
        assertThat(gateway.verdicts()).contains("OVER_QUOTA=3");
    }
}
