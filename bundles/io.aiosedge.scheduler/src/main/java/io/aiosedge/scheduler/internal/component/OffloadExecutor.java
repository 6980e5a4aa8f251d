package io.aiosedge.scheduler.internal.component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import io.aiosedge.api.cloud.OffloadClient;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.api.cloud.TensorPayloads;
import io.aiosedge.api.scheduler.Execution;
import io.aiosedge.api.scheduler.Node;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskExecutor;

/**
 * Runs tasks on peers and cloud workers through the cloud-sync connector's {@link OffloadClient}: capability =
 * the node's address (e.g. {@code inference}), payload = the input tensor in {@link TensorPayloads} format,
 * metadata = model, kind, target node and input reference. The reply's payload is decoded the same way. A
 * rejected or expired reply counts as a network failure (the scheduler may run the task elsewhere), an
 * {@code ERROR} reply as an execution failure.
 */
final class OffloadExecutor implements TaskExecutor {

    static final String CAPABILITY_INFERENCE = "inference";

    private final OffloadClient client;
    private final long timeoutMillis;

    /** @param timeoutMillis longest wait for a reply, in ms (shortened to the deadline plus this when sooner) */
    OffloadExecutor(OffloadClient client, long timeoutMillis) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public boolean serves(Node node) {
        return node.kind() != NodeKind.LOCAL && !node.address().isEmpty();
    }

    @Override
    public CompletionStage<Execution> execute(Task task, Node node, String model) {
        long now = System.currentTimeMillis();
        long deadline = task.deadlineMillis() == Long.MAX_VALUE ? now + timeoutMillis : task.deadlineMillis();
        Map<String, String> metadata = new HashMap<>(task.attributes());
        metadata.put("model", model);
        metadata.put("kind", task.kind());
        metadata.put("node", node.id());
        if (task.inputRef() != null) {
            metadata.put("input.ref", task.inputRef());
        }
        OffloadRequest request;
        try {
            request = new OffloadRequest(task.id(), node.address(), deadline, metadata, task.encodedInput());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        long wait = Math.max(1, Math.min(timeoutMillis, deadline - now + timeoutMillis));
        long start = System.nanoTime();
        CompletionStage<OffloadReply> reply;
        try {
            reply = client.request(request, Duration.ofMillis(wait));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return reply.thenApply(answer -> toExecution(task, node, answer, (System.nanoTime() - start) / 1e6));
    }

    static Execution toExecution(Task task, Node node, OffloadReply reply, double wallMillis) {
        switch (reply.status()) {
        case OK:
            float[] output = TensorPayloads.decode(reply.payload()).values();
            Map<String, String> attributes = new HashMap<>(reply.metadata());
            attributes.put("worker", reply.nodeId());
            return new Execution(output, reply.computeMillis(), Math.max(0, wallMillis - reply.computeMillis()),
                    attributes);
        case EXPIRED:
            throw new java.util.concurrent.CompletionException(new TimeoutException(
                    "task " + task.id() + " reached " + node.id() + " after its deadline"));
        case REJECTED:
            throw new java.util.concurrent.CompletionException(new RejectedExecutionException(
                    node.id() + " refused task " + task.id() + ": " + reply.metadata().getOrDefault("error", "")));
        default:
            throw new IllegalStateException(node.id() + " failed task " + task.id() + ": "
                    + reply.metadata().getOrDefault("error", "no reason given"));
        }
    }
}
