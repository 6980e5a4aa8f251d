package io.aiosedge.scheduler.internal.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.asset.Asset;
import org.eclipse.kura.channel.ChannelRecord;

/**
 * Samples read through a Kura Asset: the named channels in the order the job lists them ({@code Asset.read}), or,
 * with no names, every enabled readable channel of the asset ({@code Asset.readAllChannels}) in channel-name order,
 * so that a value keeps its place in the model's input whatever order the asset returns them in. The asset owns
 * the channel configuration (driver, addresses, scale and offset); a user's existing Kura device setup drives the
 * job unchanged.
 */
final class AssetSampleSource implements SampleSource {

    private final Asset asset;
    private final List<String> channels;

    /** @param channels the channel names to read, in order; empty: all readable channels of the asset */
    AssetSampleSource(Asset asset, List<String> channels) {
        this.asset = asset;
        this.channels = List.copyOf(channels);
    }

    /**
     * {@code asset.channels}: channel names separated by commas or semicolons, each once; blank means all.
     *
     * @throws IllegalArgumentException naming the duplicate or empty name
     */
    static List<String> parseChannels(String text) {
        List<String> names = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return names;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String part : text.split("[,;]", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an empty channel name in '" + text + "'");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("channel '" + name + "' is listed twice");
            }
            names.add(name);
        }
        return names;
    }

    @Override
    public double[] read() throws SampleReadException {
        List<ChannelRecord> records;
        try {
            records = channels.isEmpty() ? asset.readAllChannels() : asset.read(new LinkedHashSet<>(channels));
        } catch (KuraException e) {
            throw new SampleReadException("asset read failed: " + e.getMessage());
        }
        if (records == null || records.isEmpty()) {
            throw new SampleReadException("the asset has no readable channel");
        }
        return DriverSampleSource.values(ordered(records));
    }

    /** The records in the job's order: as listed, else by channel name. */
    private List<ChannelRecord> ordered(List<ChannelRecord> records) throws SampleReadException {
        if (channels.isEmpty()) {
            List<ChannelRecord> sorted = new ArrayList<>(records);
            sorted.sort(Comparator.comparing(ChannelRecord::getChannelName));
            return sorted;
        }
        Map<String, ChannelRecord> byName = new HashMap<>();
        records.forEach(record -> byName.put(record.getChannelName(), record));
        List<ChannelRecord> ordered = new ArrayList<>(channels.size());
        for (String name : channels) {
            ChannelRecord record = byName.get(name);
            if (record == null) {
                throw new SampleReadException("channel " + name + ": the asset returned no record for it");
            }
            ordered.add(record);
        }
        return ordered;
    }
}
