package org.eclipse.kura.asset;

import java.util.List;
import java.util.Set;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code Asset}: a device's channels behind the driver named by the asset's {@code driver.pid}.
 * Kura's implementation answers a channel it cannot read with a FAILURE record rather than an exception, and
 * throws {@code KuraException} when no driver is attached.
 */
@ProviderType
public interface Asset {

    AssetConfiguration getAssetConfiguration();

    /** @return one record per name, FAILURE for an unknown, disabled or write-only channel */
    List<ChannelRecord> read(Set<String> channelNames) throws KuraException;

    /** @return one record per enabled readable channel */
    List<ChannelRecord> readAllChannels() throws KuraException;

    void registerChannelListener(String channelName, ChannelListener channelListener) throws KuraException;

    void unregisterChannelListener(ChannelListener channelListener) throws KuraException;

    void write(List<ChannelRecord> channelRecords) throws KuraException;
}
