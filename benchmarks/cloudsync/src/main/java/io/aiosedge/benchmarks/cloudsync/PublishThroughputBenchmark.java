package io.aiosedge.benchmarks.cloudsync;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.aiosedge.cloudsync.mqtt.internal.MqttCloudEndpoint;

import io.aiosedge.testsupport.Mosquitto;

/**
 * QoS 1 publish throughput of 256-byte payloads against a local Mosquitto it starts, every figure against its
 * baseline measured in the same run, at each in-flight window asked for (default 9, Kura's cap, and 65535,
 * Paho's maximum):
 * <ul>
 * <li><b>bare</b>: one Paho {@code MqttAsyncClient}, at most {@code window} messages unacknowledged (a semaphore
 * released in the acknowledgement callback), published from one thread and from the publisher threads; the
 * faster of the two is the baseline, so that contention among the publisher threads never flatters ours;</li>
 * <li><b>default</b>: {@code MqttCloudEndpoint.publish} with the default durability
 * ({@code outbox.sync.interval.ms=100}: publish returns once the message is in the operating system's page cache,
 * the journal is forced every 100 ms);</li>
 * <li><b>power-loss</b>: {@code DurablePublisher.publishDurably}, whose stage completes once the message is on
 * disk (fdatasync; one force serves every message stored meanwhile); each publisher thread keeps at most
 * {@value #PIPELINE} messages whose stage has not completed yet, and a run ends when every stage completed and
 * every message was confirmed;</li>
 * <li><b>blocking</b> (printed, no goal): {@code outbox.sync.interval.ms=0}: publish returns once the message is on
 * disk (one force shared by the publishers waiting at that moment: group commit, so at most one message per
 * thread per force).</li>
 * </ul>
 * The publisher threads of the endpoint publish with three different priorities (2, 4, 6 by thread), so the
 * outbox's priority order is part of what is measured. Each figure is the median of {@code runs} runs after
 * warm-up runs of all three kinds for at least {@value #WARMUP_SECONDS} s per window (on two shared cores the JIT
 * compiles the endpoint's path for about 15 s; shorter warm-ups measure the compiler); the three kinds of run
 * alternate so that a change in the machine's load touches all of them.
 * The ratio of a window is the median of the runs' ratios (ours / bare of the same round).
 * Throughput counts from the first publish to the last acknowledgement (bare) or confirmation
 * ({@code onMessageConfirmed}, ours). Then backlogs stored while the broker was away are drained (default
 * durability, the first window) and timed from the moment the connection is up to the last confirmation: 10,000
 * messages (they stay in the journals; 5 drains) and 100,000 (most of them move into SQLite; 3 drains), each drain
 * right after a bare run (one thread) as its baseline; the ratio of a backlog is the median of its drains' ratios. Between the two, the
 * power-loss-safe mode with 1 to 64 publisher threads at the first window shows how group commit scales.
 *
 * <p>Ends with GOAL lines: {@code durable-default} and {@code durable-powerloss} carry the lowest ratio ours /
 * bare over the windows (the goal holds at every window or it is missed), {@code backlog-drain} the lower of the two
 * backlogs' median drain ratios.
 *
 * <p>Usage: {@code PublishThroughputBenchmark [messages per run] [publisher threads] [windows] [runs]}
 * (defaults 30000, 8, 9,65535, 7).
 */
public final class PublishThroughputBenchmark {

    static final int PAYLOAD_BYTES = 256;
    /** Backlogs drained: one that stays in the journals, one that mostly moves into SQLite. */
    static final int[] BACKLOGS = {10_000, 100_000};
    /** Publisher threads of the power-loss-safe sweep: group commit grows with the threads waiting at once. */
    static final int[] SWEEP_THREADS = {1, 4, 16, 32, 64};
    static final int[] PRIORITIES = {2, 4, 6};
    static final double DEFAULT_GOAL = 0.80;
    static final double POWERLOSS_GOAL = 0.50;
    static final double DRAIN_GOAL = 0.80;
    static final int DEFAULT_SYNC_MS = 100;
    static final int WARMUP_SECONDS = 20;
    /** Messages per publisher thread whose durable acknowledgement may be outstanding (power-loss row). */
    static final int PIPELINE = 1_000;

