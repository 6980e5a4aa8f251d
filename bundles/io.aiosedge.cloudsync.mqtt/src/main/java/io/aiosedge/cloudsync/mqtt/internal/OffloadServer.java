package io.aiosedge.cloudsync.mqtt.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.kura.KuraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.cloudsync.mqtt.internal.wire.Envelope;
import io.aiosedge.cloudsync.mqtt.internal.wire.OffloadWire;
import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * The serving side of offload RPC: requests arrive on {@code $share/<group>/aios/v1/<tenant>/offload/<capability>}
 * (one subscription per registered {@link OffloadHandler}), are checked on Paho's thread (decode, deadline,
 * duplicate) and run on a bounded pool of named worker threads, never on Paho's. Replies go through the outbox to
 * the request's reply topic, which must lie in the tenant's namespace.
 *
 * <p>Idempotency: task ids seen within the dedup window are remembered. A redelivered request whose task is
 * still running is dropped; one whose task finished gets the cached reply again; the handler runs once.
 * An expired request is answered EXPIRED without running; a full pool answers REJECTED (and forgets the task,
 * so that a later retry may run).
 */
final class OffloadServer {

    private static final Logger LOG = LoggerFactory.getLogger(OffloadServer.class);
    private static final int MAX_REMEMBERED = 50_000;
    /** An unsent reply is dropped this long after the request's deadline. */
    private static final long REPLY_GRACE_MILLIS = 60_000;

    private static final class Seen {
        final long atMillis;
        volatile Envelope reply; // null while running
        volatile String replyTopic;

        Seen(long atMillis) {
            this.atMillis = atMillis;
        }
    }

    private final String threadPrefix;
    private final Supplier<EndpointOptions> options;
    private final WirePublisher publisher;
    private final LongSupplier clock;
    private final Map<String, OffloadHandler> handlers = new java.util.concurrent.ConcurrentHashMap<>();
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>(); // guarded by itself
    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile ThreadPoolExecutor workers;
    private volatile int workerCount;
    private volatile int queueCapacity;

    OffloadServer(String threadPrefix, Supplier<EndpointOptions> options, WirePublisher publisher, LongSupplier clock) {
        this.threadPrefix = threadPrefix;
        this.options = options;
        this.publisher = publisher;
        this.clock = clock;
        resize(options.get().offloadWorkers(), options.get().offloadQueueCapacity());
    }

