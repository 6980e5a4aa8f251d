package io.aiosedge.cloudsync.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

    @Test
    void plainSocketsHaveNagleOff() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket unconnected = NoDelaySockets.plain().createSocket();
                Socket connected = NoDelaySockets.plain().createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void tlsSocketsHaveNagleOffAndKeepTheCipherSuites() throws Exception {
        var delegate = SSLContext.getDefault().getSocketFactory();
        var factory = NoDelaySockets.tls(delegate);
        try (Socket socket = factory.createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
        assertThat(factory.getSupportedCipherSuites()).containsExactly(delegate.getSupportedCipherSuites());
    }
}
