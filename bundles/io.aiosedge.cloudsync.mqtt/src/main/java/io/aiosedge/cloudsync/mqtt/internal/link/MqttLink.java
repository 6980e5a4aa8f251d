package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

import io.aiosedge.cloudsync.mqtt.internal.ConnectionOptions;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * One MQTT session to the broker over Paho's {@link MqttAsyncClient}, with explicit behaviour:
 * <ul>
 * <li>Connecting and reconnecting are ours (Paho's automatic reconnect is off): exponential backoff with jitter
 * ({@link Backoff}), a fresh client with {@link NoPersistence} per attempt, so Paho never replays anything
 * by itself ({@link MqttSession}).</li>
 * <li>The pump thread sends the {@link DurableOutbox} in order (priority, then age) keeping at most
 * {@code inflightWindow} messages unacknowledged; on a lost connection every unacknowledged message goes back
 * in line and is sent again on the next session (QoS 1 consumers may see duplicates; every message carries its
 * id in the envelope) ({@link OutboxPump}).</li>
 * <li>An acknowledgement removes the message from the outbox first and then reports it through
 * {@link Events#confirmed}: a message is confirmed at most once, also across restarts.</li>
 * <li>Subscriptions are ours as well and are made again after every reconnect; inbound messages are routed by our
 * own matcher (Paho 1.2.5 does not route {@code $share/} subscriptions) ({@link LinkSubscriptions}).</li>
 * </ul>
 * Threads: {@code <prefix>-connector} (connect attempts), {@code <prefix>-pump} (sending) and
 * {@code <prefix>-acker} (removing acknowledged messages in batches); Paho's own
 * threads live only while a client does. {@link #close()} releases all of them.
 *
 * <p>This class is the link's face: it makes the link's lock (with its {@code work} condition) and the in-flight
 * table that the session and the pump share, and delegates to them; it takes the lock only to wait in
 * {@link #connect()}.
 */
public final class MqttLink implements AutoCloseable {

    /** Called on link threads; implementations hand off quickly. */
    public interface Events {
        void connectionEstablished();

        void connectionLost(Throwable cause);

        void disconnected();

        /** Messages acknowledged by the broker and already removed from the outbox. */
        void confirmed(List<DurableOutbox.Meta> removed);

        /** Messages removed unsent because their expiry passed. */
        void expired(List<DurableOutbox.Meta> removed);
    }

    /** Inbound messages of a subscription; called on Paho's callback thread, so it must only hand off. */
    public interface MessageHandler {
        void onMessage(String topic, byte[] payload, int qos, boolean retained);
    }

    /** Connection state as shown to users. */
    public enum State {
        DISCONNECTED, CONNECTING, CONNECTED, DISCONNECTING, CLOSED
    }

    /** A point-in-time view for status commands. */
    public record Status(State state, boolean autoReconnect, int failures, long connectAttempts, String lastError,
            long nextAttemptAtMillis, long connectedSinceMillis, int inFlight) {
    }

    /** A subscription as registered; the broker sees the distinct filters with their highest QoS. */
    public static final class Subscription {
        final String filter;
        final int qos;
        final MessageHandler handler;

        Subscription(String filter, int qos, MessageHandler handler) {
            this.filter = filter;
            this.qos = qos;
            this.handler = handler;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final LinkSubscriptions subscriptions;
    private final MqttSession session;
    private final OutboxPump pump;

    /**
     * Creates the link (not connected yet; see {@link #start}).
     *
     * @param name used in thread names: {@code aios-cloudsync-<name>-...}
     * @param statusPayload the payload of the status message for a state (ONLINE, OFFLINE, LOST)
     */
    public MqttLink(String name, ConnectionOptions options, DurableOutbox outbox, LinkEstimator estimator,
            Function<String, byte[]> statusPayload, Events events) {
        String threadPrefix = "aios-cloudsync-" + name;
        this.subscriptions = new LinkSubscriptions(threadPrefix);
        /* seq of each message in flight to the generation (connection number) it was sent on. */
        Map<Long, Long> inFlight = new ConcurrentHashMap<>();
        this.session = new MqttSession(threadPrefix, options, outbox, estimator, statusPayload, events, subscriptions,
                lock, work, inFlight);
        this.pump = new OutboxPump(threadPrefix, session, outbox, estimator, events, lock, work, inFlight);
        pump.start();
    }

    public ConnectionOptions options() {
        return session.options();
    }

    /** Starts connecting in the background (and reconnecting whenever the session drops). */
    public void start() {
        session.start();
    }

    /**
     * Connects now and waits for the outcome (at most the connect timeout plus a margin); keeps reconnecting
     * afterwards.
     */
    public void connect() throws KuraConnectException {
        long before = session.connectSoon();
        if (before < 0) {
            return;
        }
        ConnectionOptions options = session.options();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.connectTimeoutSeconds() + 5L);
        lock.lock();
        try {
            // Done when connected, or when an attempt started after this call has failed.
            while (session.state() != State.CONNECTED && !session.failedSince(before)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || session.isClosed()) {
                    break;
                }
                work.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        if (session.state() != State.CONNECTED) {
            String lastError = session.lastError();
            throw new KuraConnectException("cannot connect to " + session.options().brokerUrl() + ": "
                    + (lastError == null ? "timed out" : lastError));
        }
    }

    /** Disconnects cleanly (disconnect status message first) and stops reconnecting until {@link #connect}. */
    public void disconnect() {
        session.disconnect();
    }

    /** Applies new options: reconnects only if something that the session depends on changed. */
    public void reconfigure(ConnectionOptions newOptions) {
        session.reconfigure(newOptions);
    }

    public boolean isConnected() {
        return session.state() == State.CONNECTED;
    }

    public Status status() {
        return session.status();
    }

    /**
     * New messages are in the outbox: sends what the window allows right away on the caller's thread, from memory
     * (the hand-off to the pump would cost a thread switch per message), in the outbox's order (the send lock
     * keeps one sender at a time). Wakes the pump when another thread holds the send lock or the next message is
     * on disk only. Does nothing when the window is full (acknowledgements refill it) or there is no session.
     */
    public void offer() {
        pump.offer();
    }

    /** Wakes the pump if it waits (a lock and a system call saved per message when it does not). */
    public void signal() {
        pump.signal();
    }

    /**
     * Publishes without the outbox (QoS 0 data, or messages whose loss is acceptable); does not wait.
     *
     * @throws KuraNotConnectedException when there is no session
     */
    public void publishDirect(String topic, byte[] payload, int qos, boolean retain) throws KuraException {
        MqttAsyncClient c = session.client();
        if (c == null || session.state() != State.CONNECTED) {
            throw new KuraNotConnectedException("not connected to " + session.options().brokerUrl());
        }
        try {
            c.publish(topic, payload, qos, retain);
        } catch (MqttException e) {
            throw new KuraNotConnectedException(e, "publish to " + topic + " failed: " + describe(e));
        }
    }

    /**
     * Adds a subscription; made at once when connected and again after every reconnect.
     *
     * @throws IllegalArgumentException naming a bad filter or QoS
     */
    public Subscription subscribe(String filter, int qos, MessageHandler handler) {
        return subscriptions.add(filter, qos, handler, session.liveClient());
    }

    /** Removes a subscription; the broker is unsubscribed when no other subscription uses the filter. */
    public void unsubscribe(Subscription subscription) {
        subscriptions.remove(subscription, session.liveClient());
    }

    /** Disconnects cleanly and stops every thread of the link; the outbox stays open (its owner closes it). */
    @Override
    public void close() {
        session.close();
        pump.close();
    }

    /** A short human-readable reason, e.g. "not authorized (5)" for a refused password. */
    public static String describe(Throwable e) {
        return PahoClients.describe(e);
    }
}
