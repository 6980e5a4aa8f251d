package io.aiosedge.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoTest {

    @TempDir
    Path dir;

    @Test
    void answersAnMqttConnectAndComesBackOnTheSamePortAfterAStopAndAKill() throws Exception {
        try (Mosquitto broker = Mosquitto.in(dir).build().start()) {
            assertTrue(broker.isRunning());
            assertEquals("tcp://127.0.0.1:" + broker.port(), broker.url());
            assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x00}, connack(broker.port()), "CONNACK, accepted");

            broker.stop();
            assertFalse(broker.isRunning());
            assertThrows(ConnectException.class, () -> connack(broker.port()));
            assertTrue(Files.exists(dir.resolve("mosquitto.db")), "a persistent broker saves its state at SIGTERM");

            broker.start();
            assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x00}, connack(broker.port()));
            broker.kill();
            assertFalse(broker.isRunning());
            broker.start();
            assertTrue(broker.isRunning());
            assertThrows(IllegalStateException.class, broker::start);
        }
    }

    @Test
    void writesWhatWasAskedForIntoItsConfiguration() throws Exception {
        Mosquitto broker = Mosquitto.in(dir).port(Mosquitto.freePort()).persistent(false).maxQueuedMessages(100)
                .listenAlso("127.0.0.2").config("log_type error").build();
        String config = Files.readString(dir.resolve("mosquitto.conf"));
        assertTrue(config.contains("listener " + broker.port() + " 127.0.0.1\n"), config);
        assertTrue(config.contains("listener " + broker.port() + " 127.0.0.2\n"), config);
        assertTrue(config.contains("persistence false\n") && config.contains("max_queued_messages 100\n"), config);
        assertTrue(config.contains("allow_anonymous true\n") && config.endsWith("log_type error\n"), config);
        assertFalse(broker.isRunning());
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mosquitto.in(dir).port(70000)).getMessage()
                .contains("70000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mosquitto.in(dir).maxQueuedMessages(-1))
                .getMessage().contains("-1"));
    }

    @Test
    void aBrokerThatCannotStartFailsWithItsLog() throws Exception {
        try (Mosquitto broker = Mosquitto.in(dir).config("no_such_option true").build()) {
            AssertionError e = assertThrows(AssertionError.class, broker::start);
            assertTrue(e.getMessage().contains("no_such_option"), e.getMessage());
            assertFalse(broker.isRunning());
        }
    }

    /** An MQTT 3.1.1 CONNECT with a clean session; returns the 4 bytes of the answer. */
    private static byte[] connack(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            byte[] clientId = "probe".getBytes(StandardCharsets.UTF_8);
            byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 30};
            OutputStream out = socket.getOutputStream();
            out.write(0x10);
            out.write(variable.length + 2 + clientId.length);
            out.write(variable);
            out.write(0);
            out.write(clientId.length);
            out.write(clientId);
            out.flush();
            byte[] answer = new byte[4];
            new DataInputStream(socket.getInputStream()).readFully(answer);
            return answer;
        }
    }
}
