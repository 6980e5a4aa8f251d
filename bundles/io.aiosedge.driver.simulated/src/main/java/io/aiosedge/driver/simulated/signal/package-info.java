/**
 * Deterministic signal model of the simulated driver: periodic and random shapes with Gaussian noise and
 * injected, labelled anomalies, plus labelled windows for training anomaly-detection models.
 *
 * <p>Everything here is a pure function of a {@link io.aiosedge.driver.simulated.signal.SignalSpec} (which
 * carries the seed) and a time in ms since the epoch, so a series can be regenerated exactly by a trainer, a
 * test or the driver on a gateway. This is the only package the bundle exports.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.aiosedge.driver.simulated.signal;
