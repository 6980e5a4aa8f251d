package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.configuration.Password;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.aiosedge.cloudsync.mqtt.internal.wire.Json;

/**
 * Built-in command {@code config}: reads (GET) or changes (PUT) one component's configuration through
 * ConfigurationAdmin. {@code args[0]} names the component by {@code kura.service.pid} or {@code service.pid};
 * PUT merges the request's metrics into the existing properties, converting each value to the type the property
 * already has (so "5" stays an Integer 5 where the component expects an Integer). Only existing configurations
 * can be changed; framework-owned properties cannot. Secrets (Password values, names containing "password",
 * "secret", "token" or "key") are never returned.
 *
 * <p>A PUT changes nothing unless every property it names passes the endpoint's {@link ConfigPolicy}
 * ({@code config.allowed.pids}, {@code config.denied.properties}); a refusal is a SECURITY_EXCEPTION (status 403)
 * naming the property and the rule, and the configuration stays as it was.
 */
final class ConfigRequestHandler implements RequestHandler {

    static final String ID = "config";
    private static final List<String> PROTECTED = List.of("service.pid", "service.factoryPid", "kura.service.pid",
            "service.bundleLocation", "component.name", "component.id");

    private final ConfigurationAdmin configurationAdmin;
    private final Supplier<ConfigPolicy> policy;

    ConfigRequestHandler(ConfigurationAdmin configurationAdmin, Supplier<ConfigPolicy> policy) {
        this.configurationAdmin = configurationAdmin;
        this.policy = policy;
    }

