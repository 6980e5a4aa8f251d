package io.aiosedge.benchmarks.cloudsync;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.aiosedge.testsupport.Mosquitto;

/**
 * The soak run (a scenario runner, not JMH): {@code messages} messages through the durable outbox of a gateway
 * process ({@link SoakGateway}, default durability, full-store policy refuse, a byte capacity small enough that
 * every outage fills the store) to a persistent consumer, with {@value #OUTAGES} broker outages (Mosquitto stopped
 * with SIGTERM for {@code outage seconds}, its persistence keeping the consumer's session) and {@value #KILLS}
 * SIGKILLs of the gateway, each restarted a second later on the same outbox: the first late in outage
 * {@value #KILL_DURING_OUTAGE} (a full store to recover), the second in normal operation. Events are placed by progress (share of the
 * messages accepted), so that a smaller run has the same shape, and each waits until the outbox drained after the
 * previous one (at most {@value #SETTLE_SECONDS} s), so that every outage starts from an empty store.
 *
 * <p>Prints every 2 s: time, phase, accepted, received, outbox depth, disk use of the outbox directory; the heap in
 * use after a full GC of the gateway every 10 s; per phase its duration, accepted and received messages and rates,
 * refusals and the largest disk use. At the end the loss and duplicate counts (the consumer records every {@code n}
 * in a bit set) and GOAL lines:
 * <ul>
 * <li>{@code soak-lost}: messages whose publish returned that never reached the consumer (goal 0);</li>
 * <li>{@code soak-duplicates}: deliveries beyond the first, against the bound at-least-once delivery allows here:
 * per outage the gateway's window and the broker's in-flight window to the consumer, per kill also two removal
 * batches (acknowledged, removal not yet written) and one message per publisher thread (accepted, progress not yet
 * stored);</li>
 * <li>{@code soak-disk}: the largest disk use over the bytes of a full store ({@code outbox.capacity.bytes}), goal
 * 2.0;</li>
 * <li>{@code soak-heap}: heap after a full GC with an empty outbox, last over first, goal 1.10.</li>
 * </ul>
 *
 * <p>The system property {@code soak.gateway.jvm} adds JVM options to the gateway processes (e.g. a flight
 * recording).
 *
 * <p>Usage: {@code SoakBenchmark [messages] [outage seconds] [capacity MiB] [messages per second]} (defaults
 * 1,000,000, 10, 16, 6,000: below what the link drains, so that the outbox empties between outages, and enough
 * for an outage to fill the store).
 */
public final class SoakBenchmark {

