package io.aiosedge.scheduler.internal.job;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.driver.Driver;

import io.aiosedge.api.driver.ChannelSpec;

/** Samples read straight from a Kura Driver, with the channel configuration the job carries (its {@code channels}). */
final class DriverSampleSource implements SampleSource {

    private final Driver driver;
    private final List<ChannelSpec> channels;

    DriverSampleSource(Driver driver, List<ChannelSpec> channels) {
        this.driver = driver;
        this.channels = List.copyOf(channels);
    }

    @Override
    public double[] read() throws SampleReadException {
        List<ChannelRecord> records = new ArrayList<>(channels.size());
        channels.forEach(spec -> records.add(spec.readRecord()));
        try {
            driver.read(records);
        } catch (Driver.ConnectionException e) {
            throw new SampleReadException("driver not connected: " + e.getMessage());
        }
        return values(records);
    }

    /** The records' values in order; a record that is not a numeric SUCCESS fails the whole sample. */
    static double[] values(List<ChannelRecord> records) throws SampleReadException {
        double[] sample = new double[records.size()];
        for (int c = 0; c < records.size(); c++) {
            ChannelRecord record = records.get(c);
            if (record.getChannelStatus() == null || record.getChannelStatus().getChannelFlag() != ChannelFlag.SUCCESS
                    || record.getValue() == null) {
                throw new SampleReadException("channel " + record.getChannelName() + ": "
                        + (record.getChannelStatus() == null ? "no status"
                                : record.getChannelStatus().getExceptionMessage()));
            }
            Object raw = record.getValue().getValue();
            if (raw instanceof Number) {
                sample[c] = ((Number) raw).doubleValue();
            } else if (raw instanceof Boolean) {
                sample[c] = (Boolean) raw ? 1 : 0;
            } else {
                throw new SampleReadException("channel " + record.getChannelName() + ": value " + raw + " ("
                        + record.getValue().getType() + ") is not numeric");
            }
        }
        return sample;
    }
}
