package io.aiosedge.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ConfigurationAdmin configuration that the launcher creates at every start, read from a
 * {@code conf/configs/*.cfg} file: {@code <pid>.cfg} for a singleton, {@code <factoryPid>~<name>.cfg} for a factory
 * configuration (ConfigurationAdmin 1.6 named factory configuration, so a restart updates the same one).
 *
 * <p>The file is a properties file whose values may use the settings ({@code ${broker.url}}, see {@link Settings}).
 * A key may carry a type, {@code name:Integer}, {@code :Long}, {@code :Double}, {@code :Float}, {@code :Boolean} or
 * {@code :String} (the default); a value that does not convert is an IllegalArgumentException naming the file,
 * the property and the value.
 *
 * @param pid the PID of a singleton, or null
 * @param factoryPid the factory PID, or null
 * @param name the factory configuration's name, or null
 * @param properties the typed properties
 */
record ConfigSeed(String pid, String factoryPid, String name, Map<String, Object> properties) {

    static final String SUFFIX = ".cfg";

    ConfigSeed {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    boolean isFactory() {
        return factoryPid != null;
    }

    /** What the seed is called in messages: the PID, or {@code factoryPid~name}. */
    String label() {
        return isFactory() ? factoryPid + "~" + name : pid;
    }

    Hashtable<String, Object> dictionary() {
        return new Hashtable<>(properties);
    }

    /** Every {@code *.cfg} of a folder (sorted by file name); an absent folder has none. */
    static List<ConfigSeed> readAll(Path folder, Settings settings) throws IOException {
        List<ConfigSeed> seeds = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return seeds;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            seeds.add(read(file, settings));
        }
        return seeds;
    }

    static ConfigSeed read(Path file, Settings settings) throws IOException {
        String fileName = file.getFileName().toString();
        String base = fileName.substring(0, fileName.length() - SUFFIX.length());
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : Settings.read(file).entrySet()) {
            String key = e.getKey();
            String type = "String";
            int colon = key.lastIndexOf(':');
            if (colon > 0) {
                type = key.substring(colon + 1);
                key = key.substring(0, colon);
            }
            String value;
            try {
                value = settings.resolve(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(fileName + ": property " + key + ": " + ex.getMessage(), ex);
            }
            properties.put(key, convert(fileName, key, type, value));
        }
        int tilde = base.indexOf('~');
        if (tilde > 0 && tilde < base.length() - 1) {
            return new ConfigSeed(null, base.substring(0, tilde), base.substring(tilde + 1), properties);
        }
        if (base.isEmpty() || tilde >= 0) {
            throw new IllegalArgumentException(fileName + ": name a configuration file <pid>.cfg or"
                    + " <factoryPid>~<name>.cfg");
        }
        return new ConfigSeed(base, null, null, properties);
    }

    private static Object convert(String file, String key, String type, String value) {
        try {
            switch (type.toLowerCase(Locale.ROOT)) {
            case "string":
                return value;
            case "integer":
                return Integer.valueOf(value.trim());
            case "long":
                return Long.valueOf(value.trim());
            case "double":
                return Double.valueOf(value.trim());
            case "float":
                return Float.valueOf(value.trim());
            case "boolean":
                String v = value.trim().toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new NumberFormatException("not true or false");
                }
                return Boolean.valueOf(v);
            default:
                throw new IllegalArgumentException(file + ": property " + key + ": unknown type '" + type
                        + "' (String, Integer, Long, Double, Float, Boolean)");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": property " + key + ": '" + value + "' is not a " + type, e);
        }
    }
}