    static final int OUTAGES = 10;
    static final int KILLS = 2;
    static final int THREADS = 4;
    static final int WINDOW = 9;
    static final int BROKER_WINDOW = 100;
    static final int REMOVAL_BATCH = 256;
    static final String GATEWAY_HEAP = "-Xmx256m";
    static final int SETTLE_SECONDS = 30;
    static final int KILL_DURING_OUTAGE = 4;

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long messages = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int outageSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long capacityBytes = (args.length > 2 ? Long.parseLong(args[2]) : 16) * 1024 * 1024;
        long rate = args.length > 3 ? Long.parseLong(args[3]) : 6_000;
        if (messages < 1000 || outageSeconds < 1 || capacityBytes < 1024 * 1024 || rate < THREADS) {
            throw new IllegalArgumentException("messages must be >= 1000, outage seconds >= 1, capacity >= 1 MiB,"
                    + " rate >= " + THREADS + " messages/s; got " + messages + ", " + outageSeconds + ", "
                    + capacityBytes + " B, " + rate + "/s");
        }
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir",
                "target"))), "soak");
        new SoakBenchmark().run(work, messages, outageSeconds, capacityBytes, rate);
        System.out.flush();
        // Paho's consumer can be left in a reconnect attempt that never ends (its sender thread waits for a thread
        // that closing the client stopped); the run is over, so nothing of it must keep the JVM alive.
        System.exit(0);
    }

    // ------------------------------------------------------------------ the consumer

    /** A persistent-session subscriber that records which messages arrived and how often. */
    static final class Consumer implements MqttCallbackExtended, AutoCloseable {
        private final BitSet seen = new BitSet();
        private long deliveries;
        private long duplicates;
        private long foreign;
        private final MqttAsyncClient client;

        Consumer(String url) throws MqttException {
            client = new MqttAsyncClient(url, "soak-consumer", new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false); // the broker queues for us while we are away, across its restarts
            options.setAutomaticReconnect(true);
            options.setMaxReconnectDelay(500);
            options.setMaxInflight(1000);
            client.connect(options).waitForCompletion(10_000);
            client.subscribe(SoakGateway.TOPIC, 1).waitForCompletion(10_000);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long n = numberOf(message.getPayload());
            synchronized (this) {
                deliveries++;
                if (n < 0 || n > Integer.MAX_VALUE) {
                    foreign++;
                } else if (seen.get((int) n)) {
                    duplicates++;
                } else {
                    seen.set((int) n);
                }
            }
        }

        /** {@code n} from an AIOS envelope (magic, version, header length, JSON header, body) whose body starts with it. */
        static long numberOf(byte[] wire) {
            ByteBuffer b = ByteBuffer.wrap(wire);
            if (wire.length < 6 || b.get(0) != (byte) 0xAE || b.get(1) != 1) {
                return -1;
            }
            int bodyAt = 6 + b.getInt(2);
            return wire.length >= bodyAt + 8 ? b.getLong(bodyAt) : -1;
        }

        synchronized long received() {
            return seen.cardinality();
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized long deliveries() {
            return deliveries;
        }

        synchronized long foreign() {
            return foreign;
        }

        synchronized long missingBelow(long total) {
            return total - seen.get(0, (int) total).cardinality();
        }

        synchronized String firstMissing(long total, int count) {
            List<Integer> missing = new ArrayList<>();
            for (int n = seen.nextClearBit(0); n < total && missing.size() < count; n = seen.nextClearBit(n + 1)) {
                missing.add(n);
            }
            return missing.toString();
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the persistent session keeps the subscription; nothing to restore
        }

        @Override
        public void connectionLost(Throwable cause) {
            // Paho reconnects
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
            client.close();
        }
    }

    // ------------------------------------------------------------------ the gateway process

    /** A gateway process and what it last reported. */
    final class Gateway {
        final Process process;
        volatile long accepted;
        volatile long refused;
        volatile long depth = Long.MAX_VALUE; // unknown until the first status line
        volatile boolean drained;
        volatile String failure;

        Gateway(Path outbox, Path progress) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            accepted = acceptedSoFar(progress);
            List<String> command = new ArrayList<>(List.of(java, GATEWAY_HEAP));
            String extra = System.getProperty("soak.gateway.jvm", "").trim(); // e.g. a flight recording
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-cp", childClasspath(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    SoakGateway.class.getName(), broker.url(), outbox.toString(), progress.toString(),
                    Long.toString(messages), Integer.toString(THREADS), Long.toString(capacityBytes),
                    Integer.toString(WINDOW), Long.toString(rate)));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread reader = new Thread(this::read, "soak-gateway-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(" ");
                    switch (f[0]) {
                    case "status":
                        accepted = field(f, "accepted");
                        refused = field(f, "refused");
                        depth = field(f, "depth");
                        break;
                    case "heap":
                        heap(Long.parseLong(f[2]), field(f, "depth"));
                        break;
                    case "drained":
                        drained = true;
                        break;
                    case "failed":
                        failure = line;
                        break;
                    default:
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process died
            }
        }

        private long field(String[] fields, String name) {
            for (String f : fields) {
                if (f.startsWith(name + "=")) {
                    return Long.parseLong(f.substring(name.length() + 1));
                }
            }
            throw new IllegalStateException("no " + name + " in " + String.join(" ", fields));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** What the gateways accepted so far, from their progress file (it outlives a SIGKILL). */
    static long acceptedSoFar(Path progress) throws IOException {
        if (!Files.exists(progress)) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(progress));
        long sum = 0;
        while (b.remaining() >= 8) {
            sum += b.getLong();
        }
        return sum;
    }

    /**
     * The class path for the gateway process: this class loader's (under {@code mvn exec:java} the JVM's own class
     * path is Maven's), else the JVM's.
     */
    static String childClasspath() {
        ClassLoader loader = SoakBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader) {
            StringBuilder path = new StringBuilder();
            for (URL url : ((URLClassLoader) loader).getURLs()) {
                try {
                    path.append(path.length() == 0 ? "" : File.pathSeparator)
                            .append(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("class path entry " + url + " is not a file", e);
                }
            }
            return path.toString();
        }
        return System.getProperty("java.class.path");
    }

    // ------------------------------------------------------------------ the run

    /** What happened between two events. */
    private static final class Phase {
        final String name;
        final long startNanos = System.nanoTime();
        final long acceptedAtStart;
        final long receivedAtStart;
        final long refusedAtStart;
        long maxDisk;

        Phase(String name, long accepted, long received, long refused) {
            this.name = name;
            this.acceptedAtStart = accepted;
            this.receivedAtStart = received;
            this.refusedAtStart = refused;
        }
    }

    private Mosquitto broker;
    private long messages;
    private long capacityBytes;
    private long rate;
    private Path outbox;
    private Consumer consumer;
    private Gateway gateway;
    private long refusedBefore; // refusals counted by gateways that were killed
    private final List<Phase> phases = new ArrayList<>();
    private Phase phase;
    private long maxDisk;
    private long runStartNanos;
    private long lastTimeLine;
    private final List<long[]> drainedHeaps = new ArrayList<>(); // {seconds, bytes}
    private long maxHeap;

    private synchronized void heap(long bytes, long depth) {
        long seconds = (System.nanoTime() - runStartNanos) / 1_000_000_000L;
        maxHeap = Math.max(maxHeap, bytes);
        System.out.printf(Locale.ROOT, "%6d s  heap after full GC %6.1f MiB (outbox depth %d)%n", seconds,
                bytes / 1048576.0, depth);
        if (depth < 1000 && seconds >= 10) {
            drainedHeaps.add(new long[] {seconds, bytes});
        }
    }

    void run(Path work, long total, int outageSeconds, long capacity, long messagesPerSecond) throws Exception {
        this.messages = total;
        this.rate = messagesPerSecond;
        this.capacityBytes = capacity;
        this.outbox = work.resolve("outbox");
        Path progress = work.resolve("progress.bin");
        System.out.printf(Locale.ROOT, "soak: %,d messages (%d-byte bodies, QoS 1, %d publisher threads, priorities"
                + " 2/4/6, %,d msg/s), window %d, outbox.capacity.bytes %d MiB (policy refuse, default durability), %d"
                + " broker outages of %d s, %d gateway SIGKILLs; JVM %s, %d cores%n", total, SoakGateway.BODY_BYTES,
                THREADS, messagesPerSecond, WINDOW, capacity >> 20, OUTAGES, outageSeconds, KILLS,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<Double> outageAt = new ArrayList<>();
        for (int i = 0; i < OUTAGES; i++) {
            outageAt.add((i + 0.5) / (OUTAGES + 1));
        }
        // the first SIGKILL during outage KILL_DURING_OUTAGE, when the store is full; the second in normal operation
        double secondKillAt = 0.77;
        try (Mosquitto b = Mosquitto.in(work.resolve("broker")).saveOnlyAtExit().build().start()) {
            broker = b;
            try (Consumer c = new Consumer(broker.url())) {
                consumer = c;
                runStartNanos = System.nanoTime();
                gateway = new Gateway(outbox, progress);
                startPhase("running");
                int nextOutage = 0;
                int kills = 0;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
                while (true) {
                    tick();
                    double done = (double) gateway.accepted / total;
                    long sinceEvent = System.nanoTime() - lastEventNanos;
                    boolean settled = sinceEvent > TimeUnit.SECONDS.toNanos(SETTLE_SECONDS)
                            || sinceEvent > TimeUnit.SECONDS.toNanos(2) && gateway.depth < 1000;
                    if (!settled) {
                        Thread.sleep(200);
                        continue;
                    }
                    if (nextOutage < OUTAGES && done >= outageAt.get(nextOutage)) {
                        nextOutage++;
                        startPhase("outage " + nextOutage);
                        broker.stop();
                        if (nextOutage == KILL_DURING_OUTAGE) {
                            sleepTicking(outageSeconds * 900L); // the store is full by then
                            System.out.printf(Locale.ROOT, "        SIGKILL with %,d messages stored%n", gateway.depth);
                            kill(++kills, progress);
                            startPhase("outage " + nextOutage + " (restarted)");
                            sleepTicking(Math.max(0, outageSeconds * 100L - 1000));
                        } else {
                            sleepTicking(outageSeconds * 1000L);
                        }
                        broker.start();
                        startPhase("after outage " + nextOutage);
                        lastEventNanos = System.nanoTime();
                    } else if (kills < KILLS && nextOutage > KILL_DURING_OUTAGE && done >= secondKillAt) {
                        System.out.printf(Locale.ROOT, "        SIGKILL with %,d messages stored%n", gateway.depth);
                        kill(++kills, progress);
                        startPhase("after SIGKILL " + kills);
                        lastEventNanos = System.nanoTime();
                    } else if (gateway.drained && consumer.received() >= total) {
                        break;
                    } else if (gateway.failure != null) {
                        throw new IllegalStateException("the gateway failed: " + gateway.failure);
                    } else if (!gateway.process.isAlive() && !gateway.drained) {
                        throw new IllegalStateException("the gateway exited with " + gateway.process.exitValue());
                    } else if (gateway.drained && consumer.received() < total) {
                        if (System.nanoTime() > drainWait()) {
                            break; // lost messages: reported below
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the soak did not finish within 60 minutes");
                    }
                    Thread.sleep(200);
                }
                endPhase();
                gateway.process.waitFor(30, TimeUnit.SECONDS);
                report(total);
            }
        }
    }

    /** SIGKILLs the gateway and starts the next one on the same outbox a second later. */
    private void kill(int number, Path progress) throws Exception {
        startPhase("SIGKILL " + number);
        refusedBefore += gateway.refused;
        gateway.kill();
        sleepTicking(1000);
        gateway = new Gateway(outbox, progress);
    }

    private long drainDeadline;
    private long lastEventNanos;

    /** Once the gateway drained, the consumer gets 60 s to receive the rest. */
    private long drainWait() {
        if (drainDeadline == 0) {
            drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        }
        return drainDeadline;
    }

    private void sleepTicking(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            tick();
            Thread.sleep(200);
        }
    }

    /** Samples the disk; every 2 s prints a line. */
    private void tick() {
        long disk = diskBytes(outbox);
        maxDisk = Math.max(maxDisk, disk);
        if (phase != null) {
            phase.maxDisk = Math.max(phase.maxDisk, disk);
        }
        long now = System.nanoTime();
        if (now - lastTimeLine >= 2_000_000_000L) {
            lastTimeLine = now;
            System.out.printf(Locale.ROOT, "%6d s  %-16s accepted %,10d  received %,10d  depth %,8d  disk %6.1f MiB%n",
                    (now - runStartNanos) / 1_000_000_000L, phase == null ? "" : phase.name, gateway.accepted,
                    consumer.received(), gateway.depth == Long.MAX_VALUE ? -1 : gateway.depth, disk / 1048576.0);
        }
    }

    private void startPhase(String name) {
        endPhase();
        phase = new Phase(name, gateway.accepted, consumer.received(), refusedBefore + gateway.refused);
        System.out.printf(Locale.ROOT, "%6d s  -- %s%n", (phase.startNanos - runStartNanos) / 1_000_000_000L, name);
    }

    private void endPhase() {
        if (phase == null) {
            return;
        }
        Phase p = phase;
        phase = null;
        double seconds = (System.nanoTime() - p.startNanos) / 1e9;
        long accepted = gateway.accepted - p.acceptedAtStart;
        long received = consumer.received() - p.receivedAtStart;
        long refused = refusedBefore + gateway.refused - p.refusedAtStart;
        System.out.printf(Locale.ROOT, "        phase %-18s %6.1f s  accepted %,9d (%,7.0f/s)  received %,9d (%,7.0f/s)"
                + "  refused %,9d  max disk %6.1f MiB%n", p.name, seconds, accepted, accepted / seconds, received,
                received / seconds, refused, p.maxDisk / 1048576.0);
        phases.add(p);
    }

    private void report(long total) {
        long lost = consumer.missingBelow(total);
        long duplicates = consumer.duplicates();
        double seconds = (System.nanoTime() - runStartNanos) / 1e9;
        System.out.printf(Locale.ROOT, "total: %,d messages in %.0f s (%,.0f msg/s over the whole run, outages"
                + " included); %,d deliveries, %,d distinct, %,d duplicates, %,d lost%s, %,d foreign; refusals (full"
                + " store, retried) %,d%n", total, seconds, total / seconds, consumer.deliveries(), consumer.received(),
                duplicates, lost, lost > 0 ? " (first: " + consumer.firstMissing(total, 10) + ")" : "",
                consumer.foreign(), refusedBefore + gateway.refused);
        System.out.printf(Locale.ROOT, "disk: at most %.1f MiB for a full store of %d MiB (outbox.capacity.bytes)%n",
                maxDisk / 1048576.0, capacityBytes >> 20);
        double heapGrowth = Double.NaN;
        if (drainedHeaps.size() >= 2) {
            long[] first = drainedHeaps.get(0);
            long[] last = drainedHeaps.get(drainedHeaps.size() - 1);
            heapGrowth = (double) last[1] / first[1];
            System.out.printf(Locale.ROOT, "heap after full GC with an empty outbox: %.1f MiB at %d s, %.1f MiB at %d s;"
                    + " largest sample %.1f MiB (gateway %s)%n", first[1] / 1048576.0, first[0], last[1] / 1048576.0,
                    last[0], maxHeap / 1048576.0, GATEWAY_HEAP);
        }
        long duplicateBound = OUTAGES * (WINDOW + BROKER_WINDOW)
                + KILLS * (WINDOW + BROKER_WINDOW + 2 * REMOVAL_BATCH + THREADS);
        double disk = (double) maxDisk / capacityBytes;
        System.out.printf(Locale.ROOT, "GOAL soak-lost %d 0 %s%n", lost, lost == 0 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "GOAL soak-duplicates %d %d %s%n", duplicates, duplicateBound,
                duplicates <= duplicateBound ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "GOAL soak-disk %.2f 2.00 %s%n", disk, disk <= 2.0 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "GOAL soak-heap %.2f 1.10 %s%n", heapGrowth,
                heapGrowth <= 1.10 ? "MET" : "MISSED");
    }

    /** Bytes of the files in {@code dir} (the outbox: database, WAL, journal slots); 0 while it is missing. */
    static long diskBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // deleted meanwhile
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
