package io.aiosedge.cloudsync.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * One MQTT session to the broker over Paho's {@link MqttAsyncClient}, with explicit behaviour:
 * <ul>
 * <li>Connecting and reconnecting are ours (Paho's automatic reconnect is off): exponential backoff with jitter
 * ({@link Backoff}), a fresh client with {@link MemoryPersistence} per attempt, so Paho never replays anything
 * by itself.</li>
 * <li>The pump thread sends the {@link DurableOutbox} in order (priority, then age) keeping at most
 * {@code inflightWindow} messages unacknowledged; on a lost connection every unacknowledged message goes back
 * in line and is sent again on the next session (QoS 1 consumers may see duplicates; every message carries its
 * id in the envelope).</li>
 * <li>An acknowledgement removes the message from the outbox first and then reports it through
 * {@link Events#confirmed}: a message is confirmed at most once, also across restarts.</li>
 * <li>Subscriptions are ours as well and are made again after every reconnect; inbound messages are routed by our
 * own matcher (Paho 1.2.5 does not route {@code $share/} subscriptions).</li>
 * </ul>
 * Threads: {@code <prefix>-connector} (connect attempts), {@code <prefix>-pump} (sending) and
 * {@code <prefix>-acker} (removing acknowledged messages in batches); Paho's own
 * threads live only while a client does. {@link #close()} releases all of them.
 */
final class MqttLink implements AutoCloseable {

    /** Called on link threads; implementations hand off quickly. */
    interface Events {
        void connectionEstablished();

        void connectionLost(Throwable cause);

        void disconnected();

        /** Messages acknowledged by the broker and already removed from the outbox. */
        void confirmed(List<DurableOutbox.Meta> removed);

        /** Messages removed unsent because their expiry passed. */
        void expired(List<DurableOutbox.Meta> removed);
    }

    /** Inbound messages of a subscription; called on Paho's callback thread, so it must only hand off. */
    interface MessageHandler {
        void onMessage(String topic, byte[] payload, int qos, boolean retained);
    }

    /** Connection state as shown to users. */
    enum State {
        DISCONNECTED, CONNECTING, CONNECTED, DISCONNECTING, CLOSED
    }

    /** A point-in-time view for status commands. */
    record Status(State state, boolean autoReconnect, int failures, long connectAttempts, String lastError,
            long nextAttemptAtMillis, long connectedSinceMillis, int inFlight) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final long DISCONNECT_QUIESCE_MILLIS = 1000;

    private final String threadPrefix;
    private final DurableOutbox outbox;
    private final Events events;
    private final Function<String, byte[]> statusPayload;
    private final LinkEstimator estimator;
    private final ScheduledExecutorService connector;
    private final Thread pump;
    private final Thread acker;
    private final Random random = new Random();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ReentrantLock sendLock = new ReentrantLock();
    /** seq of each message in flight to the generation (connection number) it was sent on. */
    private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
    private final LinkSubscriptions subscriptions;

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

    private record SendContext(long seq, long generation, int bytes, long sentNanos) {
    }

    /** A subscription as registered; the broker sees the distinct filters with their highest QoS. */
    static final class Subscription {
        final String filter;
        final int qos;
        final MessageHandler handler;

        Subscription(String filter, int qos, MessageHandler handler) {
            this.filter = filter;
            this.qos = qos;
            this.handler = handler;
        }
    }

    /**
     * Creates the link (not connected yet; see {@link #start}).
     *
     * @param name used in thread names: {@code aios-cloudsync-<name>-...}
     * @param statusPayload the payload of the status message for a state (ONLINE, OFFLINE, LOST)
     */
    MqttLink(String name, ConnectionOptions options, DurableOutbox outbox, LinkEstimator estimator,
            Function<String, byte[]> statusPayload, Events events) {
        this.threadPrefix = "aios-cloudsync-" + name;
        this.subscriptions = new LinkSubscriptions(threadPrefix);
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
        this.pump = new Thread(this::pumpLoop, threadPrefix + "-pump");
        this.pump.setDaemon(true);
        this.acker = new Thread(this::ackerLoop, threadPrefix + "-acker");
        this.acker.setDaemon(true);
        this.pump.start();
        this.acker.start();
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

    /** Starts connecting in the background (and reconnecting whenever the session drops). */
    void start() {
        autoReconnect = true;
        scheduleAttempt(0);
    }

    /**
     * Connects now and waits for the outcome (at most the connect timeout plus a margin); keeps reconnecting
     * afterwards.
     */
    void connect() throws KuraConnectException {
        autoReconnect = true;
        if (state == State.CONNECTED) {
            return;
        }
        long before = connectAttempts.get();
        scheduleAttempt(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.connectTimeoutSeconds() + 5L);
        lock.lock();
        try {
            // Done when connected, or when an attempt started after this call has failed.
            while (state != State.CONNECTED && !(connectAttempts.get() > before && state == State.DISCONNECTED
                    && failures > 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    break;
                }
                work.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        if (state != State.CONNECTED) {
            throw new KuraConnectException("cannot connect to " + options.brokerUrl() + ": "
                    + (lastError == null ? "timed out" : lastError));
        }
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

    boolean isConnected() {
        return state == State.CONNECTED;
    }

    Status status() {
        return new Status(state, autoReconnect, failures, connectAttempts.get(), lastError, nextAttemptAtMillis,
                connectedSinceMillis, inFlight.size());
    }

    /**
     * New messages are in the outbox: sends what the window allows right away on the caller's thread, from memory
     * (the hand-off to the pump would cost a thread switch per message), in the outbox's order (the send lock
     * keeps one sender at a time). Wakes the pump when another thread holds the send lock or the next message is
     * on disk only. Does nothing when the window is full (acknowledgements refill it) or there is no session.
     */
    void offer() {
        if (canSend()) {
            refill();
        }
    }

    /** Wakes the pump if it waits (a lock and a system call saved per message when it does not). */
    void signal() {
        if (!pumpIdle) {
            return;
        }
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ direct publishing (QoS 0, status, replies)

    /**
     * Publishes without the outbox (QoS 0 data, or messages whose loss is acceptable); does not wait.
     *
     * @throws KuraNotConnectedException when there is no session
     */
    void publishDirect(String topic, byte[] payload, int qos, boolean retain) throws KuraException {
        MqttAsyncClient c = client;
        if (c == null || state != State.CONNECTED) {
            throw new KuraNotConnectedException("not connected to " + options.brokerUrl());
        }
        try {
            c.publish(topic, payload, qos, retain);
        } catch (MqttException e) {
            throw new KuraNotConnectedException(e, "publish to " + topic + " failed: " + describe(e));
        }
    }

    // ------------------------------------------------------------------ subscriptions

    /**
     * Adds a subscription; made at once when connected and again after every reconnect.
     *
     * @throws IllegalArgumentException naming a bad filter or QoS
     */
    Subscription subscribe(String filter, int qos, MessageHandler handler) {
        return subscriptions.add(filter, qos, handler, liveClient());
    }

    /** Removes a subscription; the broker is unsubscribed when no other subscription uses the filter. */
    void unsubscribe(Subscription subscription) {
        subscriptions.remove(subscription, liveClient());
    }

    /** The client of the session, when there is one now. */
    private MqttAsyncClient liveClient() {
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
            c = new MqttAsyncClient(o.brokerUrl(), o.clientId(), new MemoryPersistence());
            long myGeneration = generation + 1;
            c.setCallback(new SessionCallback(c, myGeneration));
            // Current before connecting, so that a loss right after CONNACK is seen by the callback.
            generation = myGeneration;
            client = c;
            long started = System.nanoTime();
            IMqttToken token = c.connect(connectOptions(o));
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
            closeQuietly(c);
            lastError = describe(e);
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

    private MqttConnectOptions connectOptions(ConnectionOptions o) {
        MqttConnectOptions m = new MqttConnectOptions();
        m.setCleanSession(o.cleanSession());
        m.setKeepAliveInterval(o.keepAliveSeconds());
        m.setConnectionTimeout(o.connectTimeoutSeconds());
        m.setAutomaticReconnect(false);
        // Our window limits the outbox; the margin leaves room for status messages and direct replies.
        m.setMaxInflight(o.inflightWindow() + 16);
        m.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (!o.username().isEmpty()) {
            m.setUserName(o.username());
        }
        if (!o.password().isEmpty()) {
            m.setPassword(o.password().toCharArray());
        }
        m.setSocketFactory(socketFactory);
        if (o.usesTls()) {
            m.setHttpsHostnameVerificationEnabled(o.tls().hostnameVerification());
        }
        if (o.statusTopic() != null) {
            m.setWill(o.statusTopic(), statusPayload.apply("LOST"), 1, true);
        }
        return m;
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
            LOG.debug("{}: disconnect: {}", threadPrefix, describe(e));
        } finally {
            closeQuietly(c);
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

    private static void closeQuietly(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(100, 100);
            }
        } catch (MqttException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // already closed
        }
    }

    /** Paho's callbacks for one client; stale clients (an older connection) are ignored. */
    private final class SessionCallback implements MqttCallback {
        private final MqttAsyncClient owner;
        private final long ownerGeneration;

        SessionCallback(MqttAsyncClient owner, long ownerGeneration) {
            this.owner = owner;
            this.ownerGeneration = ownerGeneration;
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (client != owner || generation != ownerGeneration) {
                return;
            }
            client = null;
            lastError = "connection lost: " + describe(cause);
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
                connector.execute(() -> closeQuietly(owner));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
            if (autoReconnect && !closed) {
                scheduleAttempt(backoff.delayMillis(0));
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                subscriptions.route(topic, message);
            } catch (RuntimeException e) {
                LOG.error("{}: inbound message on {} dropped", threadPrefix, topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // per-message listeners do the work
        }
    }

    // ------------------------------------------------------------------ the pump

    private final IMqttActionListener sendListener = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            SendContext ctx = (SendContext) token.getUserContext();
            // In memory only (Paho's thread): free the window slot, mark the message acknowledged so that it is
            // never sent again, and hand the disk work to the acker.
            inFlight.remove(ctx.seq);
            estimator.acknowledged(ctx.bytes, System.nanoTime() - ctx.sentNanos);
            int waiting = outbox.markAcknowledged(ctx.seq);
            if (waiting == 1 || waiting == FLUSH_BATCH) {
                // The acker waits for the first acknowledgement, then for a full batch or its delay: other counts
                // would only wake it to wait again.
                lock.lock();
                try {
                    acknowledged.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            refill();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            SendContext ctx = (SendContext) token.getUserContext();
            // Only if still in flight on that very connection: after a reconnect it may already be resent.
            if (inFlight.remove(ctx.seq, ctx.generation)) {
                estimator.abandoned();
                outbox.returnToPending(ctx.seq);
            }
            signal();
        }
    };

    /** Acknowledged messages are removed from disk in batches of up to this many ... */
    private static final int FLUSH_BATCH = 256;
    /** ... or when the first of them waited this long (the confirmation latency it adds). */
    private static final long FLUSH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Condition acknowledged = lock.newCondition();
    /**
     * The pump waits for work. Set before it checks for work a last time, read after a message was stored: one
     * of the two sees the other (both are synchronization actions), so no wake-up is lost.
     */
    private volatile boolean pumpIdle;

    /** Sends: frees the window on each acknowledgement and hands the disk work to the acker. */
    private void pumpLoop() {
        while (!closed) {
            try {
                if (canSend()) {
                    sendLock.lock();
                    try {
                        sendOne();
                    } finally {
                        sendLock.unlock();
                    }
                } else {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException | KuraException e) {
                LOG.error("{}: pump error (continuing)", threadPrefix, e);
                try {
                    Thread.sleep(100); // a persistent store failure must not spin
                } catch (InterruptedException interrupted) {
                    if (closed) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * Refills the window from the calling thread (Paho's callback thread right after an acknowledgement, a
     * publisher right after storing) with messages that are still in memory (no disk access here), so that the
     * window does not wait for the pump to be scheduled. The send lock keeps one sender at a time (order); when
     * another thread holds it, the pump is woken in case that sender has just finished its loop.
     */
    private void refill() {
        if (!sendLock.tryLock()) {
            signal();
            return;
        }
        try {
            while (canSend()) {
                DurableOutbox.Entry entry = outbox.nextCachedToSend();
                if (entry == null) {
                    signal(); // the next one is on disk only: the pump reads it
                    return;
                }
                if (!publish(entry)) {
                    signal();
                    return;
                }
            }
        } catch (KuraException | RuntimeException e) {
            LOG.debug("{}: refill stopped: {}", threadPrefix, e.toString());
            signal();
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Removes acknowledged messages from the outbox in batches (one transaction each) and reports them, off the
     * pump's path so that the disk never stalls sending.
     */
    private void ackerLoop() {
        while (!closed) {
            try {
                lock.lock();
                try {
                    while (!closed && outbox.acknowledgedCount() == 0) {
                        acknowledged.await();
                    }
                    long deadline = System.nanoTime() + FLUSH_DELAY_NANOS;
                    long left;
                    while (!closed && outbox.acknowledgedCount() < FLUSH_BATCH
                            && (left = deadline - System.nanoTime()) > 0) {
                        acknowledged.awaitNanos(left);
                    }
                } finally {
                    lock.unlock();
                }
                flushAcks();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException | KuraException e) {
                LOG.error("{}: removing acknowledged messages failed (they stay stored and may be sent again)",
                        threadPrefix, e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    if (closed) {
                        break;
                    }
                }
            }
        }
    }

    private boolean canSend() {
        return state == State.CONNECTED && inFlight.size() < options.inflightWindow() && outbox.hasPending();
    }

    /** Waits for an acknowledgement or a message to send. */
    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            pumpIdle = true;
            if (!closed && !canSend()) {
                work.await(500, TimeUnit.MILLISECONDS);
            }
        } finally {
            pumpIdle = false;
            lock.unlock();
        }
    }

    /** Sends the next message; with the send lock held. */
    private void sendOne() throws KuraException, InterruptedException {
        DurableOutbox.Entry entry = outbox.nextToSend();
        if (entry != null && !publish(entry)) {
            // Paho's window is full or the session is going away: back off a little instead of spinning.
            lock.lock();
            try {
                work.await(state == State.CONNECTED ? 2 : 20, TimeUnit.MILLISECONDS);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Publishes one entry handed out by the outbox (or drops it when expired); false when it could not be sent and
     * went back in line. With the send lock held.
     */
    private boolean publish(DurableOutbox.Entry entry) throws KuraException {
        if (entry.expiresMillis() > 0 && entry.expiresMillis() < System.currentTimeMillis()) {
            List<DurableOutbox.Meta> removed = outbox.remove(List.of(entry.seq()));
            if (!removed.isEmpty()) {
                events.expired(removed);
            }
            return true;
        }
        MqttAsyncClient c = client;
        long gen = generation;
        if (c == null || state != State.CONNECTED) {
            outbox.returnToPending(entry.seq());
            return false;
        }
        inFlight.put(entry.seq(), gen);
        estimator.sent();
        try {
            c.publish(entry.topic(), entry.payload(), entry.qos(), entry.retain(),
                    new SendContext(entry.seq(), gen, entry.payload().length, System.nanoTime()), sendListener);
            return true;
        } catch (MqttException | RuntimeException e) {
            if (inFlight.remove(entry.seq(), gen)) {
                estimator.abandoned();
                outbox.returnToPending(entry.seq());
            }
            LOG.debug("{}: publish of {} deferred: {}", threadPrefix, entry.id(), e.toString());
            return false;
        }
    }

    /** Removes the acknowledged messages from the outbox, then reports them (each once). */
    private void flushAcks() throws KuraException {
        List<DurableOutbox.Meta> removed = outbox.flushAcknowledged();
        if (!removed.isEmpty()) {
            events.confirmed(removed);
        }
    }

    // ------------------------------------------------------------------ closing

    /** Disconnects cleanly and stops every thread of the link; the outbox stays open (its owner closes it). */
    @Override
    public void close() {
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
        closeQuietly(c);
        state = State.CLOSED;
        pump.interrupt();
        try {
            pump.join(5000);
            acker.interrupt();
            acker.join(5000);
            // what was acknowledged last, removed now (else it is simply sent again next time)
            flushAcks();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KuraException | RuntimeException e) {
            LOG.warn("{}: acknowledgements at close not recorded (the messages will be sent again): {}", threadPrefix,
                    e.toString());
        }
    }

    /** A short human-readable reason, e.g. "not authorized (5)" for a refused password. */
    static String describe(Throwable e) {
        if (e instanceof MqttException) {
            MqttException m = (MqttException) e;
            String reason;
            switch (m.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
                reason = "bad user name or password";
                break;
            case MqttException.REASON_CODE_NOT_AUTHORIZED:
                reason = "not authorized";
                break;
            case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                reason = "client id refused";
                break;
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                reason = "broker unavailable";
                break;
            case MqttException.REASON_CODE_SERVER_CONNECT_ERROR:
                reason = "cannot connect to the broker";
                break;
            case MqttException.REASON_CODE_CLIENT_TIMEOUT:
                reason = "timed out";
                break;
            case MqttException.REASON_CODE_CONNECTION_LOST:
                reason = "connection lost";
                break;
            default:
                reason = String.valueOf(m.getMessage());
            }
            Throwable cause = m.getCause();
            return reason + " (" + m.getReasonCode() + ")" + (cause == null ? "" : ": " + cause);
        }
        return String.valueOf(e);
    }
}
