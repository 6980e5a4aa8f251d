package io.aiosedge.itests.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraNotConnectedException;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OffloadClient;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.api.cloud.TensorPayloads;
import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.NodeStateSource;

/** Stand-ins the scheduler ITs register for collaborators other engineers are still building. */
final class SchedulerFixtures {

    private SchedulerFixtures() {
    }

    /** A TensorInference whose answer is the mean of the input, taking {@code delayMs} per call, one at a time. */
    static final class StubInference implements TensorInference, AutoCloseable {
        final List<float[]> inputs = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        private final long delayMs;
        private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "it-stub-inference"));

        StubInference(long delayMs) {
            this.delayMs = delayMs;
        }

        @Override
        public float[] infer(String model, float[] input, long... shape) {
            inputs.add(input.clone());
            calls.incrementAndGet();
            double sum = 0;
            for (float value : input) {
                sum += value;
            }
            return new float[] {(float) (sum / Math.max(1, input.length))};
        }

        @Override
        public CompletionStage<float[]> inferAsync(String model, float[] input, long... shape) {
            CompletableFuture<float[]> future = new CompletableFuture<>();
            worker.schedule(() -> future.complete(infer(model, input, shape)), delayMs, TimeUnit.MILLISECONDS);
            return future;
        }

        @Override
        public Set<String> models() {
            return Set.of();
        }

        @Override
        public ModelStatistics statistics(String model) {
            return null;
        }

        @Override
        public void close() {
            worker.shutdownNow();
        }
    }

    /** A link whose state the test sets. */
    static final class SwitchableLink implements CloudLinkMonitor {
        final AtomicReference<LinkState> state = new AtomicReference<>(
                new LinkState(true, 10, 10_000_000, System.currentTimeMillis()));

        @Override
        public LinkState linkState() {
            return state.get();
        }

        void cut() {
            state.set(new LinkState(false, 10, 10_000_000, System.currentTimeMillis()));
        }
    }

    /** An OffloadClient that answers like a cloud worker (output = 0.9), or fails when the link is cut. */
    static final class StubOffloadClient implements OffloadClient {
        final List<OffloadRequest> requests = new CopyOnWriteArrayList<>();
        private final SwitchableLink link;

        StubOffloadClient(SwitchableLink link) {
            this.link = link;
        }

        @Override
        public CompletionStage<OffloadReply> request(OffloadRequest request, java.time.Duration timeout) {
            requests.add(request);
            if (!link.linkState().connected()) {
                return CompletableFuture.failedFuture(new KuraNotConnectedException("link cut"));
            }
            byte[] output = TensorPayloads.encode(new long[] {1, 1}, new float[] {0.9f});
            return CompletableFuture.completedFuture(new OffloadReply(request.taskId(), OffloadReply.Status.OK,
                    "it-cloud-worker-1", 2.0, Map.of(), output));
        }
    }

    /** A cloud node much faster than the gateway, as a cloud worker would advertise it. */
    static final class CloudNodes implements NodeStateSource {
        @Override
        public java.util.Collection<NodeState> nodeStates() {
            Node cloud = new Node("it-cloud", NodeKind.CLOUD, "inference", 64, 16, 1e12, 0, List.of("gpu"), Set.of());
            return List.of(new NodeState(cloud, true, 0.1, 0, 0, System.currentTimeMillis()));
        }
    }
}
