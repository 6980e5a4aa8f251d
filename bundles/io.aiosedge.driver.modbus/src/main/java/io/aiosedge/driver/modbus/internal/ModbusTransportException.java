package io.aiosedge.driver.modbus.internal;

import java.io.IOException;

/** A request got no usable answer: the connection could not be made, was lost, or the device stayed silent. */
final class ModbusTransportException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, which decides how much of the rest of a driver call is still worth trying. */
    enum Kind {
        /** No TCP connection could be made (or the reconnect back-off has not elapsed). */
        CONNECT_FAILED,
        /** The connection broke or the answer was not Modbus TCP; the socket has been closed. */
        CONNECTION_LOST,
        /** The connection is up but the unit did not answer within the request timeout, on every attempt. */
        NO_RESPONSE,
        /** The call's time budget ran out before this request could be sent or answered. */
        DEADLINE_EXCEEDED,
        /** The driver was deactivated or disconnected on purpose. */
        CLOSED
    }

    private final Kind kind;

    ModbusTransportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    ModbusTransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
