package io.aiosedge.driver.simulated.internal;

import java.util.Map;

/**
 * The validated configuration of one simulated driver instance.
 *
 * @param instanceName the instance's {@code kura.service.pid} (or {@code service.pid}), for names and messages
 * @param seed seed from which channels derive theirs
 * @param listenerIntervalMs time between two events to a channel listener, ms (10 to 86,400,000)
 * @param readLatencyMs time every read, write and prepared read takes, ms (0 to 60,000)
 * @param readFailureProbability probability in [0, 1] that one channel read fails (deterministic per channel
 *     and ms)
 * @param failConnect whether connecting always fails
 */
record DriverOptions(String instanceName, long seed, long listenerIntervalMs, long readLatencyMs,
        double readFailureProbability, boolean failConnect) {

    static final String KURA_SERVICE_PID = "kura.service.pid";
    static final String SERVICE_PID = "service.pid";

    static final long MIN_LISTENER_INTERVAL_MS = 10;
    static final long MAX_LISTENER_INTERVAL_MS = 86_400_000;
    static final long MAX_READ_LATENCY_MS = 60_000;

    DriverOptions {
        if (listenerIntervalMs < MIN_LISTENER_INTERVAL_MS || listenerIntervalMs > MAX_LISTENER_INTERVAL_MS) {
            throw bad(instanceName, "listener.interval.ms", listenerIntervalMs,
                    "must be between " + MIN_LISTENER_INTERVAL_MS + " and " + MAX_LISTENER_INTERVAL_MS + " ms");
        }
        if (readLatencyMs < 0 || readLatencyMs > MAX_READ_LATENCY_MS) {
            throw bad(instanceName, "read.latency.ms", readLatencyMs,
                    "must be between 0 and " + MAX_READ_LATENCY_MS + " ms");
        }
        if (!(readFailureProbability >= 0.0 && readFailureProbability <= 1.0)) {
            throw bad(instanceName, "read.failure.probability", readFailureProbability, "must be between 0 and 1");
        }
    }

    /**
     * @param config the metatype-typed configuration
     * @param properties all component properties, for the instance name
     * @return the validated options
     * @throws IllegalArgumentException naming the property and the bad value
     */
    static DriverOptions from(SimulatedDriver.Config config, Map<String, ?> properties) {
        return new DriverOptions(instanceName(properties), config.seed(), config.listener_interval_ms(),
                config.read_latency_ms(), config.read_failure_probability(), config.fail_connect());
    }

    private static String instanceName(Map<String, ?> properties) {
        Object name = properties.get(KURA_SERVICE_PID);
        if (name == null || name.toString().isBlank()) {
            name = properties.get(SERVICE_PID);
        }
        return name == null ? SimulatedDriver.PID : name.toString().trim();
    }

    private static IllegalArgumentException bad(String instanceName, String property, Object value,
            String reason) {
        return new IllegalArgumentException("simulated driver '" + instanceName + "': property '" + property
                + "' has bad value '" + value + "': " + reason);
    }
}
