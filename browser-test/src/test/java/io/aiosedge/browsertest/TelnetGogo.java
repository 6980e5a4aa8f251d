package io.aiosedge.browsertest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The gateway's Gogo console over telnet (line mode, as the launcher serves it): one command, its answer. */
final class TelnetGogo implements AutoCloseable {

    private static final String PROMPT = "g! ";
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TelnetGogo(int port) throws IOException {
        this.socket = new Socket();
        this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        this.socket.setSoTimeout(30_000);
        this.in = this.socket.getInputStream();
        this.out = this.socket.getOutputStream();
        readUntilPrompt(); // the banner
    }

    /** Runs one command line; returns the text before the next prompt. */
    String run(String command) throws IOException {
        this.out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        this.out.flush();
        return readUntilPrompt();
    }

    private String readUntilPrompt() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (true) {
            int b = this.in.read();
            if (b < 0) {
                throw new IOException("the console closed the connection after: "
                        + text.toString(StandardCharsets.UTF_8));
            }
            text.write(b);
            String sofar = text.toString(StandardCharsets.UTF_8);
            if (sofar.endsWith(PROMPT)) {
                return sofar.substring(0, sofar.length() - PROMPT.length()).replace("\r\n", "\n");
            }
        }
    }

    @Override
    public void close() {
        try {
            this.socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
