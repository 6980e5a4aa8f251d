package org.eclipse.kura.type;

public enum DataType {
    BOOLEAN, BYTE_ARRAY, DOUBLE, INTEGER, LONG, FLOAT, STRING;

    public static DataType getDataType(String type) {
        return valueOf(type);
    }
}
