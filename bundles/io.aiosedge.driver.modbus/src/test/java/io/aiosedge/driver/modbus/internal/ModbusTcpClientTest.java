package io.aiosedge.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Framing cases a well-behaved server never produces, played by a scripted server. */
class ModbusTcpClientTest {

    private ServerSocket server;
    private ModbusTcpClient client;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new ModbusTcpClient(DriverOptions.from(DriverConfigs.of(Map.of("port", server.getLocalPort(),
                "request.timeout.ms", 200, "retries", 1))));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] header = new byte[7];
        in.readFully(header);
        byte[] frame = new byte[7 + ((header[4] & 0xFF) << 8 | (header[5] & 0xFF)) - 1];
        System.arraycopy(header, 0, frame, 0, 7);
        in.readFully(frame, 7, frame.length - 7);
        return frame;
    }

    /** An FC 3 answer with one register, for the transaction id of {@code request}. */
    private static byte[] oneRegisterAnswer(byte[] request, int value, int protocolId) {
        return new byte[] {request[0], request[1], (byte) (protocolId >> 8), (byte) protocolId, 0, 5, request[6], 3, 2,
                (byte) (value >> 8), (byte) value};
    }

    @Test
    void aLateAnswerToATimedOutAttemptIsSkipped() throws Exception {
        CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] first = readFrame(in); // not answered in time: the client retries
                byte[] second = readFrame(in);
                OutputStream out = socket.getOutputStream();
                out.write(oneRegisterAnswer(first, 111, 0));
                out.write(oneRegisterAnswer(second, 222, 0));
                out.flush();
                in.read(); // hold the connection until the client closes it
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        int[] words = client.readRegisters(1, ModbusArea.HOLDING_REGISTER, 0, 1, Deadline.afterMillis(2000));

        assertThat(words).containsExactly(222);
        client.close();
        script.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFrameThatIsNotModbusTcpDropsTheConnection() throws Exception {
        CompletableFuture<Integer> script = CompletableFuture.supplyAsync(() -> {
            int connections = 0;
            try {
                for (int i = 0; i < 2; i++) {
                    try (Socket socket = server.accept()) {
                        connections++;
                        DataInputStream in = new DataInputStream(socket.getInputStream());
                        byte[] request = readFrame(in);
                        socket.getOutputStream().write(oneRegisterAnswer(request, 1, 7)); // protocol id 7
                        socket.getOutputStream().flush();
                        assertThat(in.read()).as("the client closes the connection").isEqualTo(-1);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return connections;
        });

        assertThatThrownBy(() -> client.readRegisters(1, ModbusArea.HOLDING_REGISTER, 0, 1,
                Deadline.afterMillis(2000)))
                .isInstanceOf(ModbusTransportException.class)
                .hasMessageContaining("not a Modbus TCP frame")
                .extracting(e -> ((ModbusTransportException) e).kind())
                .isEqualTo(ModbusTransportException.Kind.CONNECTION_LOST);
        assertThat(script.get(5, TimeUnit.SECONDS)).as("one connection per attempt").isEqualTo(2);
    }
}
