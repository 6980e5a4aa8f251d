package io.aiosedge.benchmarks.wan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A WAN link in user space, for machines whose kernel has no {@code sch_netem}: a TCP proxy that holds every chunk
 * of bytes for the one-way delay after its serialisation on a link of the given rate. One serialiser per direction,
 * shared by all connections (the site's uplink and downlink); the buffer is unbounded (no loss). Both sockets of
 * each connection have TCP_NODELAY, so the proxy adds no Nagle delay of its own.
 */
final class DelayProxy implements AutoCloseable {

    /** One direction of the link: serialisation at {@code bitsPerSecond}, then {@code delayNanos}. */
    private static final class Direction {
        private final long delayNanos;
        private final double nanosPerByte;
        private long busyUntil; // guarded by this

        Direction(long delayNanos, long bitsPerSecond) {
            this.delayNanos = delayNanos;
            this.nanosPerByte = 8e9 / bitsPerSecond;
        }

        /** When {@code bytes} that arrive now are delivered at the other end (nanoTime). */
        synchronized long deliveryOf(int bytes) {
            long start = Math.max(System.nanoTime(), busyUntil);
            busyUntil = start + (long) (bytes * nanosPerByte);
            return busyUntil + delayNanos;
        }
    }

    private record Chunk(byte[] bytes, int length, long dueNanos) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1, 0);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Direction up;
    private final Direction down;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param oneWayDelayMillis delay of each direction (RTT = twice this), ms
     * @param bitsPerSecond rate of each direction
     */
    DelayProxy(InetSocketAddress target, long oneWayDelayMillis, long bitsPerSecond) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.up = new Direction(oneWayDelayMillis * 1_000_000L, bitsPerSecond);
        this.down = new Direction(oneWayDelayMillis * 1_000_000L, bitsPerSecond);
        start("wan-proxy-accept", this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        int n = 0;
        while (!closed) {
            try {
                Socket inside = server.accept();
                Socket outside = new Socket();
                outside.setTcpNoDelay(true);
                outside.connect(target, 5000);
                inside.setTcpNoDelay(true);
                sockets.add(inside);
                sockets.add(outside);
                n++;
                pipe("wan-proxy-" + n + "-up", inside, outside, up);
                pipe("wan-proxy-" + n + "-down", outside, inside, down);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("wan proxy: " + e);
                }
            }
        }
    }

    private void pipe(String name, Socket from, Socket to, Direction direction) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        start(name + "-read", () -> {
            try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    byte[] copy = java.util.Arrays.copyOf(buffer, read);
                    queue.add(new Chunk(copy, read, direction.deliveryOf(read)));
                }
            } catch (IOException e) {
                // the connection closed
            }
            queue.add(END);
        });
        start(name + "-write", () -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == END) {
                        break;
                    }
                    long wait;
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait); // emulating the link's delay is the point here
                    }
                    out.write(chunk.bytes(), 0, chunk.length());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closing
            }
            closeQuietly(to);
            closeQuietly(from);
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(DelayProxy::closeQuietly);
        threads.forEach(Thread::interrupt);
    }
}
