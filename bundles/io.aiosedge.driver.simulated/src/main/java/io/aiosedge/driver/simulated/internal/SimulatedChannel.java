package io.aiosedge.driver.simulated.internal;

import java.util.Map;

import io.aiosedge.driver.simulated.signal.SignalGenerator;

/**
 * A parsed channel: what the driver needs to read and write it.
 *
 * @param name the channel name (setpoints are stored by it)
 * @param generator the channel's signal
 * @param setpoint whether writes are accepted
 * @param source the configuration map it was parsed from, to tell whether a cached parse still applies
 */
record SimulatedChannel(String name, SignalGenerator generator, boolean setpoint, Map<String, Object> source) {
}
