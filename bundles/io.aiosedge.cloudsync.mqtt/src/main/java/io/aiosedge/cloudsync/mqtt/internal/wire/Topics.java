package io.aiosedge.cloudsync.mqtt.internal.wire;

import java.util.Map;
import java.util.function.Function;

/**
 * MQTT 3.1.1 topic rules the connector needs: filter matching (including {@code $share/<group>/} shared
 * subscriptions, which Paho 1.2.5 does not route itself), name/filter validation, and the topic templates
 * of publishers and subscribers ({@code #{variable}} placeholders).
 */
public final class Topics {

    private static final String SHARE_PREFIX = "$share/";

    private Topics() {
    }

    /**
     * The filter a broker matches for a subscription: a shared subscription {@code $share/<group>/<filter>}
     * matches like {@code <filter>}.
     */
    public static String matchingFilter(String subscription) {
        if (subscription.startsWith(SHARE_PREFIX)) {
            int slash = subscription.indexOf('/', SHARE_PREFIX.length());
            if (slash > 0) {
                return subscription.substring(slash + 1);
            }
        }
        return subscription;
    }

    /** Whether {@code topic} (a topic name) matches {@code filter} (a subscription, possibly shared). */
    public static boolean matches(String filter, String topic) {
        String effective = matchingFilter(filter);
        // Wildcards at the first level never match topics beginning with '$' (MQTT 3.1.1, 4.7.2).
        if (topic.startsWith("$") && (effective.startsWith("#") || effective.startsWith("+"))) {
            return false;
        }
        String[] f = effective.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a"
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** Validates a topic name for publishing: non-empty, no wildcards, no NUL. */
    public static void checkTopicName(String topic, String what) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(what + " '" + topic + "' contains a wildcard or NUL");
        }
        if (topic.length() > 65535) {
            throw new IllegalArgumentException(what + " is longer than 65535 characters");
        }
    }

    /** Validates a subscription filter: '+' and '#' only as whole levels, '#' last. */
    public static void checkTopicFilter(String filter, String what) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String effective = matchingFilter(filter);
        if (filter.startsWith(SHARE_PREFIX) && effective.equals(filter)) {
            throw new IllegalArgumentException(what + " '" + filter + "' is a shared subscription without a filter");
        }
        String[] levels = effective.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException(what + " '" + filter + "': '#' must be the whole last level");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException(what + " '" + filter + "': '+' must be a whole level");
            }
        }
    }

    /**
     * Replaces every {@code #{name}} in {@code template} by {@code variables.apply(name)}. An unknown variable
     * (the function returns null) is an {@link IllegalArgumentException} naming it.
     */
    public static String resolve(String template, Function<String, String> variables) {
        if (template.indexOf("#{") < 0) {
            return template; // a plain topic: nothing to look up
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf("#{", i);
            if (start < 0) {
                out.append(template, i, template.length());
                break;
            }
            int end = template.indexOf('}', start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated variable in topic template '" + template + "'");
            }
            out.append(template, i, start);
            String name = template.substring(start + 2, end);
            String value = variables.apply(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown variable #{" + name + "} in topic template '" + template + "'");
            }
            out.append(value);
            i = end + 1;
        }
        return out.toString();
    }

    /** {@link #resolve(String, Function)} over a map, then over a second map for what the first lacks. */
    public static String resolve(String template, Map<String, String> first, Map<String, ?> second) {
        return resolve(template, name -> {
            String value = first.get(name);
            if (value == null && second != null && second.get(name) != null) {
                value = String.valueOf(second.get(name));
            }
            return value;
        });
    }

    /** Whether a single topic level value is safe to put into a topic: non-empty, no '/', '+', '#'. */
    public static boolean isLevel(String value) {
        return value != null && !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('+') < 0
                && value.indexOf('#') < 0 && value.indexOf('\u0000') < 0;
    }
}
