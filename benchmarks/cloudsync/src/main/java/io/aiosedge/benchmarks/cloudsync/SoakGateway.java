package io.aiosedge.benchmarks.cloudsync;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

import io.aiosedge.api.cloud.OutboxState;
import io.aiosedge.cloudsync.mqtt.internal.MqttCloudEndpoint;

/**
 * The gateway of the soak run, a JVM of its own so that {@link SoakBenchmark} can kill it with SIGKILL: an endpoint
 * on a durable outbox (default durability) whose publisher threads publish messages {@code 0 .. total-1} (thread
 * {@code t} those with {@code n % threads == t}, priorities 2, 4, 6 by thread), each with {@code n} in the first 8
 * bytes of a 256-byte body, at a steady total rate (a gateway's sensors do not speed up when the link comes
 * back: a thread that fell behind by more than a second does not catch up). A refused publish (full store, policy
 * refuse) is retried after a short pause.
 *
 * <p>Progress survives a SIGKILL: after each publish returns, the thread stores how many of its messages were
 * accepted in a memory-mapped file (the page cache keeps it when the process dies), and a restarted gateway goes on
 * from there. Prints a {@code status} line every second (accepted, refused, outbox depth, stored bytes, disk bytes),
 * a {@code heap} line (bytes in use after a full GC) every 10 s and {@code drained} once everything was accepted and
 * the outbox is empty.
 *
 * <p>Arguments: broker URL, outbox directory, progress file, total messages, publisher threads, outbox capacity in
 * bytes, in-flight window, messages per second (all threads together).
 */
public final class SoakGateway {

    static final int BODY_BYTES = 256;
    static final String TOPIC = "soak/data";
    private static final int[] PRIORITIES = {2, 4, 6};

    private SoakGateway() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException("usage: SoakGateway <broker url> <outbox dir> <progress file> <total>"
                    + " <threads> <capacity bytes> <window> <messages per second>, got " + List.of(args));
        }
        String url = args[0];
        Path outbox = Path.of(args[1]);
        Path progressFile = Path.of(args[2]);
        long total = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        long capacityBytes = Long.parseLong(args[5]);
        int window = Integer.parseInt(args[6]);
        long nanosPerMessage = 1_000_000_000L * threads / Long.parseLong(args[7]); // per thread

        Map<String, Object> p = new HashMap<>();
        p.put("kura.service.pid", "soak");
        p.put("broker.url", url);
        p.put("client.id", "soak-gateway");
        p.put("tenant", "soak");
        p.put("inflight.window", window);
        p.put("status.enabled", false);
        p.put("commands.enabled", false);
        p.put("outbox.directory", outbox.toString());
        // bytes bind, not the message count: a full store is outbox.capacity.bytes of payload and topics
        p.put("outbox.capacity", 10_000_000);
        p.put("outbox.capacity.bytes", capacityBytes);
        p.put("outbox.full.policy", "refuse");
        p.put("reconnect.min.delay.ms", 100L);
        p.put("reconnect.max.delay.ms", 500L);
        MqttCloudEndpoint endpoint = new MqttCloudEndpoint(PublishThroughputBenchmark.config(p), p, null, null, null);

        try (FileChannel channel = FileChannel.open(progressFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer progress = channel.map(FileChannel.MapMode.READ_WRITE, 0, 8L * threads);
            AtomicLong refused = new AtomicLong();
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put(MqttCloudEndpoint.MESSAGE_TOPIC, TOPIC);
                properties.put(MqttCloudEndpoint.MESSAGE_PRIORITY, PRIORITIES[t % PRIORITIES.length]);
                Thread publisher = new Thread(() -> publish(endpoint, progress, thread, threads, total, properties,
                        refused, nanosPerMessage), "soak-publisher-" + t);
                publishers.add(publisher);
            }
            line("ready " + accepted(progress, threads));
            publishers.forEach(Thread::start);
            long started = System.nanoTime();
            long nextHeap = 0;
            while (true) {
                long uptime = (System.nanoTime() - started) / 1_000_000;
                OutboxState state = endpoint.outboxState().orElseThrow();
                line(String.format(Locale.ROOT, "status %d accepted=%d refused=%d depth=%d stored=%d disk=%d", uptime,
                        accepted(progress, threads), refused.get(), state.depth(), state.storedBytes(),
                        state.diskBytes()));
                if (uptime >= nextHeap) {
                    System.gc();
                    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    line(String.format(Locale.ROOT, "heap %d %d depth=%d", uptime, heap, state.depth()));
                    nextHeap = uptime + 10_000;
                }
                boolean allAccepted = publishers.stream().noneMatch(Thread::isAlive);
                if (allAccepted && state.depth() == 0) {
                    break;
                }
                Thread.sleep(1000);
            }
            line("drained " + accepted(progress, threads));
        }
        endpoint.deactivate();
    }

    /** Publishes thread {@code t}'s messages from where its progress says, retrying refused ones. */
    private static void publish(MqttCloudEndpoint endpoint, MappedByteBuffer progress, int t, int threads, long total,
            Map<String, Object> properties, AtomicLong refused, long nanosPerMessage) {
        long k = progress.getLong(8 * t);
        byte[] body = new byte[BODY_BYTES];
        long due = System.nanoTime();
        try {
            for (long n = t + k * threads; n < total; n += threads, k++) {
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                } else if (now - due > 1_000_000_000L) {
                    due = now; // fell behind (a full store): go on at the steady rate, no burst
                }
                due += nanosPerMessage;
                ByteBuffer.wrap(body).putLong(n);
                while (true) {
                    KuraPayload payload = new KuraPayload();
                    payload.setBody(body.clone());
                    try {
                        endpoint.publish(new KuraMessage(payload, properties));
                        break;
                    } catch (KuraStoreCapacityReachedException full) {
                        refused.incrementAndGet();
                        Thread.sleep(5);
                    }
                }
                progress.putLong(8 * t, k + 1);
            }
        } catch (Exception e) {
            line("failed " + e);
            System.exit(2);
        }
    }

    private static long accepted(MappedByteBuffer progress, int threads) {
        long sum = 0;
        for (int t = 0; t < threads; t++) {
            sum += progress.getLong(8 * t);
        }
        return sum;
    }

    private static void line(String text) {
        synchronized (System.out) {
            System.out.println(text);
            System.out.flush();
        }
    }
}
