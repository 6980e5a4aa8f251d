package io.aiosedge.cloud.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.aiosedge.api.cloud.NodeAdvertisement;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.api.cloud.TensorPayloads;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.testsupport.FuzzSummary;

/**
 * What reaches the cloud tier from anyone who can publish to the tenant's topics: node advertisements (retained
 * state messages whose metrics may have any type and value) and offload requests (any payload, deadline and
 * metadata). A malformed advertisement is ignored (IllegalArgumentException inside the directory), and whatever was
 * advertised, the directory's {@code nodeStates()} (what the scheduler reads) and {@code members()} (Gogo) never
 * throw; a worker answers every request with a reply, never an exception.
 */
class NodeStatesFuzzTest {

    private static final FuzzSummary SUMMARY = new FuzzSummary("cloud tier: node advertisements, offload requests");
    private static final String[] METRICS = {"state", "node.id", "node.kind", "address", "cores", "slots", "capacity",
            "speed", "busy", "queue", "memory.total", "memory.free", "models", "accelerators", "version",
            "interval.ms", "executed"};
    private static final String[] STATES = {"ONLINE", "DRAINING", "STARTING", "GONE", "online"};
    private static final FakeInference INFERENCE = new FakeInference("anomaly-cloud", "other", "broken");
    private static final AtomicLong NOW = new AtomicLong(1_700_000_000_000L);
    private static final InferenceHandler HANDLER = new InferenceHandler(new WorkerOptions("w1", "inference",
            NodeKind.CLOUD, List.of("anomaly-cloud", "other", "broken"), 2, 8, 1e10, List.of(), 60_000, 5_000, 1_000,
            false), INFERENCE, NOW::get, () -> {
            });

    @FuzzTest
    void cloudTier(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            offloadRequest(data);
        } else {
            advertisements(data);
        }
    }

    private static void advertisements(FuzzedDataProvider data) {
        FakeEndpoint endpoint = new FakeEndpoint("gw-1");
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        NodeDirectory directory = new NodeDirectory(TestConfigs.of(NodeDirectory.Config.class,
                Map.of("pool.by.capability", !data.consumeBoolean())), endpoint, nanos::get);
        int messages = data.consumeInt(1, 5);
        int ignored = 0;
        for (int i = 0; i < messages; i++) {
            String id = data.consumeBoolean() ? data.consumeString(8) : data.pickValue(new String[] {"w1", "w2", "w3"});
            KuraPayload payload = new KuraPayload();
            if (!data.consumeBoolean()) {
                payload.setTimestamp(new Date(data.consumeLong()));
            }
            int metrics = data.consumeInt(0, METRICS.length);
            for (int m = 0; m < metrics; m++) {
                String name = data.consumeInt(0, 15) == 15 ? data.consumeString(12) : data.pickValue(METRICS);
                payload.addMetric(name, value(data, name));
            }
            try {
                NodeAdvertisement.fromPayload(id, payload, NOW.get());
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                ignored++;
            }
            endpoint.deliver(data.consumeInt(0, 15) == 15 ? data.consumeString(40) : "aios/v1/t/nodes/" + id + "/state",
                    payload);
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(data.consumeInt(0, 700_000)));
        }
        Collection<NodeState> states = directory.nodeStates();
        for (NodeState state : states) {
            assertThat(state.node().slots()).isPositive();
            assertThat(state.load()).isBetween(0.0, 1.0);
        }
        directory.members();
        directory.deactivate();
        SUMMARY.count("advertisements: " + Math.min(states.size(), 3) + " node states, " + ignored + " ignored");
    }

    private static Object value(FuzzedDataProvider data, String name) {
        switch (data.consumeInt(0, 6)) {
        case 0:
            return name.equals("state") ? data.pickValue(STATES) : name.equals("node.kind")
                    ? data.pickValue(new String[] {"CLOUD", "PEER", "LOCAL", "cloud"}) : "anomaly-cloud";
        case 1:
            return data.consumeInt();
        case 2:
            return data.consumeLong();
        case 3:
            return data.consumeBoolean() ? data.consumeDouble() : data.pickValue(new Double[] {Double.MAX_VALUE,
                Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e308});
        case 4:
            return data.consumeBoolean();
        case 5:
            return data.consumeBytes(8);
        default:
            return data.consumeString(30);
        }
    }

    private static void offloadRequest(FuzzedDataProvider data) {
        NOW.addAndGet(data.consumeInt(0, 10_000));
        String task = "t" + data.consumeInt(0, 50);
        long deadline = data.consumeBoolean() ? data.consumeLong() : NOW.get() + data.consumeInt(-100, 200);
        Map<String, String> metadata = data.consumeBoolean() ? Map.of()
                : Map.of("model", data.consumeBoolean() ? data.consumeString(14)
                        : data.pickValue(new String[] {"anomaly-cloud", "other", "broken", ""}));
        byte[] payload;
        if (data.consumeBoolean()) {
            payload = data.consumeBytes(200);
        } else {
            int rows = data.consumeInt(0, 3);
            int columns = data.consumeInt(0, 5);
            payload = TensorPayloads.encode(new long[] {rows, columns}, new float[rows * columns]);
        }
        OffloadReply reply = HANDLER.handle(new OffloadRequest(task, "inference", deadline, metadata, payload));
        assertThat(reply).isNotNull();
        assertThat(reply.taskId()).isEqualTo(task);
        if (reply.status() == OffloadReply.Status.OK) {
            TensorPayloads.decode(reply.payload());
        } else {
            assertThat(reply.metadata()).containsKey("error");
        }
        assertThat(HANDLER.active()).isZero();
        SUMMARY.count("offload request: " + reply.status());
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
        Set.of(HANDLER).forEach(InferenceHandler::close);
    }
}
