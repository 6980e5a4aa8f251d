package io.aiosedge.cloudsync.mqtt.internal.endpoint;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.kura.KuraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * The endpoint's periodic work on its outbox, on the endpoint's timer thread: the checkpoint (journal fsync) every
 * {@code outbox.sync.interval.ms} when that is not 0, and every minute the purge of expired messages and, when
 * {@code outbox.purge.age.s} is set, of those older than that. Not thread-safe: the endpoint calls
 * {@link #schedule} and {@link #cancel} under its lifecycle lock.
 */
public final class OutboxMaintenance {

    /** How often expired and too old messages are looked for (ms). */
    public static final long PURGE_PERIOD_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxMaintenance.class);

    private final ScheduledExecutorService timer;
    private final Supplier<DurableOutbox> outbox;
    private final LongSupplier clock;
    private String pid;
    private long purgeAgeMillis;
    private ScheduledFuture<?> syncTask;
    private ScheduledFuture<?> purgeTask;

    /**
     * @param outbox the endpoint's current outbox (it is replaced when {@code outbox.directory} changes)
     * @param clock the time in ms since the epoch
     */
    public OutboxMaintenance(ScheduledExecutorService timer, Supplier<DurableOutbox> outbox, LongSupplier clock) {
        this.timer = timer;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * (Re)starts the periodic work for these settings.
     *
     * @param syncIntervalMillis 0: no checkpoint task (every append is forced already)
     * @param purgeAgeMillis 0: unsent messages are kept however old
     */
    public void schedule(String pid, long syncIntervalMillis, long purgeAgeMillis) {
        cancel();
        this.pid = pid;
        this.purgeAgeMillis = purgeAgeMillis;
        if (syncIntervalMillis > 0) {
            syncTask = timer.scheduleWithFixedDelay(() -> {
                try {
                    outbox.get().checkpoint();
                } catch (KuraException | RuntimeException e) {
                    LOG.warn("{}: outbox fsync failed: {}", pid, e.getMessage());
                }
            }, syncIntervalMillis, syncIntervalMillis, TimeUnit.MILLISECONDS);
        }
        purgeTask = timer.scheduleWithFixedDelay(this::purge, PURGE_PERIOD_MILLIS, PURGE_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    public void cancel() {
        if (syncTask != null) {
            syncTask.cancel(false);
            syncTask = null;
        }
        if (purgeTask != null) {
            purgeTask.cancel(false);
            purgeTask = null;
        }
    }

    /** Drops expired messages and, when configured, those older than the purge age. */
    public void purge() {
        String name = pid;
        long ageMillis = purgeAgeMillis;
        DurableOutbox box = outbox.get();
        try {
            long now = clock.getAsLong();
            List<DurableOutbox.Meta> expired = box.purgeExpired(now);
            if (!expired.isEmpty()) {
                LOG.info("{}: {} expired messages dropped unsent", name, expired.size());
            }
            if (ageMillis > 0) {
                List<DurableOutbox.Meta> old = box.purgeCreatedBefore(now - ageMillis);
                if (!old.isEmpty()) {
                    LOG.warn("{}: {} messages older than {} s purged unsent (outbox.purge.age.s)", name, old.size(),
                            ageMillis / 1000);
                }
            }
        } catch (KuraException | RuntimeException e) {
            LOG.warn("{}: purge failed: {}", name, e.getMessage());
        }
    }
}
