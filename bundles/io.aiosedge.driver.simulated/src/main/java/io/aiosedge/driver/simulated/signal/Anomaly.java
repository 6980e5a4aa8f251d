package io.aiosedge.driver.simulated.signal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One injected anomaly: the ground truth behind {@link SignalGenerator#isAnomalous(long)}.
 *
 * @param kind what the anomaly does
 * @param startMs first ms (since the epoch) inside the anomaly
 * @param durationMs length in ms, at least 1; the anomaly covers {@code [startMs, startMs + durationMs)}
 * @param magnitude signed offset in signal units at full effect (the whole spike, the end of a drift); 0 for
 *     {@link AnomalyKind#STUCK}
 */
@ProviderType
public record Anomaly(AnomalyKind kind, long startMs, long durationMs, double magnitude) {

    /** @return the first ms after the anomaly */
    public long endMs() {
        return this.startMs + this.durationMs;
    }

    /**
     * @param timeMs ms since the epoch
     * @return whether {@code timeMs} lies inside the anomaly
     */
    public boolean contains(long timeMs) {
        return timeMs >= this.startMs && timeMs < endMs();
    }
}
