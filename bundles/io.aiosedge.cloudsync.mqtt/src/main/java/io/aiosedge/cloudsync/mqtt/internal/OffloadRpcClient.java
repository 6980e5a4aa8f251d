package io.aiosedge.cloudsync.mqtt.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.cloudsync.mqtt.internal.wire.OffloadWire;

/**
 * The requesting side of offload RPC. A request goes through the outbox (QoS 1, dropped unsent once its deadline
 * passed) to {@code aios/v1/<tenant>/offload/<capability>}, with the task id as correlation id and the reply topic
 * {@code aios/v1/<tenant>/<gateway-id>/replies}. The first reply for a pending task completes it; later ones
 * (duplicates from QoS 1 redelivery or a second worker) find nothing pending and are ignored. Futures are
 * completed on the timer thread, never on Paho's.
 */
final class OffloadRpcClient {

    private static final Logger LOG = LoggerFactory.getLogger(OffloadRpcClient.class);

    private record Pending(CompletableFuture<OffloadReply> future, ScheduledFuture<?> timeout) {
    }

    private final ScheduledExecutorService timer;
    private final Supplier<EndpointOptions> options;
    private final BooleanSupplier connected;
    private final WirePublisher publisher;
    private final LongSupplier clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile long duplicateReplies;

    OffloadRpcClient(ScheduledExecutorService timer, Supplier<EndpointOptions> options, BooleanSupplier connected,
            WirePublisher publisher, LongSupplier clock) {
        this.timer = timer;
        this.options = options;
        this.connected = connected;
        this.publisher = publisher;
        this.clock = clock;
    }

    static String requestTopic(EndpointOptions o, String capability) {
        return "aios/v1/" + o.tenant() + "/offload/" + capability;
    }

    static String replyTopic(EndpointOptions o) {
        return o.gatewayNamespace() + "/replies";
    }

    CompletionStage<OffloadReply> request(OffloadRequest request, Duration timeout) {
        CompletableFuture<OffloadReply> future = new CompletableFuture<>();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            future.completeExceptionally(new IllegalArgumentException("timeout must be positive, got " + timeout));
            return future;
        }
        if (!connected.getAsBoolean()) {
            future.completeExceptionally(new KuraNotConnectedException(
                    "offload request " + request.taskId() + " not sent: the cloud link is down"));
            return future;
        }
        EndpointOptions o = options.get();
        ScheduledFuture<?> timeoutTask;
        try {
            timeoutTask = timer.schedule(() -> expire(request.taskId(), timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new KuraNotConnectedException(e, "the endpoint is stopping"));
            return future;
        }
        if (pending.putIfAbsent(request.taskId(), new Pending(future, timeoutTask)) != null) {
            timeoutTask.cancel(false);
            future.completeExceptionally(new IllegalStateException("task " + request.taskId() + " is already pending"));
            return future;
        }
        try {
            long now = clock.getAsLong();
            String reply = replyTopic(o);
            publisher.publish(requestTopic(o, request.capability()),
                    id -> OffloadWire.request(id, request, reply, o.gatewayId(), now).encode(), 1, o.offloadRequestPriority(),
                    request.deadlineMillis());
        } catch (KuraException | RuntimeException e) {
            Pending p = pending.remove(request.taskId());
            if (p != null) {
                p.timeout.cancel(false);
            }
            future.completeExceptionally(e);
        }
        return future;
    }

    private void expire(String taskId, Duration timeout) {
        Pending p = pending.remove(taskId);
        if (p != null) {
            p.future.completeExceptionally(new TimeoutException("no reply for offload task " + taskId + " within "
                    + timeout.toMillis() + " ms"));
        }
    }

    /** A message on the reply topic (Paho's thread): decode, match, complete on the timer thread. */
    void onReply(byte[] payload) {
        OffloadReply reply;
        try {
            reply = OffloadWire.decodeReply(payload);
        } catch (IllegalArgumentException e) {
            LOG.warn("malformed offload reply ignored: {}", e.getMessage());
            return;
        }
        Pending p = pending.remove(reply.taskId());
        if (p == null) {
            duplicateReplies++;
            LOG.debug("reply for task {} ignored: not pending (duplicate or after its timeout)", reply.taskId());
            return;
        }
        p.timeout.cancel(false);
        try {
            timer.execute(() -> p.future.complete(reply));
        } catch (RejectedExecutionException e) {
            p.future.complete(reply);
        }
    }

    int pendingCount() {
        return pending.size();
    }

    long duplicateReplies() {
        return duplicateReplies;
    }

    /** Fails every pending request (the endpoint is going away). */
    void failAll(String why) {
        for (String taskId : pending.keySet()) {
            Pending p = pending.remove(taskId);
            if (p != null) {
                p.timeout.cancel(false);
                p.future.completeExceptionally(new KuraNotConnectedException(why));
            }
        }
    }
}
