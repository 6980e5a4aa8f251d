package io.aiosedge.driver.simulated.signal;

import org.osgi.annotation.versioning.ProviderType;

/** What an injected anomaly does to a signal while it lasts. */
@ProviderType
public enum AnomalyKind {
    /**
     * A short rectangular offset of {@link Anomaly#magnitude()} added to the normal value; spikes last 5 % to
     * 20 % of {@link SignalSpec#anomalyDurationMs()}.
     */
    SPIKE,
    /**
     * An offset that grows linearly from 0 to {@link Anomaly#magnitude()} over the anomaly and vanishes at
     * its end (a sensor going out of calibration); lasts 50 % to 100 % of the configured duration.
     */
    DRIFT,
    /**
     * The sensor freezes: the value (noise included) at the anomaly's start is held until its end; lasts
     * 50 % to 100 % of the configured duration. On a slow or noise-free signal this is nearly invisible,
     * on purpose.
     */
    STUCK
}
