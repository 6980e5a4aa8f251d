package io.aiosedge.benchmarks.scheduler;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A scenario read from a properties file (the keys are listed in the README and in {@code scenarios/*.properties}):
 * the topology (gateways, peers, a cloud pool shared by every gateway), the links (a WAN shared by every gateway,
 * an optional MAN to the peers, an optional access hop from the devices to their gateway), the contention model,
 * the applications and the load levels. Immutable; {@link #with} gives a variant (the robustness sweep).
 */
final class Scenario {

    /** How a node shares its capacity among tasks. */
    enum Contention {
        /** A fixed number of slots; a task waits for a free one, then runs at full speed (our gateway, workers). */
        SLOTS,
        /** Processor sharing: every task assigned runs at once and each gets cores / tasks of the speed. */
        SHARED
    }

    /** A distribution with mean 1 that multiplies a nominal value. */
    enum Spread {
        NONE, LOGNORMAL, EXPONENTIAL;

        static Spread of(String text, String key) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario property " + key + " = '" + text
                        + "' is not one of none, lognormal, exponential");
            }
        }
    }

    /** One application: the share of devices running it and what each of its tasks looks like. */
    record App(String name, double share, double intervalSeconds, double activeSeconds, double idleSeconds,
            long inputBytes, long outputBytes, Spread sizeSpread, double instructions, Spread lengthSpread,
            double deadlineMillis, double edgeOnlyShare, boolean edgeModel, double unsureShare) {
    }

    final Properties source;
    final String name;
    final long seed;
    final double durationSeconds;
    final double warmupSeconds;
    final Map<String, Integer> loads;
    final List<String> policies;
    final Contention contention;
    final int sharedSlotsPerCore;
    final int gateways;
    final int gatewaySlots;
    final int gatewayCores;
    final double gatewaySpeed;
    final int peerCount;
    final int peerSlots;
    final int peerCores;
    final double peerSpeed;
    final int cloudSlots;
    final int cloudCores;
    final double cloudSpeed;
    final Spread computeSpread;
    final double computeSigma;
    final double rttMillis;
    final double upBandwidth;
    final double downBandwidth;
    final int maxTransfers;
    final boolean fifoLink;
    final double manRttMillis;
    final double manBandwidth;
    final double accessMillis;
    final double accessBandwidth;
    final List<double[]> outagesSeconds;
    final double detectMillis;
    final long offloadTimeoutMillis;
    final double advertiseMillis;
    /** The scheduler's fading half-life (ms); NaN: the scheduler's default. For ablations. */
    final double learningHalfLifeMillis;
    /** Windows (s) in which the cloud computes slower, with the factor: {from, to, factor}. */
    final List<double[]> cloudSlowdowns;
    final List<double[]> rateProfile;
    final List<App> apps;

    private Scenario(Properties p) {
        this.source = p;
        name = get(p, "name");
        seed = (long) num(p, "seed");
        durationSeconds = num(p, "duration.s");
        warmupSeconds = num(p, "warmup.s", 0);
        loads = new LinkedHashMap<>();
        for (String level : get(p, "loads").split(",")) {
            String[] parts = level.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("scenario property loads: '" + level + "' is not name:devices");
            }
            loads.put(parts[0], Integer.parseInt(parts[1]));
        }
        policies = List.of(get(p, "policies").split("\\s*,\\s*"));
        String contentionText = p.getProperty("contention", "slots").trim().toUpperCase(Locale.ROOT);
        try {
            contention = Contention.valueOf(contentionText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scenario property contention = '" + contentionText
                    + "' is not slots or shared");
        }
        sharedSlotsPerCore = (int) num(p, "shared.slots.per.core", 4);
        gateways = (int) num(p, "gateways", 1);
        gatewaySlots = (int) num(p, "gateway.slots");
        gatewayCores = (int) num(p, "gateway.cores", gatewaySlots);
        gatewaySpeed = num(p, "gateway.speed");
        peerCount = (int) num(p, "peer.count", 0);
        peerSlots = (int) num(p, "peer.slots", 1);
        peerCores = (int) num(p, "peer.cores", peerSlots);
        peerSpeed = num(p, "peer.speed", 1e9);
        cloudSlots = (int) num(p, "cloud.slots");
        cloudCores = (int) num(p, "cloud.cores", cloudSlots);
        cloudSpeed = num(p, "cloud.speed");
        if (p.getProperty("compute.dist") != null) {
            computeSpread = Spread.of(p.getProperty("compute.dist"), "compute.dist");
        } else {
            computeSpread = num(p, "compute.sigma", 0) > 0 ? Spread.LOGNORMAL : Spread.NONE;
        }
        computeSigma = num(p, "compute.sigma", 0.5);
        double factor = num(p, "link.bandwidth.factor", 1);
        rttMillis = num(p, "link.rtt.ms");
        upBandwidth = num(p, "link.up.bandwidth", num(p, "link.bandwidth", Double.NaN)) * factor;
        downBandwidth = num(p, "link.down.bandwidth", num(p, "link.bandwidth", Double.NaN)) * factor;
        if (!(upBandwidth > 0) || !(downBandwidth > 0)) {
            throw new IllegalArgumentException("scenario " + name + ": link.bandwidth (or link.up.bandwidth and"
                    + " link.down.bandwidth) must be > 0");
        }
        maxTransfers = (int) num(p, "link.max.transfers", Integer.MAX_VALUE);
        fifoLink = "fifo".equalsIgnoreCase(p.getProperty("link.sharing", "shared").trim());
        manRttMillis = num(p, "man.rtt.ms", 0);
        manBandwidth = num(p, "man.bandwidth", 0) * factor;
        accessMillis = num(p, "access.latency.ms", 0);
        accessBandwidth = num(p, "access.bandwidth", 0);
        outagesSeconds = ranges(p.getProperty("link.outages", ""), "link.outages");
        detectMillis = num(p, "link.detect.ms", 500);
        offloadTimeoutMillis = (long) num(p, "offload.timeout.ms");
        advertiseMillis = num(p, "advertise.ms", 1000);
        learningHalfLifeMillis = num(p, "scheduler.learning.halflife.ms", Double.NaN);
        cloudSlowdowns = new ArrayList<>();
        for (String window : p.getProperty("cloud.slowdowns", "").split(",")) {
            if (window.isBlank()) {
                continue;
            }
            String[] parts = window.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("scenario property cloud.slowdowns: '" + window
                        + "' is not from-to:factor");
            }
            double[] range = ranges(parts[0], "cloud.slowdowns").get(0);
            cloudSlowdowns.add(new double[] {range[0], range[1], Double.parseDouble(parts[1])});
        }
        rateProfile = new ArrayList<>();
        String profile = p.getProperty("rate.profile", "").trim();
        if (!profile.isEmpty()) {
            for (String step : profile.split(",")) {
                String[] parts = step.trim().split(":");
                rateProfile.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
            }
        }
        apps = new ArrayList<>();
        for (String app : get(p, "apps").split(",")) {
            String k = "app." + app.trim() + ".";
            double interval = p.getProperty(k + "interval.s") != null ? num(p, k + "interval.s")
                    : 1 / num(p, k + "rate.hz");
            apps.add(new App(app.trim(), num(p, k + "share"), interval, num(p, k + "active.s", 0),
                    num(p, k + "idle.s", 0), (long) num(p, k + "input.bytes"), (long) num(p, k + "output.bytes"),
                    Spread.of(p.getProperty(k + "size.dist", "none"), k + "size.dist"), num(p, k + "instructions"),
                    Spread.of(p.getProperty(k + "length.dist", "none"), k + "length.dist"), num(p, k + "deadline.ms"),
                    num(p, k + "edge.only", 0), Boolean.parseBoolean(p.getProperty(k + "edge.model", "false").trim()),
                    num(p, k + "unsure.share", 0)));
        }
    }

    static Scenario load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        return new Scenario(p);
    }

    /** The same scenario with some properties replaced. */
    Scenario with(Map<String, String> overrides) {
        Properties p = new Properties();
        p.putAll(source);
        p.putAll(overrides);
        return new Scenario(p);
    }

    private static List<double[]> ranges(String text, String key) {
        List<double[]> out = new ArrayList<>();
        if (!text.trim().isEmpty()) {
            for (String range : text.split(",")) {
                String[] parts = range.trim().split("-");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("scenario property " + key + ": '" + range + "' is not from-to");
                }
                out.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
            }
        }
        return out;
    }

    private static String get(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("scenario property " + key + " is missing");
        }
        return value.trim();
    }

    private static double num(Properties p, String key) {
        try {
            return Double.parseDouble(get(p, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scenario property " + key + " = '" + p.getProperty(key)
                    + "' is not a number", e);
        }
    }

    private static double num(Properties p, String key, double fallback) {
        return p.getProperty(key) == null ? fallback : num(p, key);
    }

    /** The arrival-rate multiplier at {@code seconds} after the start (1 without a profile). */
    double rateFactor(double seconds) {
        double factor = 1;
        for (double[] step : rateProfile) {
            if (seconds >= step[0]) {
                factor = step[1];
            }
        }
        return factor;
    }

    /** Whether the WAN is down at {@code seconds} after the start. */
    /** The factor on the cloud's compute times at {@code seconds} (1 outside every slowdown window). */
    double cloudSlowdown(double seconds) {
        for (double[] window : cloudSlowdowns) {
            if (seconds >= window[0] && seconds < window[1]) {
                return window[2];
            }
        }
        return 1;
    }

    boolean outage(double seconds) {
        for (double[] outage : outagesSeconds) {
            if (seconds >= outage[0] && seconds < outage[1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether an outage overlaps the interval [from, to) (s). */
    boolean outageDuring(double from, double to) {
        for (double[] outage : outagesSeconds) {
            if (from < outage[1] && to > outage[0]) {
                return true;
            }
        }
        return false;
    }
}
