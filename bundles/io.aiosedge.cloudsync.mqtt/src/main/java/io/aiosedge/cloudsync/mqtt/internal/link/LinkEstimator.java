package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.function.LongSupplier;

import io.aiosedge.api.cloud.LinkState;

/**
 * Measures the link from real traffic.
 *
 * <p><b>RTT</b>: every acknowledged QoS &ge; 1 publish gives a sample (publish call to acknowledgement), and so
 * does every CONNECT/CONNACK; smoothed like TCP's SRTT (weight 1/8 for the new sample).
 *
 * <p><b>Bandwidth</b>: the delivery rate while the link was busy — bytes of acknowledged messages divided by
 * the time during which at least one message was in flight — over windows of at least {@value #WINDOW_MILLIS}
 * ms, smoothed with weight 1/4. Idle time does not dilute it; for a link carrying only small messages it is
 * dominated by the RTT and therefore a lower bound of the true capacity.
 */
public final class LinkEstimator {

    static final long WINDOW_MILLIS = 1000;
    private static final double RTT_GAIN = 0.125;
    private static final double BANDWIDTH_GAIN = 0.25;

    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;

    private boolean connected;
    private double rttMillis = Double.NaN;
    private double bandwidth = Double.NaN;
    private long measuredAtMillis;

    private int outstanding;
    private long busySinceNanos;
    private long windowStartNanos;
    private long windowBusyNanos;
    private long windowBytes;

    LinkEstimator(LongSupplier nanoClock, LongSupplier wallClock) {
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.windowStartNanos = nanoClock.getAsLong();
    }

    public LinkEstimator() {
        this(System::nanoTime, System::currentTimeMillis);
    }

    synchronized void connected(boolean up) {
        connected = up;
        if (!up) {
            // In-flight messages of a dead connection are resent later; their time is not transfer time.
            outstanding = 0;
            windowBusyNanos = 0;
            windowBytes = 0;
            windowStartNanos = nanoClock.getAsLong();
        }
    }

    /** A message went out. */
    synchronized void sent() {
        if (outstanding++ == 0) {
            busySinceNanos = nanoClock.getAsLong();
        }
    }

    /** A message sent before was acknowledged after {@code rttNanos}, carrying {@code bytes}. */
    synchronized void acknowledged(int bytes, long rttNanos) {
        long now = nanoClock.getAsLong();
        rttSample(rttNanos / 1e6);
        if (outstanding > 0 && --outstanding == 0) {
            windowBusyNanos += now - Math.max(busySinceNanos, windowStartNanos);
        }
        windowBytes += bytes;
        if (now - windowStartNanos >= WINDOW_MILLIS * 1_000_000L) {
            long busy = windowBusyNanos;
            if (outstanding > 0) {
                busy += now - Math.max(busySinceNanos, windowStartNanos);
                busySinceNanos = now;
            }
            if (busy > 0 && windowBytes > 0) {
                double sample = windowBytes / (busy / 1e9);
                bandwidth = Double.isNaN(bandwidth) ? sample : bandwidth + BANDWIDTH_GAIN * (sample - bandwidth);
                measuredAtMillis = wallClock.getAsLong();
            }
            windowStartNanos = now;
            windowBusyNanos = 0;
            windowBytes = 0;
        }
    }

    /** A failed send: the message no longer counts as outstanding. */
    synchronized void abandoned() {
        if (outstanding > 0 && --outstanding == 0) {
            windowBusyNanos += nanoClock.getAsLong() - Math.max(busySinceNanos, windowStartNanos);
        }
    }

    /** An RTT sample in ms (e.g. CONNECT to CONNACK). */
    synchronized void rttSample(double millis) {
        if (millis < 0 || Double.isNaN(millis)) {
            return;
        }
        rttMillis = Double.isNaN(rttMillis) ? millis : rttMillis + RTT_GAIN * (millis - rttMillis);
        measuredAtMillis = wallClock.getAsLong();
    }

    public synchronized LinkState state() {
        if (measuredAtMillis == 0 && !connected) {
            return LinkState.UNKNOWN;
        }
        return new LinkState(connected, rttMillis, bandwidth, measuredAtMillis);
    }
}
