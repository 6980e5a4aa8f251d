package io.aiosedge.driver.modbus.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.driver.DriverConnectionInfo;

/**
 * A Modbus TCP client (master) on one socket: MBAP framing, function codes 1/2/3/4/5/6/15/16 and exception
 * responses. One request is in flight at a time; the socket is opened lazily by the first request and
 * reopened by the next request after it breaks.
 *
 * <p>Every request runs against a {@link Deadline}: waiting for the lock, connecting (at most the connect
 * timeout) and each attempt (at most the request timeout) all stop at the deadline, so a caller is never
 * blocked past it. A timed-out attempt keeps the socket (a late answer is recognised by its transaction id
 * and skipped) unless part of a frame had arrived; any other I/O error closes it.
 *
 * <p>The PDUs and their checks are in {@link ModbusPdu}, the MBAP header and frame reading in
 * {@link MbapFraming}; this class owns the socket, the lock and the retries.
 */
final class ModbusTcpClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpClient.class);

    private final DriverOptions options;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile boolean closed;
    /** The open socket, or null; replaced only under the lock, closed from any thread. */
    private volatile Socket socket;
    /** A socket whose connect is in progress, so that {@link #close()} can abort it. */
    private volatile Socket connecting;
    private InputStream in;
    private OutputStream out;
    private int transactionId;
    private long lastConnectFailureNanos;
    private boolean connectFailed;

    private volatile DriverConnectionInfo.State state = DriverConnectionInfo.State.DISCONNECTED;
    private volatile String detail;

    ModbusTcpClient(DriverOptions options) {
        this.options = options;
        this.detail = options.endpoint() + ": not connected yet";
    }

    DriverConnectionInfo.State state() {
        return state;
    }

    String detail() {
        return detail;
    }

    // ---------------------------------------------------------------- requests

    /** FC 3 (holding) or FC 4 (input): {@code quantity} registers as unsigned 16-bit values. */
    int[] readRegisters(int unitId, ModbusArea area, int address, int quantity, Deadline deadline)
            throws ModbusTransportException, ModbusExceptionResponse {
        byte[] pdu = ModbusPdu.readRequest(area.readFunction(), address, quantity);
        byte[] response = transact(unitId, pdu, deadline, answer -> ModbusPdu.checkByteCount(answer, 2 * quantity));
        return ModbusPdu.registers(response, quantity);
    }

    /** FC 1 (coils) or FC 2 (discrete inputs). */
    boolean[] readBits(int unitId, ModbusArea area, int address, int quantity, Deadline deadline)
            throws ModbusTransportException, ModbusExceptionResponse {
        byte[] pdu = ModbusPdu.readRequest(area.readFunction(), address, quantity);
        byte[] response = transact(unitId, pdu, deadline,
                answer -> ModbusPdu.checkByteCount(answer, (quantity + 7) / 8));
        return ModbusPdu.bits(response, quantity);
    }

    /** FC 5, or FC 15 with one coil when {@code multiple} (for devices that only implement FC 15). */
    void writeCoil(int unitId, int address, boolean value, boolean multiple, Deadline deadline)
            throws ModbusTransportException, ModbusExceptionResponse {
        byte[] pdu = ModbusPdu.writeCoilRequest(address, value, multiple);
        transact(unitId, pdu, deadline, answer -> ModbusPdu.checkEcho(pdu, answer));
    }

    /** FC 6 for one register unless {@code multiple}, FC 16 otherwise. */
    void writeRegisters(int unitId, int address, int[] words, boolean multiple, Deadline deadline)
            throws ModbusTransportException, ModbusExceptionResponse {
        byte[] pdu = ModbusPdu.writeRegistersRequest(address, words, multiple);
        transact(unitId, pdu, deadline, answer -> ModbusPdu.checkEcho(pdu, answer));
    }

    // ---------------------------------------------------------------- connection

    /** Opens the connection now if it is not open (Driver.connect()). */
    void connect(Deadline deadline) throws ModbusTransportException {
        acquire(deadline);
        try {
            ensureConnected(deadline);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection; the next request opens a new one (Driver.disconnect()). */
    void disconnect(Deadline deadline) throws ModbusTransportException {
        acquire(deadline);
        try {
            dropConnection();
            connectFailed = false;
            setState(DriverConnectionInfo.State.DISCONNECTED, "disconnected on request");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the socket for good, from any thread: a request blocked on it fails at once, and later requests
     * fail with {@link ModbusTransportException.Kind#CLOSED}.
     */
    @Override
    public void close() {
        closed = true;
        closeQuietly(connecting);
        closeQuietly(socket);
        setState(DriverConnectionInfo.State.DISCONNECTED, "driver stopped");
    }

    // ---------------------------------------------------------------- transaction

    /** Checks a normal (non-exception) answer; returns what is wrong with it, or null. */
    @FunctionalInterface
    private interface AnswerCheck {
        String problem(byte[] answer);
    }

    /**
     * Sends one request and returns the answer PDU (function code first), retrying timeouts and lost or
     * malformed connections while attempts and the deadline allow.
     */
    private byte[] transact(int unitId, byte[] pdu, Deadline deadline, AnswerCheck check)
            throws ModbusTransportException, ModbusExceptionResponse {
        acquire(deadline);
        try {
            int function = pdu[0] & 0xFF;
            ModbusTransportException failure = null;
            for (int attempt = 1; attempt <= options.attempts() && !deadline.isExpired(); attempt++) {
                ensureConnected(deadline);
                Deadline attemptDeadline = deadline.capped(options.requestTimeoutMs());
                long startNanos = System.nanoTime();
                int id = nextTransactionId();
                MbapFraming.Reader reader = new MbapFraming.Reader(socket, in);
                try {
                    send(id, unitId, pdu);
                    byte[] response = reader.receive(id, attemptDeadline);
                    markAnswered();
                    int answered = response[0] & 0xFF;
                    if (answered == (function | ModbusPdu.EXCEPTION_FLAG) && response.length == 2) {
                        throw new ModbusExceptionResponse(unitId, function, response[1] & 0xFF);
                    }
                    String problem = answered != function
                            ? "function code " + answered + " in the answer to function " + function
                            : check.problem(response);
                    if (problem != null) {
                        throw new IOException("unit " + unitId + " sent a malformed answer: " + problem);
                    }
                    return response;
                } catch (SocketTimeoutException e) {
                    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                    if (reader.partial) {
                        // The stream is now mid-frame; only a new connection resynchronises it.
                        dropConnection();
                    }
                    failure = new ModbusTransportException(ModbusTransportException.Kind.NO_RESPONSE, "unit "
                            + unitId + " did not answer function " + function + " within " + waitedMs + " ms (attempt "
                            + attempt + " of " + options.attempts() + "; wrong unit id or device not responding?)",
                            e);
                    LOG.debug("{}", failure.getMessage());
                } catch (IOException e) {
                    dropConnection();
                    if (closed) {
                        throw new ModbusTransportException(ModbusTransportException.Kind.CLOSED,
                                "the driver was stopped during the request", e);
                    }
                    failure = new ModbusTransportException(ModbusTransportException.Kind.CONNECTION_LOST,
                            "connection to " + options.endpoint() + " lost: " + e, e);
                    LOG.debug("{} (attempt {} of {})", failure.getMessage(), attempt, options.attempts());
                }
            }
            if (failure == null) {
                failure = new ModbusTransportException(ModbusTransportException.Kind.DEADLINE_EXCEEDED,
                        "the call's time budget of " + options.callBudgetMs() + " ms ran out before the request to"
                                + " unit " + unitId + " could be sent");
            }
            setState(DriverConnectionInfo.State.FAILED, failure.getMessage());
            throw failure;
        } finally {
            lock.unlock();
        }
    }

    private void acquire(Deadline deadline) throws ModbusTransportException {
        if (closed) {
            throw new ModbusTransportException(ModbusTransportException.Kind.CLOSED, "the driver is stopped");
        }
        try {
            if (!lock.tryLock(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new ModbusTransportException(ModbusTransportException.Kind.DEADLINE_EXCEEDED,
                        "another request to " + options.endpoint() + " held the connection for the whole time"
                                + " budget of this call");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModbusTransportException(ModbusTransportException.Kind.CLOSED, "interrupted", e);
        }
    }

    private void ensureConnected(Deadline deadline) throws ModbusTransportException {
        if (closed) {
            throw new ModbusTransportException(ModbusTransportException.Kind.CLOSED, "the driver is stopped");
        }
        if (socket != null) {
            return;
        }
        long sinceFailureMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastConnectFailureNanos);
        if (connectFailed && sinceFailureMs < options.reconnectBackoffMs()) {
            throw new ModbusTransportException(ModbusTransportException.Kind.CONNECT_FAILED, "not connected to "
                    + options.endpoint() + "; next connection attempt in "
                    + (options.reconnectBackoffMs() - sinceFailureMs) + " ms (last error: " + detail + ")");
        }
        long timeoutMs = Math.min(options.connectTimeoutMs(), deadline.remainingMillis());
        if (timeoutMs <= 0) {
            throw new ModbusTransportException(ModbusTransportException.Kind.DEADLINE_EXCEEDED,
                    "no time left in the call's budget to connect to " + options.endpoint());
        }
        setState(DriverConnectionInfo.State.CONNECTING, "connecting to " + options.endpoint());
        Socket candidate = new Socket();
        connecting = candidate;
        try {
            candidate.setTcpNoDelay(true);
            candidate.setKeepAlive(true);
            candidate.connect(new InetSocketAddress(options.host(), options.port()), (int) timeoutMs);
            if (closed) {
                throw new IOException("driver stopped while connecting");
            }
            in = new BufferedInputStream(candidate.getInputStream());
            out = new BufferedOutputStream(candidate.getOutputStream());
            socket = candidate;
            connectFailed = false;
            setState(DriverConnectionInfo.State.CONNECTED, "connected since " + Instant.now());
            LOG.info("Connected to {}", options.endpoint());
        } catch (IOException e) {
            closeQuietly(candidate);
            if (closed) {
                throw new ModbusTransportException(ModbusTransportException.Kind.CLOSED, "the driver is stopped", e);
            }
            boolean firstFailure = !connectFailed;
            connectFailed = true;
            lastConnectFailureNanos = System.nanoTime();
            String message = "cannot connect to " + options.endpoint() + " within " + timeoutMs + " ms: " + e;
            setState(DriverConnectionInfo.State.FAILED, message + " at " + Instant.now());
            if (firstFailure) {
                LOG.warn("{}", message);
            } else {
                LOG.debug("{}", message);
            }
            throw new ModbusTransportException(ModbusTransportException.Kind.CONNECT_FAILED, message, e);
        } finally {
            connecting = null;
        }
    }

    private void dropConnection() {
        Socket current = socket;
        socket = null;
        in = null;
        out = null;
        if (current != null) {
            closeQuietly(current);
            if (!closed) {
                LOG.info("Closed the connection to {}", options.endpoint());
            }
        }
    }

    private void markAnswered() {
        if (state != DriverConnectionInfo.State.CONNECTED) {
            setState(DriverConnectionInfo.State.CONNECTED, "connected, answering since " + Instant.now());
        }
    }

    private void setState(DriverConnectionInfo.State newState, String newDetail) {
        state = newState;
        detail = options.endpoint() + ": " + newDetail;
    }

    private int nextTransactionId() {
        transactionId = (transactionId + 1) & 0xFFFF;
        return transactionId;
    }

    private void send(int id, int unitId, byte[] pdu) throws IOException {
        out.write(MbapFraming.encode(id, unitId, pdu));
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("Closing a socket failed", e);
            }
        }
    }
}
