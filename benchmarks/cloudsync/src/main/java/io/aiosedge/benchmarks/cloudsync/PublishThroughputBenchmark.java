package io.aiosedge.benchmarks.cloudsync;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.aiosedge.cloudsync.mqtt.internal.MqttCloudEndpoint;

/**
 * QoS 1 publish throughput of 256-byte payloads against a local Mosquitto it starts, measured in the same run:
 * <ul>
 * <li>baseline: a bare Paho MqttAsyncClient publish loop keeping at most {@value #WINDOW} messages unacknowledged;</li>
 * <li>ours: {@code MqttCloudEndpoint.publish} (durable outbox, same in-flight window) in a loop, once with an fsync
 * before every publish returns (the default) and once with the periodic fsync policy (100 ms);</li>
 * <li>the time to drain a 10,000-message backlog stored while the broker was away.</li>
 * </ul>
 * Each figure is the median of {@value #RUNS} runs after one warm-up run; throughput counts from the first publish to
 * the last acknowledgement (confirmation). Prints the figures and the ratios ours / bare.
 *
 * <p>Usage: {@code PublishThroughputBenchmark [messages per run]} (default 20,000).
 */
public final class PublishThroughputBenchmark {

    static final int WINDOW = 9;
    static final int PAYLOAD_BYTES = 256;
    static final int RUNS = 3;
    static final int BACKLOG = 10_000;
    static final int PUBLISHER_THREADS = 4;

    private PublishThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir", "target"))), "cloudsync-bench");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        try (LocalMosquitto broker = new LocalMosquitto(work.resolve("broker")).start()) {
            System.out.printf("QoS 1, %d-byte payloads, in-flight window %d, %d messages per run, median of %d runs%n",
                    PAYLOAD_BYTES, WINDOW, messages, RUNS);
            List<Double> bare = new ArrayList<>();
            List<Double> durable = new ArrayList<>();
            List<Double> periodic = new ArrayList<>();
            List<Double> grouped = new ArrayList<>();
            for (int run = 0; run <= RUNS; run++) { // run 0 warms up
                double b = bare(broker.url(), messages);
                double d = ours(broker.url(), work.resolve("fsync-" + run), messages, 0);
                double p = ours(broker.url(), work.resolve("periodic-" + run), messages, 100);
                double g = ours(broker.url(), work.resolve("grouped-" + run), messages, 0, PUBLISHER_THREADS);
                if (run > 0) {
                    bare.add(b);
                    durable.add(d);
                    periodic.add(p);
                    grouped.add(g);
                }
            }
            double bareMedian = median(bare);
            double durableMedian = median(durable);
            double periodicMedian = median(periodic);
            double groupedMedian = median(grouped);
            System.out.printf("bare Paho MqttAsyncClient            %9.0f msg/s%n", bareMedian);
            System.out.printf("endpoint, fsync every publish        %9.0f msg/s   ratio %.2f%n", durableMedian,
                    durableMedian / bareMedian);
            System.out.printf("endpoint, fsync every 100 ms         %9.0f msg/s   ratio %.2f%n", periodicMedian,
                    periodicMedian / bareMedian);
            System.out.printf("endpoint, fsync every publish, %d publisher threads (group commit) %9.0f msg/s   ratio %.2f%n",
                    PUBLISHER_THREADS, groupedMedian, groupedMedian / bareMedian);
            double drain = drain(broker, work.resolve("backlog"));
            System.out.printf("drain of a %d-message backlog after the broker returned: %.2f s (%.0f msg/s)%n", BACKLOG,
                    drain, BACKLOG / drain);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Bare Paho: publish as fast as the window allows; messages per second to the last acknowledgement. */
    static double bare(String url, int messages) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, "bench-bare", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(WINDOW);
        client.connect(options).waitForCompletion();
        Semaphore window = new Semaphore(WINDOW);
        CountDownLatch done = new CountDownLatch(messages);
        IMqttActionListener acked = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
                done.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                throw new IllegalStateException("bare publish failed", e);
            }
        };
        byte[] payload = new byte[PAYLOAD_BYTES];
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            window.acquire();
            client.publish("bench/bare", payload, 1, false, null, acked);
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("bare run did not finish");
        }
        double rate = messages / ((System.nanoTime() - start) / 1e9);
        client.disconnect().waitForCompletion();
        client.close();
        return rate;
    }

    static MqttCloudEndpoint endpoint(String url, Path outbox, int syncIntervalMillis, boolean connect) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("kura.service.pid", "bench");
        p.put("broker.url", url);
        p.put("client.id", "bench-ours");
        p.put("tenant", "bench");
        p.put("inflight.window", WINDOW);
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

    static double ours(String url, Path outbox, int messages, int syncIntervalMillis) throws Exception {
        return ours(url, outbox, messages, syncIntervalMillis, 1);
    }

    /**
     * Ours: publish through the endpoint in a loop (split over {@code threads} publishing threads); messages per
     * second to the last confirmation.
     */
    static double ours(String url, Path outbox, int messages, int syncIntervalMillis, int threads) throws Exception {
        MqttCloudEndpoint endpoint = endpoint(url, outbox, syncIntervalMillis, true);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!endpoint.isConnected() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            CountDownLatch done = new CountDownLatch(messages);
            endpoint.registerCloudDeliveryListener(id -> done.countDown());
            Map<String, Object> properties = Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, "bench/ours");
            byte[] body = new byte[PAYLOAD_BYTES];
            long start = System.nanoTime();
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = messages / threads + (t < messages % threads ? 1 : 0);
                Thread publisher = new Thread(() -> {
                    try {
                        for (int i = 0; i < share; i++) {
                            KuraPayload payload = new KuraPayload();
                            payload.setBody(body);
                            endpoint.publish(new KuraMessage(payload, properties));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "bench-publisher-" + t);
                publishers.add(publisher);
                publisher.start();
            }
            for (Thread publisher : publishers) {
                publisher.join();
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("run did not finish: " + done.getCount() + " unconfirmed");
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        } finally {
            endpoint.deactivate();
        }
    }

    /** Stores a backlog while the broker is away, then times its delivery once the broker is back. */
    static double drain(LocalMosquitto broker, Path outbox) throws Exception {
        broker.stop();
        MqttCloudEndpoint endpoint = endpoint(broker.url(), outbox, 0, true);
        try {
            AtomicInteger confirmed = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(BACKLOG);
            endpoint.registerCloudDeliveryListener(id -> {
                confirmed.incrementAndGet();
                done.countDown();
            });
            Map<String, Object> properties = Map.of(MqttCloudEndpoint.MESSAGE_TOPIC, "bench/backlog");
            byte[] body = new byte[PAYLOAD_BYTES];
            for (int i = 0; i < BACKLOG; i++) {
                KuraPayload payload = new KuraPayload();
                payload.setBody(body);
                endpoint.publish(new KuraMessage(payload, properties));
            }
            broker.start();
            long start = System.nanoTime();
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("backlog not drained: " + confirmed.get());
            }
            // from the broker's return, including the reconnect delay (at most 200 ms here)
            return (System.nanoTime() - start) / 1e9;
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