    /** Applies new pool bounds (a new pool when they changed; running tasks finish on the old one). */
    synchronized void resize(int newWorkers, int newQueueCapacity) {
        if (workers != null && newWorkers == workerCount && newQueueCapacity == queueCapacity) {
            return;
        }
        ThreadPoolExecutor old = workers;
        AtomicInteger n = new AtomicInteger();
        BlockingQueue<Runnable> queue = newQueueCapacity == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(newQueueCapacity);
        workers = new ThreadPoolExecutor(newWorkers, newWorkers, 30, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, threadPrefix + "-offload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.allowCoreThreadTimeOut(true);
        workerCount = newWorkers;
        queueCapacity = newQueueCapacity;
        if (old != null) {
            old.shutdown();
        }
    }

    /** Adds a handler; false when another one already serves the capability (the first stays). */
    boolean addHandler(String capability, OffloadHandler handler) {
        return handlers.putIfAbsent(capability, handler) == null;
    }

    /** Removes the handler of a capability only if it is this one. */
    boolean removeHandler(String capability, OffloadHandler handler) {
        return handlers.remove(capability, handler);
    }

    /** The subscription that serves a capability: {@code $share/<group>/aios/v1/<tenant>/offload/<capability>}. */
    static String subscription(EndpointOptions o, String capability) {
        return "$share/" + o.shareGroup() + "/" + OffloadRpcClient.requestTopic(o, capability);
    }

    /** A request arrived (Paho's thread): checks here, execution on a worker. */
    void onRequest(String topic, byte[] payload) {
        String capability = topic.substring(topic.lastIndexOf('/') + 1);
        OffloadWire.ReceivedRequest received;
        try {
            received = OffloadWire.decodeRequest(payload, capability);
        } catch (IllegalArgumentException e) {
            LOG.warn("malformed offload request on {} dropped: {}", topic, e.getMessage());
            return;
        }
        EndpointOptions o = options.get();
        OffloadRequest request = received.request();
        String replyTopic = received.replyTopic();
        try {
            Topics.checkTopicName(replyTopic, "reply topic");
        } catch (IllegalArgumentException e) {
            LOG.warn("offload request {} dropped: {}", request.taskId(), e.getMessage());
            return;
        }
        if (!replyTopic.startsWith("aios/v1/" + o.tenant() + "/")) {
            LOG.warn("offload request {} dropped: reply topic {} is outside tenant {}", request.taskId(), replyTopic,
                    o.tenant());
            return;
        }
        long now = clock.getAsLong();
        Seen previous;
        Seen mine = new Seen(now);
        synchronized (seen) {
            forgetOld(now, o.dedupWindowMillis());
            previous = seen.get(request.taskId());
            if (previous == null) {
                seen.put(request.taskId(), mine);
            }
        }
        if (previous != null) {
            duplicates.incrementAndGet();
            Envelope cached = previous.reply;
            if (cached != null) {
                LOG.debug("duplicate offload request {}: sending the cached reply again", request.taskId());
                send(replyTopic, cached, request.deadlineMillis());
            } else {
                LOG.debug("duplicate offload request {} dropped: still running", request.taskId());
            }
            return;
        }
        if (now > request.deadlineMillis()) {
            expired.incrementAndGet();
            finish(mine, replyTopic, request, new OffloadReply(request.taskId(), OffloadReply.Status.EXPIRED,
                    o.gatewayId(), 0, Map.of("error", "received " + (now - request.deadlineMillis())
                            + " ms after the deadline"), new byte[0]));
            return;
        }
        OffloadHandler handler = handlers.get(capability);
        if (handler == null) {
            finish(mine, replyTopic, request, reply(request, OffloadReply.Status.REJECTED, o,
                    "no handler for capability " + capability));
            return;
        }
        try {
            workers.execute(() -> run(handler, request, replyTopic, mine));
        } catch (RejectedExecutionException e) {
            rejected.incrementAndGet();
            synchronized (seen) {
                seen.remove(request.taskId(), mine); // a later retry may run
            }
            send(replyTopic, OffloadWire.reply("", reply(request, OffloadReply.Status.REJECTED, o, "overloaded: "
                    + workerCount + " workers busy and " + queueCapacity + " requests queued"), now),
                    request.deadlineMillis());
        }
    }

    private void run(OffloadHandler handler, OffloadRequest request, String replyTopic, Seen mine) {
        EndpointOptions o = options.get();
        long started = System.nanoTime();
        OffloadReply result;
        try {
            if (clock.getAsLong() > request.deadlineMillis()) {
                expired.incrementAndGet();
                result = reply(request, OffloadReply.Status.EXPIRED, o, "deadline passed while queued");
            } else {
                executed.incrementAndGet();
                result = handler.handle(request);
                if (result == null) {
                    result = reply(request, OffloadReply.Status.ERROR, o, "the handler returned no reply");
                } else if (!result.taskId().equals(request.taskId())) {
                    result = new OffloadReply(request.taskId(), result.status(), result.nodeId(), result.computeMillis(),
                            result.metadata(), result.payload());
                }
                if (result.computeMillis() == 0 && result.status() == OffloadReply.Status.OK) {
                    result = new OffloadReply(result.taskId(), result.status(), result.nodeId(),
                            (System.nanoTime() - started) / 1e6, result.metadata(), result.payload());
                }
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("offload handler for {} failed on task {}: {}", request.capability(), request.taskId(), e.toString());
            result = reply(request, OffloadReply.Status.ERROR, o, String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        }
        finish(mine, replyTopic, request, result);
    }

    private static OffloadReply reply(OffloadRequest request, OffloadReply.Status status, EndpointOptions o,
            String error) {
        return new OffloadReply(request.taskId(), status, o.gatewayId(), 0, Map.of("error", error), new byte[0]);
    }

    private void finish(Seen mine, String replyTopic, OffloadRequest request, OffloadReply reply) {
        // The envelope id is the outbox id of the first send; a resend of the cached reply gets a new one.
        Envelope envelope = OffloadWire.reply("", reply, clock.getAsLong());
        mine.replyTopic = replyTopic;
        mine.reply = envelope;
        send(replyTopic, envelope, request.deadlineMillis());
    }

    private void send(String replyTopic, Envelope envelope, long deadlineMillis) {
        try {
            publisher.publish(replyTopic, id -> {
                Map<String, Object> header = new LinkedHashMap<>(envelope.header());
                header.put("id", id);
                return new Envelope(header, envelope.body()).encode();
            }, 1, 1, Math.max(deadlineMillis, clock.getAsLong()) + REPLY_GRACE_MILLIS);
        } catch (KuraException | RuntimeException e) {
            LOG.warn("offload reply to {} not sent: {}", replyTopic, e.toString());
        }
    }

    private void forgetOld(long now, long windowMillis) {
        for (Iterator<Seen> it = seen.values().iterator(); it.hasNext();) {
            Seen s = it.next();
            if (now - s.atMillis > windowMillis || seen.size() > MAX_REMEMBERED) {
                it.remove();
            } else {
                break; // insertion order: the rest is younger
            }
        }
    }

    /** Counters for status displays: executed, duplicates, expired, rejected. */
    long[] counters() {
        return new long[] {executed.get(), duplicates.get(), expired.get(), rejected.get()};
    }

    void close() {
        ThreadPoolExecutor pool = workers;
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
