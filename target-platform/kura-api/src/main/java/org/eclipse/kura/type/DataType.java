package org.eclipse.kura.type;

/** Mirrors Kura's {@code DataType}: the value types of channels and typed values. */
public enum DataType {
    BOOLEAN,
    BYTE_ARRAY,
    DOUBLE,
    INTEGER,
    LONG,
    FLOAT,
    STRING;

    /**
     * Returns the data type whose name equals {@code type}, ignoring case (no trimming).
     *
     * @param type the name of the data type
     * @return the data type
     * @throws IllegalArgumentException if {@code type} is null or names no data type
     */
    public static DataType getDataType(String type) {
        if (type != null) {
            for (DataType candidate : values()) {
                if (candidate.name().equalsIgnoreCase(type)) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("Cannot convert to DataType");
    }
}
