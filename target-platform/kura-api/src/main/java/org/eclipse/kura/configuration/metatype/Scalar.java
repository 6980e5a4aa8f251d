package org.eclipse.kura.configuration.metatype;

/**
 * Mirrors Kura's {@code Scalar}: the attribute types Kura accepts, with their metatype XML names
 * ({@code String}, {@code Long}, {@code Double}, {@code Float}, {@code Integer}, {@code Byte}, {@code Char},
 * {@code Boolean}, {@code Short}, {@code Password}).
 */
public enum Scalar {

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

    private Scalar(String value) {
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
    public static Scalar fromValue(String value) {
        for (Scalar candidate : values()) {
            if (candidate.value.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
