package io.aiosedge.health.internal;

import java.util.Map;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.Result;

/** What the checks share: their tag, how a service is named in messages, logging by status. */
final class HealthChecks {

    /** Every check of this bundle carries this {@code hc.tags} value; {@code aios:health} runs these. */
    static final String TAG = "aios";

    private HealthChecks() {
    }

    /** A service's name for messages: its {@code kura.service.pid}, else its {@code service.pid}, else its id. */
    static String nameOf(Map<String, Object> properties) {
        for (String key : new String[] {"kura.service.pid", "service.pid", "component.name", "service.id"}) {
            Object value = properties.get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return "?";
    }

    /** Adds {@code message} at the level of {@code status}. */
    static void log(FormattingResultLog log, Result.Status status, String message) {
        // The message is a parameter, never the format: names may hold braces.
        switch (status) {
            case CRITICAL -> log.critical("{}", message);
            case WARN -> log.warn("{}", message);
            case TEMPORARILY_UNAVAILABLE -> log.temporarilyUnavailable("{}", message);
            case HEALTH_CHECK_ERROR -> log.healthCheckError("{}", message);
            default -> log.info("{}", message);
        }
    }
}
