package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.ConnectionOptions;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink.Events;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink.State;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink.Status;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * The MQTT session of an {@link MqttLink} and its reconnects: one Paho {@link MqttAsyncClient} at a time, made
 * fresh (with {@link NoPersistence}) for every attempt on the {@code <prefix>-connector} thread, Paho's
 * automatic reconnect off, exponential backoff with jitter ({@link Backoff}) between failed attempts, the
 * subscriptions restored and the status message published on every new session, and the clean disconnect. It
 * holds the session state the link shows ({@link Status}) and the messages in flight on the current connection.
 *
 * <p><b>Locks:</b> the link's lock (made by {@link MqttLink}, shared with the {@link OutboxPump}) guards the
 * planned attempt; its {@code work} condition wakes the pump and {@link MqttLink#connect()} on every state change.
 * The session state itself is volatile. Paho's callback thread runs {@link SessionCallback}, never user code.
 */
final class MqttSession {

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final long DISCONNECT_QUIESCE_MILLIS = 1000;

    private final String threadPrefix;
    private final DurableOutbox outbox;
    private final Events events;
    private final Function<String, byte[]> statusPayload;
    private final LinkEstimator estimator;
    private final LinkSubscriptions subscriptions;
    private final ScheduledExecutorService connector;
    private final Random random = new Random();

    private final ReentrantLock lock; // the link's
    private final Condition work;
    private final Map<Long, Long> inFlight;

    private volatile ConnectionOptions options;
    private volatile Backoff backoff;
    private volatile javax.net.SocketFactory socketFactory;
    private volatile MqttAsyncClient client;
    private volatile long generation;
    private volatile State state = State.DISCONNECTED;
    private volatile boolean autoReconnect;
    private volatile boolean closed;
    private volatile int failures;
    private volatile String lastError;
    private volatile long nextAttemptAtMillis;
    private volatile long connectedSinceMillis;
    private final AtomicLong connectAttempts = new AtomicLong();
    private ScheduledFuture<?> scheduledAttempt; // guarded by lock

    /** {@code lock}, {@code work} and {@code inFlight} are the link's, shared with its {@link OutboxPump}. */
    MqttSession(String threadPrefix, ConnectionOptions options, DurableOutbox outbox, LinkEstimator estimator,
            Function<String, byte[]> statusPayload, Events events, LinkSubscriptions subscriptions, ReentrantLock lock,
            Condition work, Map<Long, Long> inFlight) {
        this.threadPrefix = threadPrefix;
        this.lock = lock;
        this.work = work;
        this.inFlight = inFlight;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.estimator = estimator;
        this.statusPayload = statusPayload;
        this.events = events;
        apply(options);
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadPrefix + "-connector");
            t.setDaemon(true);
            return t;
        });
    }

    private void apply(ConnectionOptions newOptions) {
        this.socketFactory = newOptions.usesTls()
                ? NoDelaySockets.tls(newOptions.socketFactory())
                : NoDelaySockets.plain();
        this.backoff = new Backoff(newOptions.reconnectMinMillis(), newOptions.reconnectMaxMillis(), random::nextDouble);
        this.options = newOptions;
    }

    ConnectionOptions options() {
        return options;
    }

    // what the link and the pump read
    State state() {
        return state;
    }

    MqttAsyncClient client() {
        return client;
    }

    long generation() {
        return generation;
    }

    boolean isClosed() {
        return closed;
    }

    /** Starts connecting in the background (and reconnecting whenever the session drops). */
    void start() {
        autoReconnect = true;
        scheduleAttempt(0);
    }

    /**
     * The first half of {@link MqttLink#connect()}: reconnecting on, and an attempt now unless connected. Returns
     * the attempts made before it, or -1 when already connected.
     */
    long connectSoon() {
        autoReconnect = true;
        if (state == State.CONNECTED) {
            return -1;
        }
        long before = connectAttempts.get();
        scheduleAttempt(0);
        return before;
    }

    /** Whether an attempt started after {@code before} attempts has failed (read with the link's lock held). */
    boolean failedSince(long before) {
        return connectAttempts.get() > before && state == State.DISCONNECTED && failures > 0;
    }

    String lastError() {
        return lastError;
    }

    /** Disconnects cleanly (disconnect status message first) and stops reconnecting until {@link #connect}. */
    void disconnect() {
        autoReconnect = false;
        lock.lock();
        try {
            if (scheduledAttempt != null) {
                scheduledAttempt.cancel(false);
                scheduledAttempt = null;
            }
        } finally {
            lock.unlock();
        }
        runOnConnector(this::disconnectNow);
    }

    /** Applies new options: reconnects only if something that the session depends on changed. */
    void reconfigure(ConnectionOptions newOptions) {
        if (newOptions.equals(options)) {
            return;
        }
        boolean reconnect = autoReconnect;
        apply(newOptions);
        LOG.info("{}: connection settings changed, reconnecting with {}", threadPrefix, newOptions);
        runOnConnector(() -> {
            disconnectNow();
            if (reconnect) {
                autoReconnect = true;
                failures = 0;
                scheduleAttempt(0);
            }
        });
    }

    private void runOnConnector(Runnable task) {
        try {
            connector.submit(task).get(options.connectTimeoutSeconds() + 10L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: {}", threadPrefix, e.toString());
        }
    }

    Status status() {
        return new Status(state, autoReconnect, failures, connectAttempts.get(), lastError, nextAttemptAtMillis,
                connectedSinceMillis, inFlight.size());
    }

    /** The client of the session, when there is one now. */
    MqttAsyncClient liveClient() {
        MqttAsyncClient c = client;
        return c != null && state == State.CONNECTED ? c : null;
    }

    // ------------------------------------------------------------------ connecting

    private void scheduleAttempt(long delayMillis) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (scheduledAttempt != null && !scheduledAttempt.isDone()) {
                if (delayMillis > 0 || scheduledAttempt.getDelay(TimeUnit.MILLISECONDS) <= 0) {
                    return; // one attempt is already planned
                }
                scheduledAttempt.cancel(false);
            }
            nextAttemptAtMillis = System.currentTimeMillis() + delayMillis;
            scheduledAttempt = connector.schedule(this::attemptConnect, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        } finally {
            lock.unlock();
        }
    }

    private void attemptConnect() {
        lock.lock();
        try {
            scheduledAttempt = null; // this one is running: the next failure may plan another
        } finally {
            lock.unlock();
        }
        if (closed || !autoReconnect || state == State.CONNECTED) {
            return;
        }
        ConnectionOptions o = options;
        state = State.CONNECTING;
        connectAttempts.incrementAndGet();
        MqttAsyncClient c = null;
        try {
            c = new MqttAsyncClient(o.brokerUrl(), o.clientId(), new NoPersistence());
            long myGeneration = generation + 1;
            c.setCallback(new SessionCallback(this, subscriptions, threadPrefix, c, myGeneration));
            // Current before connecting, so that a loss right after CONNACK is seen by the callback.
            generation = myGeneration;
            client = c;
            long started = System.nanoTime();
            IMqttToken token = c.connect(PahoClients.connectOptions(o, socketFactory, statusPayload));
            token.waitForCompletion(TimeUnit.SECONDS.toMillis(o.connectTimeoutSeconds()) + 2000);
            if (!c.isConnected()) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
            }
            estimator.rttSample((System.nanoTime() - started) / 1e6);
            subscriptions.restore(c, TimeUnit.SECONDS.toMillis(o.connectTimeoutSeconds()));
            if (o.statusTopic() != null) {
                c.publish(o.statusTopic(), statusPayload.apply("ONLINE"), 1, true);
            }
            lock.lock();
            try {
                if (client != c || !c.isConnected() || closed) {
                    throw new MqttException(MqttException.REASON_CODE_CONNECTION_LOST);
                }
                failures = 0;
                lastError = null;
                connectedSinceMillis = System.currentTimeMillis();
                estimator.connected(true);
                state = State.CONNECTED;
                work.signalAll();
            } finally {
                lock.unlock();
            }
            LOG.info("{}: connected to {} as {} (session present: {})", threadPrefix, o.brokerUrl(), o.clientId(),
                    token.getSessionPresent());
            events.connectionEstablished();
        } catch (MqttException | RuntimeException e) {
            if (client == c) {
                client = null;
            }
            PahoClients.closeQuietly(c);
            lastError = PahoClients.describe(e);
            failures++;
            long delay = backoff.delayMillis(failures - 1);
            lock.lock();
            try {
                state = closed ? State.CLOSED : State.DISCONNECTED;
                work.signalAll();
            } finally {
                lock.unlock();
            }
            if (!closed && autoReconnect) {
                LOG.warn("{}: connect to {} failed (attempt {}): {}; next attempt in {} ms", threadPrefix, o.brokerUrl(),
                        failures, lastError, delay);
                scheduleAttempt(delay);
            }
        }
    }

    /** On the connector thread: clean disconnect of the current session, if any. */
    private void disconnectNow() {
        MqttAsyncClient c = client;
        if (c == null) {
            state = closed ? State.CLOSED : State.DISCONNECTED;
            return;
        }
        state = State.DISCONNECTING;
        ConnectionOptions o = options;
        client = null;
        try {
            if (c.isConnected()) {
                if (o.statusTopic() != null) {
                    c.publish(o.statusTopic(), statusPayload.apply("OFFLINE"), 1, true)
                            .waitForCompletion(DISCONNECT_QUIESCE_MILLIS);
                }
                c.disconnect(DISCONNECT_QUIESCE_MILLIS).waitForCompletion(DISCONNECT_QUIESCE_MILLIS * 2);
            }
        } catch (MqttException e) {
            LOG.debug("{}: disconnect: {}", threadPrefix, PahoClients.describe(e));
        } finally {
            PahoClients.closeQuietly(c);
            afterSessionEnd();
            state = closed ? State.CLOSED : State.DISCONNECTED;
            LOG.info("{}: disconnected from {}", threadPrefix, o.brokerUrl());
            events.disconnected();
        }
    }

    /** Every unacknowledged message goes back in line for the next session. */
    private void afterSessionEnd() {
        generation++;
        inFlight.clear();
        int returned = outbox.returnAllToPending();
        estimator.connected(false);
        connectedSinceMillis = 0;
        if (returned > 0) {
            LOG.debug("{}: {} unacknowledged messages will be sent again", threadPrefix, returned);
        }
    }

    /**
     * Paho's connection-lost callback for {@code owner} (on Paho's thread): ignored for a stale client (an older
     * connection); else the session ends, its unacknowledged messages go back in line and a reconnect is planned.
     */
    void lost(MqttAsyncClient owner, long ownerGeneration, Throwable cause) {
        if (client != owner || generation != ownerGeneration) {
            return;
        }
        client = null;
        lastError = "connection lost: " + PahoClients.describe(cause);
        afterSessionEnd();
        lock.lock();
        try {
            state = State.DISCONNECTED;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.warn("{}: {}", threadPrefix, lastError);
        events.connectionLost(cause);
        try {
            connector.execute(() -> PahoClients.closeQuietly(owner));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
        if (autoReconnect && !closed) {
            scheduleAttempt(backoff.delayMillis(0));
        }
    }

    /** {@link MqttLink#close()}, first half: clean disconnect, connector and client gone (then the pump's). */
    void close() {
        autoReconnect = false;
        if (state == State.CONNECTED) {
            try {
                connector.submit(() -> {
                    closed = true;
                    disconnectNow();
                }).get(DISCONNECT_QUIESCE_MILLIS * 4, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("{}: clean disconnect at close failed: {}", threadPrefix, e.toString());
            }
        }
        closed = true;
        // Interrupts a connect attempt in progress rather than waiting for its timeout.
        connector.shutdownNow();
        try {
            connector.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient c = client;
        client = null;
        PahoClients.closeQuietly(c);
        state = State.CLOSED;
    }
}
