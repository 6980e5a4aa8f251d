package io.aiosedge.driver.modbus.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds {@link ModbusTcpDriver.Config} instances the way DS does: each method returns the configured
 * property (id = method name with '_' → '.') or the annotation default. Used by tests and the benchmark.
 */
public final class DriverConfigs {

    private DriverConfigs() {
    }

    /** A config with {@code properties} (keys are metatype ids such as {@code unit.id}) over the defaults. */
    public static ModbusTcpDriver.Config of(Map<String, ?> properties) {
        Map<String, Object> copy = new HashMap<>(properties);
        return (ModbusTcpDriver.Config) Proxy.newProxyInstance(ModbusTcpDriver.Config.class.getClassLoader(),
                new Class<?>[] {ModbusTcpDriver.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "annotationType":
                        return ModbusTcpDriver.Config.class;
                    case "toString":
                        return "Config" + copy;
                    case "hashCode":
                        return copy.hashCode();
                    case "equals":
                        return proxy == args[0];
                    default:
                        return valueOf(method, copy);
                    }
                });
    }

    /** A driver for a server on loopback at {@code port}, with {@code properties} over the defaults. */
    public static ModbusTcpDriver driver(int port, Map<String, ?> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("host", "127.0.0.1");
        all.put("port", port);
        all.putAll(properties);
        Map<String, Object> serviceProperties = new HashMap<>(all);
        serviceProperties.put("kura.service.pid", "test-modbus-" + port);
        return new ModbusTcpDriver(of(all), serviceProperties);
    }

    /** Deactivates a driver as DS would (the method is package-private, like every DS lifecycle method here). */
    public static void deactivate(ModbusTcpDriver driver) {
        driver.deactivate();
    }

    private static Object valueOf(Method method, Map<String, Object> properties) {
        String id = method.getName().replace('_', '.');
        Object value = properties.get(id);
        if (value == null) {
            return method.getDefaultValue();
        }
        Class<?> type = method.getReturnType();
        String text = String.valueOf(value);
        if (type == int.class) {
            return value instanceof Number ? ((Number) value).intValue() : Integer.parseInt(text);
        }
        if (type == boolean.class) {
            return value instanceof Boolean ? value : Boolean.parseBoolean(text);
        }
        return text;
    }
}
