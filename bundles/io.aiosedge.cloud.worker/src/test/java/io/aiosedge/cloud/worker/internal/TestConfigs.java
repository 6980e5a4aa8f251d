package io.aiosedge.cloud.worker.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Component property types for tests: a proxy of a {@code Config} annotation that answers the given properties
 * (DS name mapping: {@code a_b()} reads {@code a.b}) and the annotation's defaults for the rest.
 */
final class TestConfigs {

    private TestConfigs() {
    }

    static <A> A of(Class<A> type, Map<String, ?> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(values, args);
            }
            Object value = values.get(method.getName().replace('_', '.'));
            return value == null ? method.getDefaultValue() : coerce(value, method);
        }));
    }

    private static Object coerce(Object value, Method method) {
        Class<?> t = method.getReturnType();
        if (t == int.class) {
            return ((Number) value).intValue();
        }
        if (t == long.class) {
            return ((Number) value).longValue();
        }
        if (t == double.class) {
            return ((Number) value).doubleValue();
        }
        return value;
    }
}
