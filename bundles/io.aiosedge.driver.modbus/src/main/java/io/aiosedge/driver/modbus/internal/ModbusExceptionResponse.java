package io.aiosedge.driver.modbus.internal;

/**
 * The device answered a request with a Modbus exception response (function code | 0x80). The connection is
 * fine; only this request was refused.
 */
final class ModbusExceptionResponse extends Exception {

    private static final long serialVersionUID = 1L;

    /** Exception code 2: the address range of the request does not exist in the device. */
    static final int ILLEGAL_DATA_ADDRESS = 2;

    private final int unitId;
    private final int functionCode;
    private final int exceptionCode;

    ModbusExceptionResponse(int unitId, int functionCode, int exceptionCode) {
        super("Modbus exception " + exceptionCode + " (" + meaning(exceptionCode) + ") from unit " + unitId
                + " for function " + functionCode);
        this.unitId = unitId;
        this.functionCode = functionCode;
        this.exceptionCode = exceptionCode;
    }

    int unitId() {
        return unitId;
    }

    int functionCode() {
        return functionCode;
    }

    int exceptionCode() {
        return exceptionCode;
    }

    /** The name and meaning of an exception code as the Modbus application protocol defines it. */
    static String meaning(int exceptionCode) {
        switch (exceptionCode) {
        case 1:
            return "ILLEGAL FUNCTION: the device does not support this function code";
        case 2:
            return "ILLEGAL DATA ADDRESS: the address or address range does not exist in the device";
        case 3:
            return "ILLEGAL DATA VALUE: the device rejected a value or quantity in the request";
        case 4:
            return "SERVER DEVICE FAILURE: the device failed while performing the request";
        case 5:
            return "ACKNOWLEDGE: the device accepted a long-running request and has not finished it";
        case 6:
            return "SERVER DEVICE BUSY: the device is busy with a long-running request";
        case 8:
            return "MEMORY PARITY ERROR: the device found a parity error in its memory";
        case 10:
            return "GATEWAY PATH UNAVAILABLE: the gateway has no path to this unit id";
        case 11:
            return "GATEWAY TARGET DEVICE FAILED TO RESPOND: no device answered behind the gateway for this unit id";
        default:
            return "unknown exception code";
        }
    }
}
