package io.aiosedge.gateway;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gogo over telnet on the loopback interface, as Kura offers it (Kura: {@code telnet localhost 5002}): what a
 * gateway running as a service has instead of a terminal. Line mode: each line the client sends is one Gogo command
 * line, run in a session of its own per connection, and its result or error is printed. No authentication, as on
 * Kura: it is bound to 127.0.0.1 only, and every local user can use it (the README says so; port 0 turns it off).
 *
 * <p>Gogo's CommandProcessor is used through its interface as the gogo.runtime bundle loads it (reflection), like the
 * other framework services of the launcher, so that the launcher's class path stays the framework alone.
 */
final class TelnetConsole implements Closeable {

    /** Most connections served at once; more are told so and closed. */
    static final int MAX_CONNECTIONS = 4;
    private static final int IAC = 255;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final String PROMPT = "g! ";

    private final Object commandProcessor;
    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private TelnetConsole(Object commandProcessor, ServerSocket server) {
        this.commandProcessor = commandProcessor;
        this.server = server;
        this.acceptor = new Thread(this::accept, "aios-gateway-telnet");
        this.acceptor.setDaemon(true);
    }

    /**
     * Opens the port and starts accepting.
     *
     * @param port TCP port on 127.0.0.1, 1..65535
     * @throws IOException when the port cannot be bound (e.g. in use)
     */
    static TelnetConsole start(Object commandProcessor, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), MAX_CONNECTIONS);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        TelnetConsole console = new TelnetConsole(commandProcessor, server);
        console.acceptor.start();
        return console;
    }

    int port() {
        return this.server.getLocalPort();
    }

    private void accept() {
        while (!this.closed) {
            Socket socket;
            try {
                socket = this.server.accept();
            } catch (IOException e) {
                if (!this.closed) {
                    System.err.println("aiosedge-gateway: telnet console stopped: " + e.getMessage());
                }
                return;
            }
            if (this.connections.size() >= MAX_CONNECTIONS) {
                try (socket) {
                    socket.getOutputStream().write(("aiosedge-gateway: " + MAX_CONNECTIONS
                            + " telnet sessions are open already\r\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the client went away
                }
                continue;
            }
            this.connections.add(socket);
            Thread session = new Thread(() -> serve(socket), "aios-gateway-telnet-" + this.served.incrementAndGet());
            session.setDaemon(true);
            session.start();
        }
    }

    private void serve(Socket socket) {
        Object session = null;
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream raw = socket.getOutputStream();
            PrintStream out = new PrintStream(new CrLfOutputStream(raw), true, StandardCharsets.UTF_8);
            // Commands that read stdin get nothing: the line reader below owns the socket's input.
            session = invoke(this.commandProcessor, "createSession",
                    new Class<?>[] {InputStream.class, OutputStream.class, OutputStream.class},
                    InputStream.nullInputStream(), out, out);
            out.print("AIOS Edge gateway - Gogo shell ('help', 'lb', 'aios:...'; 'exit' to leave)\n" + PROMPT);
            out.flush();
            String line;
            while ((line = readLine(in)) != null) {
                String command = line.trim();
                if (command.equals("exit") || command.equals("quit") || command.equals("logout")) {
                    break;
                }
                if (!command.isEmpty()) {
                    out.print(execute(session, command));
                }
                out.print(PROMPT);
                out.flush();
            }
        } catch (SocketException e) {
            // connection reset or closed by stop()
        } catch (Exception e) {
            System.err.println("aiosedge-gateway: telnet session failed: " + e);
        } finally {
            this.connections.remove(socket);
            if (session != null) {
                try {
                    invoke(session, "close", new Class<?>[0]);
                } catch (Exception e) {
                    // the framework is stopping
                }
            }
        }
    }

    /** Runs one command line; returns its formatted result or its error, ending with a new line. */
    private static String execute(Object session, String command) {
        try {
            Object result = invoke(session, "execute", new Class<?>[] {CharSequence.class}, command);
            if (result == null) {
                return "";
            }
            // Converter.INSPECT (0): what the Gogo console prints for a result.
            Object text = invoke(session, "format", new Class<?>[] {Object.class, int.class}, result, 0);
            String shown = String.valueOf(text);
            return shown.endsWith("\n") ? shown : shown + "\n";
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            // Our commands refuse bad arguments with an IllegalArgumentException whose message says it all.
            if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
                return cause.getMessage() + "\n";
            }
            return "gogo: " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "\n";
        } catch (ReflectiveOperationException e) {
            return "gogo: cannot run the command: " + e + "\n";
        }
    }

    private static Object invoke(Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        for (Class<?> type : target.getClass().getInterfaces()) {
            try {
                Method method = type.getMethod(name, types);
                return method.invoke(target, args);
            } catch (NoSuchMethodException e) {
                // another interface
            }
        }
        Method method = target.getClass().getMethod(name, types);
        method.setAccessible(true);
        return method.invoke(target, args);
    }

    /**
     * One line from a telnet client in line mode: UTF-8 up to CR or LF, with telnet commands (IAC sequences,
     * option negotiation, sub-negotiation) dropped. Null at end of input.
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == IAC) {
                int command = in.read();
                if (command == IAC) {
                    line.write(IAC);
                } else if (command == SB) {
                    // sub-negotiation: skip to IAC SE
                    int previous = 0;
                    int next;
                    while ((next = in.read()) >= 0 && !(previous == IAC && next == SE)) {
                        previous = next;
                    }
                } else if (command >= 251 && command <= 254) {
                    in.read(); // WILL/WONT/DO/DONT <option>
                }
                continue;
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                continue; // CR LF or CR NUL: the LF (or the next line's text) follows
            }
            if (b == 0) {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** Stops accepting and closes every session. */
    @Override
    public void close() {
        this.closed = true;
        try {
            this.server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : this.connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Telnet wants CR LF; Gogo's output has bare LFs. */
    private static final class CrLfOutputStream extends java.io.FilterOutputStream {
        private int last;

        CrLfOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n' && this.last != '\r') {
                this.out.write('\r');
            }
            this.out.write(b);
            this.last = b;
        }
    }
}
