package io.aiosedge.driver.simulated.internal;

import java.util.concurrent.ScheduledFuture;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.driver.Driver.ConnectionException;
import org.eclipse.kura.type.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener on one channel of a {@link SimulatedDriver}, with its periodic task. {@link #push()} runs only
 * on the driver's listener thread; {@link #cancel()} may be called from any thread. No locks.
 */
final class ListenerRegistration {
    /** The driver's logger: these messages are the driver's. */
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDriver.class);

    private final SimulatedDriver driver;
    final ChannelListener listener;
    private final SimulatedChannel channel;
    private final DataType valueType;
    volatile ScheduledFuture<?> future;
    /** Only touched on the listener thread. */
    private boolean listenerFailed;

    ListenerRegistration(SimulatedDriver driver, ChannelListener listener, SimulatedChannel channel,
            DataType valueType) {
        this.driver = driver;
        this.listener = listener;
        this.channel = channel;
        this.valueType = valueType;
    }

    /** Reads the channel and hands the record to the listener; runs on the listener thread. */
    void push() {
        ChannelRecord record = ChannelRecord.createReadRecord(this.channel.name(), this.valueType);
        record.setChannelConfig(this.channel.source());
        long now = this.driver.nowMs();
        try {
            this.driver.ensureConnected();
            this.driver.sampler().readInto(record, this.channel, now);
        } catch (ConnectionException e) {
            ChannelSampler.fail(record, e.getMessage(), e, now);
        }
        try {
            this.listener.onChannelEvent(new ChannelEvent(record));
        } catch (RuntimeException e) {
            // A throwing listener must not cancel its own schedule (scheduleAtFixedRate would), nor flood the
            // log at every interval: warn once per registration, then only at debug level.
            if (this.listenerFailed) {
                LOG.debug("simulated driver '{}': listener of channel '{}' failed again", this.driver.instanceName(),
                        this.channel.name(), e);
            } else {
                this.listenerFailed = true;
                LOG.warn("simulated driver '{}': listener of channel '{}' failed (further failures are logged"
                        + " at debug level)", this.driver.instanceName(), this.channel.name(), e);
            }
        }
    }

    void cancel() {
        ScheduledFuture<?> scheduled = this.future;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
