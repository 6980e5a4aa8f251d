package io.aiosedge.conformance;

import java.util.regex.Pattern;

/** An OSGi version {@code major[.minor[.micro[.qualifier]]]}, ordered as the OSGi core spec orders them. */
record OsgiVersion(int major, int minor, int micro, String qualifier) implements Comparable<OsgiVersion> {

    static final OsgiVersion ZERO = new OsgiVersion(0, 0, 0, "");

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern QUALIFIER = Pattern.compile("[A-Za-z0-9_-]*");

    /**
     * Parses a version as written in a manifest.
     *
     * @throws IllegalArgumentException naming the text when it is not an OSGi version
     */
    static OsgiVersion parse(String text) {
        String trimmed = text.trim();
        String[] parts = trimmed.split("\\.", 4);
        int[] numbers = new int[3];
        for (int i = 0; i < Math.min(parts.length, 3); i++) {
            if (!NUMBER.matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not an OSGi version");
            }
            try {
                numbers[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an OSGi version: number too large", e);
            }
        }
        String qualifier = parts.length == 4 ? parts[3] : "";
        if (!QUALIFIER.matcher(qualifier).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an OSGi version: bad qualifier");
        }
        return new OsgiVersion(numbers[0], numbers[1], numbers[2], qualifier);
    }

    @Override
    public int compareTo(OsgiVersion other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Integer.compare(micro, other.micro);
        }
        return result != 0 ? result : qualifier.compareTo(other.qualifier);
    }

    @Override
    public String toString() {
        String base = major + "." + minor + "." + micro;
        return qualifier.isEmpty() ? base : base + "." + qualifier;
    }
}
