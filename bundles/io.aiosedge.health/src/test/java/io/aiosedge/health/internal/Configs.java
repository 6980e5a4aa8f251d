package io.aiosedge.health.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A component's typed Config with its metatype defaults, some values replaced (keys are the method names). */
final class Configs {

    private Configs() {
    }

    /** Every message of a result, one per line, with its status. */
    static String text(org.apache.felix.hc.api.Result result) {
        StringBuilder out = new StringBuilder();
        result.forEach(e -> out.append(e.getStatus()).append(' ').append(e.getMessage()).append('\n'));
        return out.toString();
    }

    static <T> T of(Class<T> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            Object value = method.getDefaultValue();
            if (value == null) {
                throw new IllegalStateException("no default for " + method.getName());
            }
            return value;
        });
        return type.cast(proxy);
    }
}
