package io.aiosedge.driver.modbus.internal;

/** How the value of a channel is laid out in its register area: the number of 16-bit words and their meaning. */
enum ModbusDataType {
    /** A coil or discrete input; in a register area, a register that is non-zero. */
    BOOL(1),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    INT64(4),
    /** IEEE 754 single precision. */
    FLOAT32(2),
    /** IEEE 754 double precision. */
    FLOAT64(4);

    private final int registerCount;

    ModbusDataType(int registerCount) {
        this.registerCount = registerCount;
    }

    /** Number of 16-bit registers the value occupies in a register area. */
    int registerCount() {
        return registerCount;
    }
}
