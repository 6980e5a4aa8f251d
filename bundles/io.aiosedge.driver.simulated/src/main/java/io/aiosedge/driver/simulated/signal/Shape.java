package io.aiosedge.driver.simulated.signal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The noise-free form of a signal. {@code A} is {@link SignalSpec#amplitude()}, {@code O} is
 * {@link SignalSpec#offset()}, and the phase of a time {@code t} (ms since the epoch) is
 * {@code (t mod periodMs) / periodMs}, so every periodic shape starts a period at every multiple of the
 * period since the epoch.
 */
@ProviderType
public enum Shape {
    /** Always {@code O}. */
    CONSTANT,
    /** {@code O + A·sin(2π·phase)}. */
    SINE,
    /** {@code O + A} during the first half of each period, {@code O − A} during the second. */
    SQUARE,
    /** Sawtooth: rises linearly from {@code O − A} at the start of each period towards {@code O + A}. */
    RAMP,
    /**
     * A random walk on a fixed grid of {@value SignalGenerator#RANDOM_WALK_STEPS_PER_PERIOD} steps per
     * period (held between grid points), pinned every period to a random level in {@code [O − A, O + A]}; in
     * between it wanders by Gaussian steps, so it stays near that band (about ±0.25·A around the straight line
     * between two levels, mid-period).
     */
    RANDOM_WALK,
    /** Piecewise constant: each period holds its own random level, uniform in {@code [O − A, O + A]}. */
    STEP
}
