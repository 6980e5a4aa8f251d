package io.aiosedge.driver.modbus.internal;

import java.util.List;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.driver.PreparedRead;

/**
 * A read whose channel configurations were parsed and whose requests were merged once, at
 * {@code prepareRead}; each {@link #execute()} only sends the planned requests and refills the same records.
 */
final class ModbusPreparedRead implements PreparedRead {

    private final ChannelIo io;
    private final ChannelIo.ReadPlan plan;
    private volatile boolean closed;

    ModbusPreparedRead(ChannelIo io, ChannelIo.ReadPlan plan) {
        this.io = io;
        this.plan = plan;
    }

    /** Reads every channel; failures are in the records' status, nothing is thrown. */
    @Override
    public List<ChannelRecord> execute() {
        if (closed) {
            plan.records.forEach(record -> ChannelIo.fail(record, "channel '" + record.getChannelName()
                    + "': this prepared read was closed", null));
            return plan.records;
        }
        io.execute(plan);
        return plan.records;
    }

    @Override
    public List<ChannelRecord> getChannelRecords() {
        return plan.records;
    }

    @Override
    public void close() {
        closed = true;
    }
}
