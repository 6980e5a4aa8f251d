package io.aiosedge.driver.modbus.internal;

/**
 * The four Modbus data areas, with the function codes that read and write them. Addresses within an area
 * are 0-based protocol addresses (the value on the wire), not the 1-based "40001" register numbers of
 * some device manuals.
 */
enum ModbusArea {
    COIL(true, 1, 5, 15),
    DISCRETE_INPUT(true, 2, 0, 0),
    INPUT_REGISTER(false, 4, 0, 0),
    HOLDING_REGISTER(false, 3, 6, 16);

    private final boolean bits;
    private final int readFunction;
    private final int writeSingleFunction;
    private final int writeMultipleFunction;

    ModbusArea(boolean bits, int readFunction, int writeSingleFunction, int writeMultipleFunction) {
        this.bits = bits;
        this.readFunction = readFunction;
        this.writeSingleFunction = writeSingleFunction;
        this.writeMultipleFunction = writeMultipleFunction;
    }

    /** True for coils and discrete inputs (one bit per address), false for the 16-bit register areas. */
    boolean isBits() {
        return bits;
    }

    boolean isWritable() {
        return writeSingleFunction != 0;
    }

    int readFunction() {
        return readFunction;
    }

    int writeSingleFunction() {
        return writeSingleFunction;
    }

    int writeMultipleFunction() {
        return writeMultipleFunction;
    }
}
