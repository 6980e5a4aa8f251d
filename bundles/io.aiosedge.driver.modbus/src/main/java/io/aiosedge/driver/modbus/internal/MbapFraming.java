package io.aiosedge.driver.modbus.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modbus TCP's MBAP framing for {@link ModbusTcpClient}: the 7-byte header (transaction id, protocol id 0,
 * length, unit id) in front of a PDU, and a {@link Reader} of whole frames. {@link #encode} is static and
 * stateless; a {@link Reader} is used by one thread, the one holding the client's lock.
 */
final class MbapFraming {

    /** The client's logger: these messages are the client's. */
    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpClient.class);
    static final int MBAP_HEADER_BYTES = 7;
    /** MBAP length field range: unit id + function code at least, 253-byte PDU at most. */
    private static final int MIN_LENGTH = 2;
    private static final int MAX_LENGTH = 254;

    private MbapFraming() {
    }

    /** @return the frame of one request: MBAP header, then the PDU */
    static byte[] encode(int id, int unitId, byte[] pdu) {
        byte[] frame = new byte[MBAP_HEADER_BYTES + pdu.length];
        frame[0] = ModbusPdu.hi(id);
        frame[1] = ModbusPdu.lo(id);
        // Bytes 2-3: protocol id 0 (Modbus).
        frame[4] = ModbusPdu.hi(pdu.length + 1);
        frame[5] = ModbusPdu.lo(pdu.length + 1);
        frame[6] = (byte) unitId;
        System.arraycopy(pdu, 0, frame, MBAP_HEADER_BYTES, pdu.length);
        return frame;
    }

    /**
     * Reads whole frames from one connection until the one with the expected transaction id; notes if a
     * frame was cut short. One per attempt, used only under the client's lock.
     */
    static final class Reader {

        private final Socket socket;
        private final InputStream in;
        boolean partial;

        Reader(Socket socket, InputStream in) {
            this.socket = socket;
            this.in = in;
        }

        byte[] receive(int expectedId, Deadline deadline) throws IOException {
            while (true) {
                byte[] header = readFully(MBAP_HEADER_BYTES, deadline);
                int id = ModbusPdu.u16(header, 0);
                int protocol = ModbusPdu.u16(header, 2);
                int length = ModbusPdu.u16(header, 4);
                if (protocol != 0 || length < MIN_LENGTH || length > MAX_LENGTH) {
                    throw new IOException("not a Modbus TCP frame: protocol id " + protocol + ", length " + length);
                }
                partial = true;
                byte[] pdu = readFully(length - 1, deadline);
                partial = false;
                if (id == expectedId) {
                    return pdu;
                }
                // An answer to an earlier, timed-out request.
                LOG.debug("Skipping a late answer with transaction id {} (waiting for {})", id, expectedId);
            }
        }

        private byte[] readFully(int length, Deadline deadline) throws IOException {
            byte[] buffer = new byte[length];
            int read = 0;
            while (read < length) {
                long remaining = deadline.remainingMillis();
                if (remaining <= 0) {
                    throw new SocketTimeoutException("request timeout");
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
                int n = in.read(buffer, read, length - read);
                if (n < 0) {
                    throw new EOFException("the server closed the connection");
                }
                read += n;
                if (read > 0) {
                    partial = true;
                }
            }
            return buffer;
        }
    }
}
