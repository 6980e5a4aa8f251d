package io.aiosedge.driver.modbus.internal;

/** A value cannot be converted between a channel's Modbus data type and the record's Kura data type. */
final class ConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
        super(message);
    }

    ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
