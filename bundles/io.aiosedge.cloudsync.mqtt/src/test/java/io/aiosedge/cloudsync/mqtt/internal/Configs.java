package io.aiosedge.cloudsync.mqtt.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Typed DS configurations for tests: a proxy of the component's {@code Config} annotation returning the given
 * properties (by DS name mapping: {@code a_b()} is {@code a.b}) and the annotation defaults otherwise.
 */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, ?> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(values, args);
            }
            String key = propertyName(method);
            Object value = values.get(key);
            if (value == null) {
                return method.getDefaultValue();
            }
            return coerce(value, method);
        });
        return type.cast(proxy);
    }

    static String propertyName(Method method) {
        return method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static Object coerce(Object value, Method method) {
        Class<?> t = method.getReturnType();
        if (t == int.class) {
            return value instanceof Number ? ((Number) value).intValue() : Integer.parseInt(value.toString());
        }
        if (t == long.class) {
            return value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString());
        }
        if (t == boolean.class) {
            return value instanceof Boolean ? value : Boolean.parseBoolean(value.toString());
        }
        if (t == String.class) {
            return value.toString();
        }
        return value;
    }
}
