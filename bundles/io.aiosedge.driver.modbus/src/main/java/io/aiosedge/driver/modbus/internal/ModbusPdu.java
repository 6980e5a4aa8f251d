package io.aiosedge.driver.modbus.internal;

import java.util.Arrays;

/**
 * The Modbus PDUs {@link ModbusTcpClient} sends and the checks and decoding of their answers (function code
 * first, no MBAP header). Static and stateless, so thread-safe.
 */
final class ModbusPdu {

    /** Set in the function code of an exception response. */
    static final int EXCEPTION_FLAG = 0x80;

    private ModbusPdu() {
    }

    /** FC 1-4: function, start address, quantity. */
    static byte[] readRequest(int function, int address, int quantity) {
        return new byte[] {(byte) function, hi(address), lo(address), hi(quantity), lo(quantity)};
    }

    /** FC 5, or FC 15 with one coil when {@code multiple}. */
    static byte[] writeCoilRequest(int address, boolean value, boolean multiple) {
        if (multiple) {
            return new byte[] {15, hi(address), lo(address), 0, 1, 1, (byte) (value ? 1 : 0)};
        }
        return new byte[] {5, hi(address), lo(address), (byte) (value ? 0xFF : 0), 0};
    }

    /** FC 6 for one register unless {@code multiple}, FC 16 otherwise. */
    static byte[] writeRegistersRequest(int address, int[] words, boolean multiple) {
        boolean useMultiple = multiple || words.length > 1;
        if (!useMultiple) {
            return new byte[] {6, hi(address), lo(address), hi(words[0]), lo(words[0])};
        }
        byte[] pdu = new byte[6 + 2 * words.length];
        pdu[0] = 16;
        pdu[1] = hi(address);
        pdu[2] = lo(address);
        pdu[3] = hi(words.length);
        pdu[4] = lo(words.length);
        pdu[5] = (byte) (2 * words.length);
        for (int i = 0; i < words.length; i++) {
            pdu[6 + 2 * i] = hi(words[i]);
            pdu[7 + 2 * i] = lo(words[i]);
        }
        return pdu;
    }

    /** The registers of an FC 3/4 answer (already checked), as unsigned 16-bit values. */
    static int[] registers(byte[] response, int quantity) {
        int[] words = new int[quantity];
        for (int i = 0; i < quantity; i++) {
            words[i] = ((response[2 + 2 * i] & 0xFF) << 8) | (response[3 + 2 * i] & 0xFF);
        }
        return words;
    }

    /** The bits of an FC 1/2 answer (already checked), least significant bit of the first byte first. */
    static boolean[] bits(byte[] response, int quantity) {
        boolean[] bits = new boolean[quantity];
        for (int i = 0; i < quantity; i++) {
            bits[i] = ((response[2 + i / 8] >> (i % 8)) & 1) != 0;
        }
        return bits;
    }

    /** FC 1-4: a byte count, then exactly that many bytes. */
    static String checkByteCount(byte[] answer, int byteCount) {
        if (answer.length != 2 + byteCount || (answer[1] & 0xFF) != byteCount) {
            return "function " + answer[0] + " answered " + (answer.length - 1) + " bytes (byte count "
                    + (answer.length > 1 ? answer[1] & 0xFF : -1) + ") where " + (byteCount + 1) + " were due";
        }
        return null;
    }

    /** FC 5/6 echo the whole request; FC 15/16 echo its address and quantity (the first 5 bytes). */
    static String checkEcho(byte[] request, byte[] answer) {
        if (answer.length != 5 || !Arrays.equals(answer, 0, 5, request, 0, 5)) {
            return "the answer to function " + request[0] + " does not echo the request";
        }
        return null;
    }

    static int u16(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    static byte hi(int value) {
        return (byte) (value >> 8);
    }

    static byte lo(int value) {
        return (byte) value;
    }
}
