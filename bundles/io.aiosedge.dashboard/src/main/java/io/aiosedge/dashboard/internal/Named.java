package io.aiosedge.dashboard.internal;

import java.util.Map;

/**
 * A service with the name the dashboard shows for it: its {@code kura.service.pid}, else its {@code service.pid},
 * else {@code service <id>}.
 *
 * @param <S> the service type
 */
record Named<S>(String name, long serviceId, S service) {

    static <S> Named<S> of(S service, Map<String, ?> properties) {
        Object id = properties.get("service.id");
        long serviceId = id instanceof Number number ? number.longValue() : -1;
        return new Named<>(nameOf(properties, serviceId), serviceId, service);
    }

    static String nameOf(Map<String, ?> properties, long serviceId) {
        for (String key : new String[] {"kura.service.pid", "service.pid"}) {
            Object value = properties.get(key);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return "service " + serviceId;
    }
}
