package io.aiosedge.api.driver;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Connection state of a driver. Our drivers register this interface on the same service object as
 * {@code org.eclipse.kura.driver.Driver}, so a caller holding the driver can test
 * {@code driver instanceof DriverConnectionInfo}; Kura's own drivers do not, and are shown as unknown.
 */
@ProviderType
public interface DriverConnectionInfo {

    /** Where the driver stands with its device. */
    enum State {
        /** Not connected and not trying (never used yet, or disconnected on purpose). */
        DISCONNECTED,
        /** A connection attempt is in progress. */
        CONNECTING,
        /** Connected; reads and writes go to the device. */
        CONNECTED,
        /** The last attempt or request failed; the next read or write tries again. */
        FAILED
    }

    /** The current state; never null. */
    State connectionState();

    /**
     * One human-readable line about the connection, e.g. {@code "tcp://10.0.0.5:502 unit 1"} or the last
     * error with its time; never null.
     */
    String connectionDetail();
}
