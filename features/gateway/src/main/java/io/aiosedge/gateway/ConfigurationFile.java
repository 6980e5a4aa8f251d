package io.aiosedge.gateway;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway configuration file: a JSON object whose members are ConfigAdmin configurations, each named by its PID
 * (singleton) or {@code <factoryPid>~<name>} (a factory instance whose {@code kura.service.pid} is the name, as Kura
 * names instances). Property values are JSON strings, numbers, booleans or arrays; a {@code :Type} suffix on the
 * property name gives the type Kura's metatype declares ({@code "local.slots:Integer": 2}); without it a string is
 * a String, an integral number a Long, a decimal a Double, an array a String[]. {@code ${data}} in a string is the
 * gateway's data folder.
 */
final class ConfigurationFile {

    /** One configuration of the file. */
    static final class Entry {
        final String name;
        final String pid;
        final String factoryPid;
        final String instance;
        final Hashtable<String, Object> properties;

        Entry(String name, String pid, String factoryPid, String instance, Hashtable<String, Object> properties) {
            this.name = name;
            this.pid = pid;
            this.factoryPid = factoryPid;
            this.instance = instance;
            this.properties = properties;
        }

        boolean isFactory() {
            return this.factoryPid != null;
        }
    }

    private static final List<String> TYPES = List.of("String", "Integer", "Long", "Float", "Double", "Boolean",
            "Short", "Byte");

    private final String source;
    private final Map<String, Entry> entries;

    private ConfigurationFile(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    /**
     * @param source the file's name, for messages
     * @param dataDirectory replaces {@code ${data}}
     * @throws IllegalArgumentException naming the file, the configuration, the property and what is wrong
     */
    static ConfigurationFile parse(String text, String source, Path dataDirectory) {
        Object root = Json.parse(text, source);
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException(source + ": the file must be a JSON object of configurations");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> member : ((Map<?, ?>) root).entrySet()) {
            String name = member.getKey().toString();
            if (!(member.getValue() instanceof Map)) {
                throw new IllegalArgumentException(source + ": configuration '" + name
                        + "' must be a JSON object of properties");
            }
            entries.put(name, entry(source, name, (Map<?, ?>) member.getValue(), dataDirectory));
        }
        return new ConfigurationFile(source, entries);
    }

    private static Entry entry(String source, String name, Map<?, ?> members, Path dataDirectory) {
        String pid = name;
        String factoryPid = null;
        String instance = null;
        int tilde = name.indexOf('~');
        if (tilde >= 0) {
            factoryPid = name.substring(0, tilde);
            instance = name.substring(tilde + 1);
            pid = null;
            if (factoryPid.isEmpty() || instance.isEmpty()) {
                throw new IllegalArgumentException(source + ": configuration '" + name
                        + "' must be '<factoryPid>~<instance name>'");
            }
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        for (Map.Entry<?, ?> member : members.entrySet()) {
            String key = member.getKey().toString();
            String type = null;
            int colon = key.lastIndexOf(':');
            if (colon > 0) {
                type = key.substring(colon + 1);
                key = key.substring(0, colon);
            }
            String where = source + ": configuration '" + name + "', property '" + member.getKey() + "'";
            if (member.getValue() == null) {
                throw new IllegalArgumentException(where + ": null is not a value (leave the property out)");
            }
            properties.put(key, convert(member.getValue(), type, where, dataDirectory));
        }
        if (instance != null) {
            Object given = properties.putIfAbsent("kura.service.pid", instance);
            if (given != null && !given.equals(instance)) {
                throw new IllegalArgumentException(source + ": configuration '" + name + "' has kura.service.pid '"
                        + given + "', which differs from its instance name '" + instance + "'");
            }
        } else {
            properties.putIfAbsent("kura.service.pid", pid);
        }
        return new Entry(name, pid, factoryPid, instance, properties);
    }

    private static Object convert(Object value, String type, String where, Path dataDirectory) {
        if (value == null) {
            throw new IllegalArgumentException(where + ": null is not a value");
        }
        if (type == null) {
            if (value instanceof List) {
                return convert(value, "String[]", where, dataDirectory);
            }
            if (value instanceof Map) {
                throw new IllegalArgumentException(where + ": a JSON object is not a property value");
            }
            return value instanceof String ? substitute((String) value, dataDirectory) : value;
        }
        if (type.endsWith("[]")) {
            String element = type.substring(0, type.length() - 2);
            List<?> list = value instanceof List ? (List<?>) value : Collections.singletonList(value);
            Object array = Array.newInstance(typeClass(element, where), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, convert(list.get(i), element, where + "[" + i + "]", dataDirectory));
            }
            return array;
        }
        if (value instanceof List || value instanceof Map) {
            throw new IllegalArgumentException(where + ": a " + type + " cannot be a JSON "
                    + (value instanceof List ? "array" : "object"));
        }
        String text = value instanceof String ? substitute((String) value, dataDirectory) : value.toString();
        try {
            switch (type) {
            case "String":
                return text;
            case "Integer":
                return Integer.valueOf(text);
            case "Long":
                return Long.valueOf(text);
            case "Short":
                return Short.valueOf(text);
            case "Byte":
                return Byte.valueOf(text);
            case "Float":
                return Float.valueOf(text);
            case "Double":
                return Double.valueOf(text);
            case "Boolean":
                if (!text.equals("true") && !text.equals("false")) {
                    throw new NumberFormatException();
                }
                return Boolean.valueOf(text);
            default:
                typeClass(type, where);
                throw new IllegalStateException("unreachable");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + value + "' is not a " + type);
        }
    }

    private static Class<?> typeClass(String type, String where) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException(where + ": unknown type '" + type + "' (one of " + TYPES
                    + ", or one of them followed by [])");
        }
        switch (type) {
        case "Integer":
            return Integer.class;
        case "Long":
            return Long.class;
        case "Short":
            return Short.class;
        case "Byte":
            return Byte.class;
        case "Float":
            return Float.class;
        case "Double":
            return Double.class;
        case "Boolean":
            return Boolean.class;
        default:
            return String.class;
        }
    }

    private static String substitute(String value, Path dataDirectory) {
        return value.replace("${data}", dataDirectory.toAbsolutePath().toString());
    }

    String source() {
        return this.source;
    }

    /** In file order. */
    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(this.entries);
    }
}
