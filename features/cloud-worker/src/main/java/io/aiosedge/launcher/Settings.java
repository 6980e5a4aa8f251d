package io.aiosedge.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few user-level settings of a distribution (broker URL, tenant, worker id, threads, ...), merged from, in
 * increasing precedence: built-ins ({@code home}, {@code host.name}, {@code cpu.count}), the distribution's
 * {@code conf/settings.properties}, extra settings files, environment variables {@code AIOS_<KEY>} (upper case,
 * {@code .} written {@code _}: {@code AIOS_BROKER_URL} sets {@code broker.url}) and {@code key=value} arguments.
 *
 * <p>Values may refer to other settings: {@code ${key}}, or {@code ${key*N}} for an integer setting times N.
 * An unknown key or a cycle is an IllegalArgumentException naming it.
 */
final class Settings {

    /** Environment variables with this prefix are settings. */
    static final String ENV_PREFIX = "AIOS_";
    private static final int MAX_DEPTH = 32;

    private final Map<String, String> raw;

    private Settings(Map<String, String> raw) {
        this.raw = raw;
    }

    /**
     * Merges the sources in precedence order.
     *
     * @param builtins lowest precedence
     * @param files properties files, later ones win
     * @param env the process environment (only {@code AIOS_*} entries are read)
     * @param arguments {@code key=value} pairs, highest precedence
     */
    static Settings load(Map<String, String> builtins, Iterable<Path> files, Map<String, String> env,
            Iterable<String> arguments) throws IOException {
        Map<String, String> merged = new LinkedHashMap<>(builtins);
        for (Path file : files) {
            merged.putAll(read(file));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                merged.put(keyOfEnv(name), value);
            }
        });
        for (String argument : arguments) {
            int eq = argument.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + argument + "' is not key=value");
            }
            merged.put(argument.substring(0, eq).trim(), argument.substring(eq + 1));
        }
        return new Settings(merged);
    }

    static Settings of(Map<String, String> values) {
        return new Settings(new LinkedHashMap<>(values));
    }

    /** {@code AIOS_STATE_INTERVAL_S} → {@code state.interval.s}. */
    static String keyOfEnv(String name) {
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code state.interval.s} → {@code AIOS_STATE_INTERVAL_S}. */
    static String envOfKey(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Reads {@code key = value} lines (split at the first {@code =}, both sides trimmed, no escapes; blank lines
     * and lines starting with {@code #} or {@code !} are skipped). Unlike {@link java.util.Properties} a key may
     * hold {@code :} (typed configuration keys such as {@code slots:Integer}).
     */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file.getFileName() + ":" + (n + 1) + ": '" + line
                        + "' is not key=value");
            }
            out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return out;
    }

    /** The keys of every setting, sorted. */
    java.util.Set<String> keys() {
        return new java.util.TreeSet<>(raw.keySet());
    }

    /** Whether a setting is defined (by any source). */
    boolean has(String key) {
        return raw.containsKey(key);
    }

    /** A setting with its references resolved; IllegalArgumentException when it is not defined. */
    String get(String key) {
        return get(key, 0);
    }

    private String get(String key, int depth) {
        String value = raw.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "' (set it in conf/settings.properties, as "
                    + envOfKey(key) + " or as " + key + "=... on the command line)");
        }
        return resolve(value, depth + 1, key);
    }

    /** Replaces every {@code ${key}} and {@code ${key*N}} in {@code text}. */
    String resolve(String text) {
        return resolve(text, 0, null);
    }

    private String resolve(String text, int depth, String owner) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("setting '" + owner + "' refers to itself (through ${...} references)");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated ${ in '" + text + "'");
            }
            out.append(text, i, start);
            String reference = text.substring(start + 2, end).trim();
            int star = reference.indexOf('*');
            if (star < 0) {
                out.append(get(reference, depth));
            } else {
                String key = reference.substring(0, star).trim();
                String factor = reference.substring(star + 1).trim();
                try {
                    out.append(Long.parseLong(get(key, depth).trim()) * Long.parseLong(factor));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("${" + reference + "}: setting '" + key + "' = '" + get(key, depth)
                            + "' and factor '" + factor + "' must be integers", e);
                }
            }
            i = end + 1;
        }
        return out.toString();
    }

    /** Every setting resolved, sorted by key; secrets (keys naming a password or token) masked. */
    Map<String, String> shown() {
        Map<String, String> out = new TreeMap<>();
        for (String key : raw.keySet()) {
            String value;
            try {
                value = get(key);
            } catch (IllegalArgumentException e) {
                value = "<" + e.getMessage() + ">";
            }
            out.put(key, isSecret(key) && !value.isEmpty() ? "***" : value);
        }
        return Collections.unmodifiableMap(out);
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("token") || k.contains("secret");
    }
}
