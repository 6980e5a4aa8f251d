package io.aiosedge.api.cloud;

/**
 * Measured state of the link to the broker, immutable.
 *
 * @param connected whether the MQTT session is up now
 * @param rttMillis smoothed round-trip time in milliseconds (publish to acknowledgement or ping), or
 *        {@code NaN} when never measured
 * @param bandwidthBytesPerSecond smoothed usable upstream bandwidth in bytes per second, estimated from real
 *        transfers, or {@code NaN} when never measured
 * @param measuredAtMillis wall-clock time of the last measurement (ms since the epoch), 0 when never
 */
public record LinkState(boolean connected, double rttMillis, double bandwidthBytesPerSecond, long measuredAtMillis) {

    /** The state before anything was measured. */
    public static final LinkState UNKNOWN = new LinkState(false, Double.NaN, Double.NaN, 0L);

    public LinkState {
        if (rttMillis < 0 || bandwidthBytesPerSecond < 0) {
            throw new IllegalArgumentException("rttMillis and bandwidthBytesPerSecond must not be negative: "
                    + rttMillis + ", " + bandwidthBytesPerSecond);
        }
    }

    /** Whether both RTT and bandwidth have been measured at least once. */
    public boolean measured() {
        return !Double.isNaN(rttMillis) && !Double.isNaN(bandwidthBytesPerSecond);
    }

    /**
     * Estimated time in milliseconds to move {@code bytes} across the link one way: half the RTT plus the
     * serialisation time. {@code +Infinity} when the link is down or was never measured.
     */
    public double transferMillis(long bytes) {
        if (!connected || !measured() || bandwidthBytesPerSecond == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return rttMillis / 2 + bytes * 1000.0 / bandwidthBytesPerSecond;
    }
}