    @Override
    public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) throws KuraException {
        Configuration configuration = find(pidArgument(request));
        return new KuraMessage(shown(configuration.getProperties()));
    }

    @Override
    public KuraMessage doPut(RequestHandlerContext context, KuraMessage request) throws KuraException {
        String pid = pidArgument(request);
        Configuration configuration = find(pid);
        Dictionary<String, Object> properties = configuration.getProperties();
        Map<String, Object> changes = request.getPayload() == null ? Map.of() : request.getPayload().metrics();
        if (changes.isEmpty()) {
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "no properties to set: put them in 'metrics'");
        }
        List<String> identity = Arrays.asList(text(properties.get("service.pid")),
                text(properties.get("kura.service.pid")), text(properties.get("service.factoryPid")));
        ConfigPolicy rules = this.policy.get();
        for (String key : changes.keySet()) {
            if (PROTECTED.contains(key)) {
                throw new KuraException(KuraErrorCode.BAD_REQUEST, "property " + key + " cannot be changed");
            }
            String refusal = rules.refusal(identity, key);
            if (refusal != null) {
                throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "config " + pid + ": " + refusal
                        + "; nothing was changed");
            }
        }
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            properties.put(change.getKey(), convert(change.getKey(), change.getValue(), properties.get(change.getKey())));
        }
        try {
            configuration.update(properties);
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_UPDATE, e, pid + ": " + e.getMessage());
        }
        return new KuraMessage(shown(properties));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String pidArgument(KuraMessage request) throws KuraException {
        Object args = request.getProperties().get(RequestHandlerMessageConstants.ARGS_KEY.value());
        if (!(args instanceof List) || ((List<?>) args).isEmpty()) {
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "args[0] must name the component (its pid)");
        }
        return String.valueOf(((List<?>) args).get(0));
    }

    private Configuration find(String pid) throws KuraException {
        if (pid.indexOf('(') >= 0 || pid.indexOf(')') >= 0 || pid.indexOf('*') >= 0 || pid.indexOf('\\') >= 0) {
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "bad pid '" + pid + "'");
        }
        Configuration[] found;
        try {
            found = configurationAdmin.listConfigurations("(|(kura.service.pid=" + pid + ")(service.pid=" + pid + "))");
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, e.getMessage());
        }
        if (found == null || found.length == 0) {
            throw new KuraException(KuraErrorCode.NOT_FOUND, "no configuration for '" + pid + "'");
        }
        return found[0];
    }

    /**
     * Converts a requested value to the type of the current one (or keeps it when there is none). An array property
     * takes a JSON array (as the dispatcher passes it: its text) or one value, each element converted to the
     * array's element type. A value that cannot have the current type is a BAD_REQUEST: a remote change never
     * changes a property's type.
     */
    static Object convert(String key, Object value, Object current) throws KuraException {
        if (current == null || value == null || current.getClass() == value.getClass()) {
            return value;
        }
        if (current.getClass().isArray()) {
            return convertArray(key, value, current.getClass().getComponentType());
        }
        return convertTo(key, value, current.getClass());
    }

    private static Object convertArray(String key, Object value, Class<?> elementType) throws KuraException {
        List<?> elements;
        String text = String.valueOf(value).trim();
        if (value instanceof List) {
            elements = (List<?>) value;
        } else if (text.startsWith("[")) {
            try {
                Object parsed = Json.parse(text);
                elements = parsed instanceof List ? (List<?>) parsed : List.of(parsed);
            } catch (IllegalArgumentException e) {
                throw new KuraException(KuraErrorCode.BAD_REQUEST, key + ": '" + text + "' is not a JSON array ("
                        + e.getMessage() + ")");
            }
        } else {
            elements = List.of(value);
        }
        Object array = java.lang.reflect.Array.newInstance(elementType, elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Object element = elements.get(i);
            if (element == null || element instanceof Map || element instanceof List) {
                throw new KuraException(KuraErrorCode.BAD_REQUEST, key + "[" + i + "]: '" + element + "' is not a "
                        + elementType.getSimpleName());
            }
            java.lang.reflect.Array.set(array, i, convertTo(key + "[" + i + "]", element, boxed(elementType)));
        }
        return array;
    }

    private static Object convertTo(String key, Object value, Class<?> type) throws KuraException {
        if (type.isInstance(value)) {
            return value;
        }
        String text = String.valueOf(value);
        try {
            if (type == Integer.class) {
                return value instanceof Number ? Integer.valueOf(Math.toIntExact(((Number) value).longValue()))
                        : Integer.valueOf(text.trim());
            }
            if (type == Long.class) {
                return value instanceof Number ? ((Number) value).longValue() : Long.valueOf(text.trim());
            }
            if (type == Double.class) {
                return value instanceof Number ? ((Number) value).doubleValue() : Double.valueOf(text.trim());
            }
            if (type == Float.class) {
                return value instanceof Number ? ((Number) value).floatValue() : Float.valueOf(text.trim());
            }
            if (type == Short.class) {
                return Short.valueOf(text.trim());
            }
            if (type == Byte.class) {
                return Byte.valueOf(text.trim());
            }
            if (type == Boolean.class) {
                String b = text.trim().toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    throw new NumberFormatException("not a boolean");
                }
                return Boolean.valueOf(b);
            }
            if (type == Character.class && text.length() == 1) {
                return text.charAt(0);
            }
            if (type == Password.class) {
                return new Password(text);
            }
            if (type == String.class) {
                return text;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // refused below
        }
        throw new KuraException(KuraErrorCode.BAD_REQUEST, key + ": '" + text + "' is not a " + type.getSimpleName());
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0).getClass();
    }

    private static KuraPayload shown(Dictionary<String, Object> properties) {
        KuraPayload payload = new KuraPayload();
        if (properties == null) {
            return payload;
        }
        Map<String, Object> sorted = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            sorted.put(key, properties.get(key));
        }
        sorted.forEach((key, value) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (value instanceof Password || lower.contains("password") || lower.contains("token")
                    || lower.contains("secret") || lower.contains("key")) {
                payload.addMetric(key, "***");
            } else if (value instanceof Integer || value instanceof Long || value instanceof Float
                    || value instanceof Double || value instanceof Boolean || value instanceof String) {
                payload.addMetric(key, value);
            } else if (value != null) {
                payload.addMetric(key, value.getClass().isArray() ? arrayText(value) : value.toString());
            }
        });
        return payload;
    }

    private static String arrayText(Object array) {
        StringBuilder out = new StringBuilder("[");
        int n = java.lang.reflect.Array.getLength(array);
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append(java.lang.reflect.Array.get(array, i));
        }
        return out.append(']').toString();
    }
}
