package org.eclipse.kura.core.configuration.metatype;

/**
 * Mirrors Kura's {@code Tscalar}: the JAXB enum of the attribute types Kura accepts, with their metatype XML names
 * ({@code String}, {@code Long}, {@code Double}, {@code Float}, {@code Integer}, {@code Byte}, {@code Char},
 * {@code Boolean}, {@code Short}, {@code Password}).
 */
public enum Tscalar {

    STRING("String"),
    LONG("Long"),
    DOUBLE("Double"),
    FLOAT("Float"),
    INTEGER("Integer"),
    BYTE("Byte"),
    CHAR("Char"),
    BOOLEAN("Boolean"),
    SHORT("Short"),
    PASSWORD("Password");

    private final String value;

    private Tscalar(String value) {
        this.value = value;
    }

    /** @return the metatype XML name */
    public String value() {
        return this.value;
    }

    /**
     * @param value a metatype XML name (exact case)
     * @return the scalar with that name
     * @throws IllegalArgumentException if no scalar has that name
     */
    public static Tscalar fromValue(String value) {
        for (Tscalar candidate : values()) {
            if (candidate.value.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
