package io.aiosedge.driver.simulated.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.driver.Driver.ConnectionException;
import org.eclipse.kura.driver.PreparedRead;

/**
 * A prepared read of a {@link SimulatedDriver}: channel configurations parsed once, execution only samples.
 * No locks: {@link #close()} clears a volatile field that {@link #execute()} reads once per call.
 */
final class SimulatedPreparedRead implements PreparedRead {
    private final SimulatedDriver driver;
    private final List<ChannelRecord> records;
    private volatile SimulatedChannel[] prepared;
    private final ChannelConfigException[] problems;

    SimulatedPreparedRead(SimulatedDriver driver, List<ChannelRecord> records, SimulatedChannel[] prepared,
            ChannelConfigException[] problems) {
        this.driver = driver;
        this.records = Collections.unmodifiableList(new ArrayList<>(records));
        this.prepared = prepared;
        this.problems = problems;
    }

    @Override
    public List<ChannelRecord> execute() throws ConnectionException {
        SimulatedChannel[] channelsToRead = this.prepared;
        if (channelsToRead == null) {
            throw new IllegalStateException("prepared read of simulated driver '"
                    + this.driver.instanceName() + "' is closed");
        }
        this.driver.ensureConnected();
        this.driver.simulateLatency();
        long now = this.driver.nowMs();
        for (int i = 0; i < channelsToRead.length; i++) {
            ChannelRecord record = this.records.get(i);
            if (channelsToRead[i] == null) {
                ChannelSampler.fail(record, this.problems[i].getMessage(), this.problems[i], now);
            } else {
                this.driver.sampler().readInto(record, channelsToRead[i], now);
            }
        }
        return this.records;
    }

    @Override
    public List<ChannelRecord> getChannelRecords() {
        return this.records;
    }

    @Override
    public void close() {
        this.prepared = null;
    }
}
