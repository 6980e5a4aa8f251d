package io.aiosedge.benchmarks.wan;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulated WAN between the cloud worker and the broker. {@code netem}: the worker runs in a network namespace
 * joined to the host by a veth pair whose two ends delay and rate-limit with {@code tc netem} (root, a kernel with
 * sch_netem). {@code proxy}: a user-space delay proxy ({@link DelayProxy}) on the host. {@code none}: no WAN (the
 * broker on loopback), for comparison.
 */
abstract class WanLink implements AutoCloseable {

    static final String NAMESPACE = "aios-wan";
    static final String HOST_ADDRESS = "10.231.7.1";
    static final String NAMESPACE_ADDRESS = "10.231.7.2";

    /** How the worker reaches the broker. */
    abstract String brokerUrl(int brokerPort);

    /** What the worker's command runs through. */
    List<String> commandPrefix() {
        return List.of();
    }

    /** Further addresses the broker must listen on. */
    List<String> brokerAddresses() {
        return List.of();
    }

    /** One line for the results. */
    abstract String describe();

    abstract void start(int brokerPort) throws IOException;

    @Override
    public abstract void close() throws IOException;

    /** Runs a command; its output and status, or an IOException saying what failed. */
    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** Why netem cannot be used here, or null when it can (checked with a throw-away veth pair). */
    static String netemUnavailable() {
        try {
            run(List.of("ip", "netns", "list"));
        } catch (IOException e) {
            return "no network namespaces (" + e.getMessage() + ")";
        }
        try {
            run(List.of("ip", "link", "add", "aios-wantest0", "type", "veth", "peer", "name", "aios-wantest1"));
        } catch (IOException e) {
            return "cannot create a veth pair (root needed): " + e.getMessage();
        }
        try {
            run(List.of("tc", "qdisc", "add", "dev", "aios-wantest0", "root", "netem", "delay", "1ms"));
            return null;
        } catch (IOException e) {
            return "tc netem is not available (kernel without sch_netem?): " + e.getMessage();
        } finally {
            try {
                run(List.of("ip", "link", "del", "aios-wantest0"));
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    /** tc netem on both ends of a veth pair, the worker in its own network namespace. */
    static final class Netem extends WanLink {
        private final long oneWayDelayMillis;
        private final long bitsPerSecond;

        Netem(long oneWayDelayMillis, long bitsPerSecond) {
            this.oneWayDelayMillis = oneWayDelayMillis;
            this.bitsPerSecond = bitsPerSecond;
        }

        @Override
        void start(int brokerPort) throws IOException {
            close(); // a namespace left by an interrupted run
            String delay = oneWayDelayMillis + "ms";
            String rate = bitsPerSecond / 1000 + "kbit";
            List<List<String>> commands = new ArrayList<>();
            commands.add(List.of("ip", "netns", "add", NAMESPACE));
            commands.add(List.of("ip", "link", "add", "aios-wan0", "type", "veth", "peer", "name", "aios-wan1"));
            commands.add(List.of("ip", "link", "set", "aios-wan1", "netns", NAMESPACE));
            commands.add(List.of("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", "aios-wan0"));
            commands.add(List.of("ip", "link", "set", "aios-wan0", "up"));
            commands.add(List.of("ip", "netns", "exec", NAMESPACE, "ip", "addr", "add", NAMESPACE_ADDRESS + "/30", "dev",
                    "aios-wan1"));
            commands.add(List.of("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "aios-wan1", "up"));
            commands.add(List.of("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up"));
            commands.add(List.of("tc", "qdisc", "add", "dev", "aios-wan0", "root", "netem", "delay", delay, "rate", rate));
            commands.add(List.of("ip", "netns", "exec", NAMESPACE, "tc", "qdisc", "add", "dev", "aios-wan1", "root",
                    "netem", "delay", delay, "rate", rate));
            for (List<String> c : commands) {
                run(c);
            }
        }

        @Override
        String brokerUrl(int brokerPort) {
            return "tcp://" + HOST_ADDRESS + ":" + brokerPort;
        }

        @Override
        List<String> commandPrefix() {
            return List.of("ip", "netns", "exec", NAMESPACE);
        }

        @Override
        List<String> brokerAddresses() {
            return List.of(HOST_ADDRESS);
        }

        @Override
        String describe() {
            return "tc netem on a veth pair into network namespace " + NAMESPACE + ": " + oneWayDelayMillis
                    + " ms each way (RTT " + 2 * oneWayDelayMillis + " ms), " + bitsPerSecond / 1_000_000.0
                    + " Mbit/s each way";
        }

        @Override
        public void close() {
            try {
                run(List.of("ip", "netns", "del", NAMESPACE));
            } catch (IOException ignored) {
                // not there
            }
            try {
                run(List.of("ip", "link", "del", "aios-wan0"));
            } catch (IOException ignored) {
                // went with the namespace
            }
        }
    }

    /** The user-space delay proxy on loopback. */
    static final class Proxy extends WanLink {
        private final long oneWayDelayMillis;
        private final long bitsPerSecond;
        private DelayProxy proxy;

        Proxy(long oneWayDelayMillis, long bitsPerSecond) {
            this.oneWayDelayMillis = oneWayDelayMillis;
            this.bitsPerSecond = bitsPerSecond;
        }

        @Override
        void start(int brokerPort) throws IOException {
            proxy = new DelayProxy(new InetSocketAddress("127.0.0.1", brokerPort), oneWayDelayMillis, bitsPerSecond);
        }

        @Override
        String brokerUrl(int brokerPort) {
            return "tcp://127.0.0.1:" + proxy.port();
        }

        @Override
        String describe() {
            return "user-space delay proxy between worker and broker (no sch_netem here): " + oneWayDelayMillis
                    + " ms each way (RTT " + 2 * oneWayDelayMillis + " ms), " + bitsPerSecond / 1_000_000.0
                    + " Mbit/s each way, unbounded buffer";
        }

        @Override
        public void close() throws IOException {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** No emulated WAN. */
    static final class None extends WanLink {
        @Override
        void start(int brokerPort) {
            // nothing
        }

        @Override
        String brokerUrl(int brokerPort) {
            return "tcp://127.0.0.1:" + brokerPort;
        }

        @Override
        String describe() {
            return "no emulated WAN (loopback)";
        }

        @Override
        public void close() {
            // nothing
        }
    }
}
