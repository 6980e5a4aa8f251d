package io.aiosedge.driver.modbus.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * A real Modbus TCP server on loopback for the unit tests, the benchmark and ModbusDriverIT (itests unpacks
 * it into its probe): j2mod's TCP slave holds a process image (every area {@code size} addresses long, so address {@code size} and above answer exception 2), and a
 * thin relay in front of it, on a stable port, counts connections and requests and can be stopped and
 * restarted or told to swallow requests. The relay exists because j2mod's listener neither reports its
 * connections nor closes them when it stops.
 */
public final class LoopbackModbusServer implements AutoCloseable {

    private final int unitId;
    private final SimpleProcessImage image;
    private final ModbusSlave slave;
    private final int slavePort;
    private final int port;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final Map<Integer, AtomicLong> requestsByFunction = new ConcurrentHashMap<>();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicInteger relayNumber = new AtomicInteger();
    private volatile boolean silent;
    private volatile ServerSocket acceptor;
    private Thread acceptThread;

    private LoopbackModbusServer(int unitId, int size) throws Exception {
        this.unitId = unitId;
        this.image = new SimpleProcessImage(unitId);
        for (int i = 0; i < size; i++) {
            image.addDigitalOut(new SimpleDigitalOut(false));
            image.addDigitalIn(new SimpleDigitalIn(false));
            image.addInputRegister(new SimpleInputRegister(0));
            image.addRegister(new SimpleRegister(0));
        }
        this.slavePort = freePort();
        this.slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), slavePort, 8, false);
        slave.setThreadName("test-j2mod-slave-" + slavePort);
        slave.addProcessImage(unitId, image);
        slave.open();
        this.port = freePort();
        listen();
    }

    /** Starts a server for {@code unitId} with {@code size} coils, discrete inputs, input and holding registers. */
    public static LoopbackModbusServer start(int unitId, int size) throws Exception {
        return new LoopbackModbusServer(unitId, size);
    }

    public int port() {
        return port;
    }

    public int unitId() {
        return unitId;
    }

    public void setHoldingRegister(int address, int value) {
        image.getRegister(address).setValue(value);
    }

    public int holdingRegister(int address) {
        return image.getRegister(address).getValue();
    }

    public void setInputRegister(int address, int value) {
        ((SimpleInputRegister) image.getInputRegister(address)).setValue(value);
    }

    public void setCoil(int address, boolean value) {
        image.getDigitalOut(address).set(value);
    }

    public boolean coil(int address) {
        return image.getDigitalOut(address).isSet();
    }

    public void setDiscreteInput(int address, boolean value) {
        ((SimpleDigitalIn) image.getDigitalIn(address)).set(value);
    }

    /** Requests received since the last {@link #resetCounters()}, any function code. */
    public long requests() {
        return requests.get();
    }

    public long requests(int functionCode) {
        AtomicLong count = requestsByFunction.get(functionCode);
        return count == null ? 0 : count.get();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public void resetCounters() {
        requests.set(0);
        requestsByFunction.clear();
    }

    /** Connections from clients that are open now. */
    public int openConnections() {
        return relays.size();
    }

    /** When true, requests are received and counted but never answered. */
    public void setSilent(boolean silent) {
        this.silent = silent;
    }

    /** The server goes away: the port refuses connections and every open connection is closed. */
    public synchronized void stop() throws IOException {
        ServerSocket current = acceptor;
        acceptor = null;
        if (current != null) {
            current.close();
        }
        if (acceptThread != null) {
            try {
                acceptThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            acceptThread = null;
        }
        for (Relay relay : relays) {
            relay.close();
        }
    }

    /** The server comes back on the same port with the same registers. */
    public synchronized void restart() throws IOException {
        if (acceptor == null) {
            listen();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        ModbusSlaveFactory.close(slave);
    }

    private synchronized void listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = server;
        acceptThread = new Thread(() -> accept(server), "test-modbus-relay-accept-" + port);
        acceptThread.start();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connectionsAccepted.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), slavePort);
                Relay relay = new Relay(client, upstream);
                relays.add(relay);
                relay.start(relayNumber.incrementAndGet());
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("relay accept failed", e);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** One client connection: requests are parsed frame by frame and forwarded, answers copied back. */
    private final class Relay {

        private final Socket client;
        private final Socket upstream;
        private final AtomicBoolean closed = new AtomicBoolean();

        Relay(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start(int number) {
            Thread requestsThread = new Thread(this::forwardRequests, "test-modbus-relay-requests-" + number);
            Thread answersThread = new Thread(this::copyAnswers, "test-modbus-relay-answers-" + number);
            requestsThread.setDaemon(true);
            answersThread.setDaemon(true);
            requestsThread.start();
            answersThread.start();
        }

        private void forwardRequests() {
            try {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = upstream.getOutputStream();
                byte[] header = new byte[7];
                while (true) {
                    in.readFully(header);
                    int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                    byte[] pdu = new byte[Math.max(0, length - 1)];
                    in.readFully(pdu);
                    requests.incrementAndGet();
                    if (pdu.length > 0) {
                        requestsByFunction.computeIfAbsent(pdu[0] & 0xFF, f -> new AtomicLong()).incrementAndGet();
                    }
                    if (!silent) {
                        byte[] frame = new byte[header.length + pdu.length];
                        System.arraycopy(header, 0, frame, 0, header.length);
                        System.arraycopy(pdu, 0, frame, header.length, pdu.length);
                        out.write(frame);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                close();
            }
        }

        private void copyAnswers() {
            byte[] buffer = new byte[512];
            try {
                InputStream in = upstream.getInputStream();
                OutputStream out = client.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // closed below
            }
            close();
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    client.close();
                } catch (IOException e) {
                    // nothing left to release
                }
                try {
                    upstream.close();
                } catch (IOException e) {
                    // nothing left to release
                }
                relays.remove(this);
            }
        }
    }
}
