package io.aiosedge.conformance;

/**
 * An OSGi version range: an interval such as {@code [1.2,2)} or a bare version {@code 1.2}, which means
 * "1.2 or later". Keeps the text it was parsed from so that messages show the range as the manifest has it.
 */
record VersionRange(String text, OsgiVersion floor, boolean floorIncluded, OsgiVersion ceiling,
        boolean ceilingIncluded) {

    /**
     * Parses a range without surrounding quotes.
     *
     * @throws IllegalArgumentException naming the text when it is not an OSGi version range
     */
    static VersionRange parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty version range");
        }
        char first = trimmed.charAt(0);
        if (first != '[' && first != '(') {
            return new VersionRange(text, OsgiVersion.parse(trimmed), true, null, false);
        }
        char last = trimmed.charAt(trimmed.length() - 1);
        int comma = trimmed.indexOf(',');
        if ((last != ']' && last != ')') || comma < 0 || comma != trimmed.lastIndexOf(',')) {
            throw new IllegalArgumentException("'" + text + "' is not an OSGi version range");
        }
        OsgiVersion floor = OsgiVersion.parse(trimmed.substring(1, comma));
        OsgiVersion ceiling = OsgiVersion.parse(trimmed.substring(comma + 1, trimmed.length() - 1));
        if (floor.compareTo(ceiling) > 0) {
            throw new IllegalArgumentException("'" + text + "' has a floor above its ceiling");
        }
        return new VersionRange(text, floor, first == '[', ceiling, last == ']');
    }

    /** Whether {@code version} lies in this range. */
    boolean includes(OsgiVersion version) {
        int fromFloor = version.compareTo(floor);
        if (fromFloor < 0 || (fromFloor == 0 && !floorIncluded)) {
            return false;
        }
        if (ceiling == null) {
            return true;
        }
        int toCeiling = version.compareTo(ceiling);
        return toCeiling < 0 || (toCeiling == 0 && ceilingIncluded);
    }

    @Override
    public String toString() {
        return text;
    }
}