    private PublishThroughputBenchmark() {
    }

    /** One measured run: messages per second and JVM CPU time per message (µs, all threads). */
    record Run(double rate, double cpuMicrosPerMessage) {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? positive(args[0], "messages per run") : 30_000;
        int threads = args.length > 1 ? positive(args[1], "publisher threads") : 8;
        int[] windows = args.length > 2 ? windows(args[2]) : new int[] {9, 65535};
        int runs = args.length > 3 ? positive(args[3], "runs") : 7;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir",
                "target"))), "cloudsync-bench");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.out.printf(Locale.ROOT, "JVM %s, %d cores; QoS 1, %d-byte payloads, %d messages per run, %d publisher"
                + " threads (ours: priorities 2/4/6 by thread), median of %d runs after a warm-up%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), PAYLOAD_BYTES,
                messages, threads, runs);
        double worstDefault = Double.MAX_VALUE;
        double worstPowerLoss = Double.MAX_VALUE;
        double firstBare = 0;
        try (Mosquitto broker = Mosquitto.in(work.resolve("broker")).persistent(false).build().start()) {
            for (int window : windows) {
                List<Run> bare = new ArrayList<>();
                List<Run> durable = new ArrayList<>();
                List<Run> powerLoss = new ArrayList<>();
                List<Run> blocking = new ArrayList<>();
                long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
                int round = 0;
                do {
                    round(broker.url(), work.resolve("warm-" + window + "-" + round), messages, threads, window,
                            "warm-up " + ++round);
                } while (System.nanoTime() < warmUntil);
                for (int run = 1; run <= runs; run++) {
                    Run[] r = round(broker.url(), work.resolve("run-" + window + "-" + run), messages, threads, window,
                            "run " + run);
                    bare.add(r[0]);
                    durable.add(r[1]);
                    powerLoss.add(r[2]);
                    blocking.add(r[3]);
                }
                Run b = median(bare);
                Run d = median(durable);
                Run p = median(powerLoss);
                Run k = median(blocking);
                double defaultRatio = medianRatio(durable, bare);
                double powerLossRatio = medianRatio(powerLoss, bare);
                double blockingRatio = medianRatio(blocking, bare);
                System.out.printf(Locale.ROOT, "window %d (medians; ratio: the median of each run's ours / bare, measured"
                        + " back to back):%n", window);
                System.out.printf(Locale.ROOT, "  bare Paho MqttAsyncClient (faster of 1 and %d threads) %9.0f msg/s"
                        + "               %5.1f us CPU/msg%n", threads, b.rate, b.cpuMicrosPerMessage);
                System.out.printf(Locale.ROOT, "  outbox, default (fsync every %d ms)                   %9.0f msg/s   ratio %.2f"
                        + "  %5.1f us CPU/msg%n", DEFAULT_SYNC_MS, d.rate, defaultRatio, d.cpuMicrosPerMessage);
                System.out.printf(Locale.ROOT, "  outbox, power-loss safe (publishDurably, stage on fsync) %7.0f msg/s   ratio %.2f"
                        + "  %5.1f us CPU/msg%n", p.rate, powerLossRatio, p.cpuMicrosPerMessage);
                System.out.printf(Locale.ROOT, "  outbox, blocking publish (fsync before return)         %9.0f msg/s   ratio %.2f"
                        + "  %5.1f us CPU/msg%n", k.rate, blockingRatio, k.cpuMicrosPerMessage);
                worstDefault = Math.min(worstDefault, defaultRatio);
                worstPowerLoss = Math.min(worstPowerLoss, powerLossRatio);
                if (firstBare == 0) {
                    firstBare = b.rate;
                }
            }
            System.out.printf(Locale.ROOT, "blocking power-loss-safe publish by publisher threads (group commit), window %d,"
                    + " median of 3 (bare: %.0f msg/s):%n", windows[0], firstBare);
            for (int sweep : SWEEP_THREADS) {
                List<Run> runs3 = new ArrayList<>();
                for (int run = 0; run < 3; run++) {
                    runs3.add(ours(broker.url(), work.resolve("sweep-" + sweep + "-" + run), messages, sweep,
                            windows[0], 0, false));
                }
                Run r = median(runs3);
                System.out.printf(Locale.ROOT, "  %3d threads %9.0f msg/s   ratio %.2f  %5.1f us CPU/msg%n", sweep, r.rate,
                        r.rate / firstBare, r.cpuMicrosPerMessage);
            }
            double drainRatio = Double.MAX_VALUE;
            for (int backlog : BACKLOGS) {
                int repeats = backlog > 20_000 ? 3 : 5;
                List<Double> ratios = new ArrayList<>();
                for (int run = 1; run <= repeats; run++) {
                    Run b = bare(broker.url(), messages, 1, windows[0]); // the baseline next to each drain
                    double[] drain = drain(broker, work.resolve("backlog-" + backlog + "-" + run), windows[0], backlog);
                    double ratio = backlog / drain[0] / b.rate;
                    ratios.add(ratio);
                    System.out.printf(Locale.ROOT, "drain %d/%d of a %,d-message backlog stored while the broker was away"
                            + " (window %d, default durability, %s): %.2f s from the connection to the last confirmation"
                            + " (%.0f msg/s; bare Paho just before %.0f msg/s, ratio %.2f), %.2f s from the broker's"
                            + " start%n", run, repeats, backlog, windows[0], backlog > 20_000 ? "most of it in SQLite"
                            : "in the journals", drain[0], backlog / drain[0], b.rate, ratio, drain[1]);
                }
                Collections.sort(ratios);
                double median = ratios.get(ratios.size() / 2);
                System.out.printf(Locale.ROOT, "drain of %,d messages: median ratio %.2f%n", backlog, median);
                drainRatio = Math.min(drainRatio, median);
            }
            goal("durable-default", worstDefault, DEFAULT_GOAL);
            goal("durable-powerloss", worstPowerLoss, POWERLOSS_GOAL);
            goal("backlog-drain", drainRatio, DRAIN_GOAL);
        }
    }

    /**
     * One run of each kind, printed on one line: the baseline (the faster of bare Paho from one thread and from
     * {@code threads}), ours with the default durability, ours power-loss safe.
     */
    private static Run[] round(String url, Path dir, int messages, int threads, int window, String label)
            throws Exception {
        Run single = bare(url, messages, 1, window);
        Run shared = bare(url, messages, threads, window);
        Run b = single.rate >= shared.rate ? single : shared;
        Run d = ours(url, dir.resolve("default"), messages, threads, window, DEFAULT_SYNC_MS, false);
        Run p = ours(url, dir.resolve("powerloss"), messages, threads, window, DEFAULT_SYNC_MS, true);
        Run k = ours(url, dir.resolve("blocking"), messages, threads, window, 0, false);
        System.out.printf(Locale.ROOT, "  window %5d %-11s bare %7.0f (1 thread %7.0f, %d threads %7.0f), default %7.0f,"
                + " power-loss %7.0f, blocking %7.0f msg/s%n", window, label + ":", b.rate, single.rate, threads,
                shared.rate, d.rate, p.rate, k.rate);
        return new Run[] {b, d, p, k};
    }

    private static void goal(String name, double ratio, double goal) {
        System.out.printf(Locale.ROOT, "GOAL %s %.2f %.2f %s%n", name, ratio, goal, ratio >= goal ? "MET" : "MISSED");
    }

    private static int positive(String value, String what) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a positive integer, got '" + value + "'");
    }

    private static int[] windows(String list) {
        String[] parts = list.split(",");
        int[] windows = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            windows[i] = positive(parts[i], "window");
            if (windows[i] > 65535) {
                throw new IllegalArgumentException("window must be 1..65535 (MQTT packet ids), got " + windows[i]);
            }
        }
        return windows;
    }

    /**
     * The median of {@code ours[i] / bare[i]}: each pair ran back to back, so a change of the machine's load (other
     * builds on the shared cores) touches both sides of a ratio alike, which a ratio of the two medians does not.
     */
    static double medianRatio(List<Run> ours, List<Run> bare) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(ours.get(i).rate / bare.get(i).rate);
        }
        Collections.sort(ratios);
        return ratios.get(ratios.size() / 2);
    }

    static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        Collections.sort(sorted, (a, b) -> Double.compare(a.rate, b.rate));
        return sorted.get(sorted.size() / 2);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Starts {@code threads} threads running {@code body(thread index, messages of that thread)}; joins them. */
    private static void publishers(int threads, int messages, Publisher body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            int share = messages / threads + (t < messages % threads ? 1 : 0);
            Thread thread = new Thread(() -> {
                try {
                    body.run(index, share);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-publisher-" + t);
            started.add(thread);
            thread.start();
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a publisher failed", failure.get());
        }
    }

    @FunctionalInterface
    interface Publisher {
        void run(int thread, int messages) throws Exception;
    }

    /** Bare Paho: publish as fast as the window allows; messages per second to the last acknowledgement. */
    static Run bare(String url, int messages, int threads, int window) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, "bench-bare", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(window);
        client.connect(options).waitForCompletion();
        Semaphore slots = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(messages);
        IMqttActionListener acked = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                slots.release();
                done.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                throw new IllegalStateException("bare publish failed", e);
            }
        };
        byte[] payload = new byte[PAYLOAD_BYTES];
        long cpu = cpuNanos();
        long start = System.nanoTime();
        publishers(threads, messages, (t, share) -> {
            for (int i = 0; i < share; i++) {
                slots.acquire();
                client.publish("bench/bare", payload, 1, false, null, acked);
            }
        });
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("bare run did not finish: " + done.getCount() + " unacknowledged");
        }
        Run run = new Run(messages / ((System.nanoTime() - start) / 1e9), (cpuNanos() - cpu) / 1e3 / messages);
        client.disconnect().waitForCompletion();
        client.close();
        return run;
    }

    static MqttCloudEndpoint endpoint(String url, Path outbox, int window, int syncIntervalMillis, boolean connect)
            throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("kura.service.pid", "bench");
        p.put("broker.url", url);
        p.put("client.id", "bench-ours");
        p.put("tenant", "bench");
        p.put("inflight.window", window);
        p.put("clean.session", true);
        p.put("connect.auto", connect);
        p.put("status.enabled", false);
        p.put("commands.enabled", false);
        p.put("outbox.capacity", 1_000_000);
        p.put("outbox.sync.interval.ms", syncIntervalMillis);
        p.put("outbox.directory", outbox.toString());
        p.put("reconnect.min.delay.ms", 50L);
        p.put("reconnect.max.delay.ms", 200L);
        return new MqttCloudEndpoint(config(p), p, null, null, null);
    }

    /**
     * Ours: publish through the endpoint from {@code threads} threads (priority by thread); messages per second to
     * the last confirmation.
     */
    static Run ours(String url, Path outbox, int messages, int threads, int window, int syncIntervalMillis,
            boolean durably) throws Exception {
        MqttCloudEndpoint endpoint = endpoint(url, outbox, window, syncIntervalMillis, true);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!endpoint.isConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the endpoint did not connect to " + url);
                }
                Thread.sleep(1);
            }
            CountDownLatch done = new CountDownLatch(messages);
            endpoint.registerCloudDeliveryListener(id -> done.countDown());
            List<Map<String, Object>> properties = new ArrayList<>();
            for (int priority : PRIORITIES) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(MqttCloudEndpoint.MESSAGE_TOPIC, "bench/ours/" + priority);
                m.put(MqttCloudEndpoint.MESSAGE_PRIORITY, priority);
                properties.add(m);
            }
            byte[] body = new byte[PAYLOAD_BYTES];
            CountDownLatch onDisk = new CountDownLatch(durably ? messages : 0);
            AtomicReference<Throwable> notForced = new AtomicReference<>();
            long cpu = cpuNanos();
            long start = System.nanoTime();
            publishers(threads, messages, (t, share) -> {
                Map<String, Object> mine = properties.get(t % PRIORITIES.length);
                Semaphore pipeline = new Semaphore(PIPELINE);
                for (int i = 0; i < share; i++) {
                    KuraPayload payload = new KuraPayload();
                    payload.setBody(body);
                    if (!durably) {
                        endpoint.publish(new KuraMessage(payload, mine));
                        continue;
                    }
                    pipeline.acquire();
                    endpoint.publishDurably(new KuraMessage(payload, mine)).whenComplete((id, failure) -> {
                        if (failure != null) {
                            notForced.compareAndSet(null, failure);
                        }
                        pipeline.release();
                        onDisk.countDown();
                    });
                }
            });
            if (!done.await(5, TimeUnit.MINUTES) || !onDisk.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("run did not finish: " + done.getCount() + " unconfirmed, "
                        + onDisk.getCount() + " not on disk");
            }
            if (notForced.get() != null) {
                throw new IllegalStateException("a durable publish failed", notForced.get());
            }
            return new Run(messages / ((System.nanoTime() - start) / 1e9), (cpuNanos() - cpu) / 1e3 / messages);
        } finally {
            endpoint.deactivate();
        }
    }

    /**
     * Stores a backlog while the broker is away, then times its delivery once the broker is back: seconds from
     * the connection to the last confirmation, and from the broker's start (including the reconnect delay).
     */
    static double[] drain(Mosquitto broker, Path outbox, int window, int backlog) throws Exception {
        broker.stop();
        MqttCloudEndpoint endpoint = endpoint(broker.url(), outbox, window, DEFAULT_SYNC_MS, true);
        try {
            CountDownLatch done = new CountDownLatch(backlog);
            long[] connectedAt = new long[1];
            endpoint.registerCloudConnectionListener(new CloudConnectionListener() {
                @Override
                public void onConnectionEstablished() {
                    connectedAt[0] = System.nanoTime();
                }

                @Override
                public void onDisconnected() {
                }

                @Override
                public void onConnectionLost() {
                }
            });
            endpoint.registerCloudDeliveryListener(id -> done.countDown());
            Map<String, Object> properties = Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, "bench/backlog");
            byte[] body = new byte[PAYLOAD_BYTES];
            for (int i = 0; i < backlog; i++) {
                KuraPayload payload = new KuraPayload();
                payload.setBody(body);
                endpoint.publish(new KuraMessage(payload, properties));
            }
            long started = System.nanoTime();
            broker.start();
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("backlog not drained: " + done.getCount() + " unconfirmed");
            }
            long end = System.nanoTime();
            return new double[] {(end - connectedAt[0]) / 1e9, (end - started) / 1e9};
        } finally {
            endpoint.deactivate();
        }
    }

    /** The endpoint's typed configuration from a map (as DS would make it). */
    static MqttCloudEndpoint.Config config(Map<String, Object> values) {
        return (MqttCloudEndpoint.Config) Proxy.newProxyInstance(MqttCloudEndpoint.Config.class.getClassLoader(),
                new Class<?>[] {MqttCloudEndpoint.Config.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(values, args);
                    }
                    Object value = values.get(method.getName().replace('_', '.'));
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> type = method.getReturnType();
                    if (type == int.class) {
                        return ((Number) value).intValue();
                    }
                    if (type == long.class) {
                        return ((Number) value).longValue();
                    }
                    return value;
                });
    }
}
