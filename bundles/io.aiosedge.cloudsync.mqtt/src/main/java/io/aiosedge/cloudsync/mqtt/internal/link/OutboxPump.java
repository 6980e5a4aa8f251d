package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.kura.KuraException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink.Events;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink.State;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * The outbox side of an {@link MqttLink}: the {@code <prefix>-pump} thread sends the {@link DurableOutbox} in
 * order (priority, then age) keeping at most {@code inflightWindow} messages unacknowledged on the current session;
 * publishers and Paho's acknowledgement callback refill the window from memory themselves ({@link #refill()});
 * the {@code <prefix>-acker} thread removes acknowledged messages from the outbox in batches and reports them
 * through {@link Events#confirmed} (at most once per message), off the sending path.
 *
 * <p><b>Locks:</b> the send lock (this class's) keeps one sender at a time, which keeps the outbox's order; the
 * link's lock, shared with the {@link MqttSession}, carries the {@code work} condition (the pump waits for a
 * message, an acknowledgement or a session) and this class's {@code acknowledged} condition (the acker waits).
 * The link's lock may be taken with the send lock held, never the other way round.
 */
final class OutboxPump {

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    private record SendContext(long seq, long generation, int bytes, long sentNanos) {
    }

    private final String threadPrefix;
    private final MqttSession session;
    private final DurableOutbox outbox;
    private final LinkEstimator estimator;
    private final Events events;
    private final ReentrantLock lock;
    private final Condition work;
    private final ReentrantLock sendLock = new ReentrantLock();
    /** seq of each message in flight to the generation (connection number) it was sent on; the link's. */
    private final Map<Long, Long> inFlight;
    private final Thread pump;
    private final Thread acker;

    OutboxPump(String threadPrefix, MqttSession session, DurableOutbox outbox, LinkEstimator estimator, Events events,
            ReentrantLock lock, Condition work, Map<Long, Long> inFlight) {
        this.threadPrefix = threadPrefix;
        this.session = session;
        this.outbox = outbox;
        this.estimator = estimator;
        this.events = events;
        this.lock = lock;
        this.work = work;
        this.acknowledged = lock.newCondition();
        this.inFlight = inFlight;
        this.pump = new Thread(this::pumpLoop, threadPrefix + "-pump");
        this.pump.setDaemon(true);
        this.acker = new Thread(this::ackerLoop, threadPrefix + "-acker");
        this.acker.setDaemon(true);
    }

    /** Starts the pump and the acker. */
    void start() {
        pump.start();
        acker.start();
    }

    /** {@link MqttLink#offer()}. */
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

    private final Condition acknowledged;
    /**
     * The pump waits for work. Set before it checks for work a last time, read after a message was stored: one
     * of the two sees the other (both are synchronization actions), so no wake-up is lost.
     */
    private volatile boolean pumpIdle;

    /** Sends: frees the window on each acknowledgement and hands the disk work to the acker. */
    private void pumpLoop() {
        while (!session.isClosed()) {
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
                if (session.isClosed()) {
                    break;
                }
            } catch (RuntimeException | KuraException e) {
                LOG.error("{}: pump error (continuing)", threadPrefix, e);
                try {
                    Thread.sleep(100); // a persistent store failure must not spin
                } catch (InterruptedException interrupted) {
                    if (session.isClosed()) {
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
    void refill() {
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
        while (!session.isClosed()) {
            try {
                lock.lock();
                try {
                    while (!session.isClosed() && outbox.acknowledgedCount() == 0) {
                        acknowledged.await();
                    }
                    long deadline = System.nanoTime() + FLUSH_DELAY_NANOS;
                    long left;
                    while (!session.isClosed() && outbox.acknowledgedCount() < FLUSH_BATCH
                            && (left = deadline - System.nanoTime()) > 0) {
                        acknowledged.awaitNanos(left);
                    }
                } finally {
                    lock.unlock();
                }
                flushAcks();
            } catch (InterruptedException e) {
                if (session.isClosed()) {
                    break;
                }
            } catch (RuntimeException | KuraException e) {
                LOG.error("{}: removing acknowledged messages failed (they stay stored and may be sent again)",
                        threadPrefix, e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    if (session.isClosed()) {
                        break;
                    }
                }
            }
        }
    }

    private boolean canSend() {
        return session.state() == State.CONNECTED && inFlight.size() < session.options().inflightWindow()
                && outbox.hasPending();
    }

    /** Waits for an acknowledgement or a message to send. */
    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            pumpIdle = true;
            if (!session.isClosed() && !canSend()) {
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
                work.await(session.state() == State.CONNECTED ? 2 : 20, TimeUnit.MILLISECONDS);
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
        MqttAsyncClient c = session.client();
        long gen = session.generation();
        if (c == null || session.state() != State.CONNECTED) {
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

    /**
     * The pump's half of {@link MqttLink#close()}, after the session's: ends both threads, then removes what was
     * acknowledged last (else it is simply sent again next time).
     */
    void close() {
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
}
