package io.aiosedge.driver.modbus.internal;

/**
 * Order of the parts of a multi-part value. Used twice per channel: the order of the 16-bit words of a
 * 32/64-bit value, and the order of the two bytes inside each word.
 */
enum Endianness {
    /** Most significant part first: the Modbus standard for bytes, and the most common word order. */
    BIG_ENDIAN,
    /** Least significant part first. */
    LITTLE_ENDIAN
}
