package org.eclipse.kura.asset;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import org.eclipse.kura.channel.Channel;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code AssetConfiguration}: an asset's description, driver and channels. Nulls are refused with
 * Kura's messages; the channel map is an unmodifiable view of the given one, not a copy.
 */
@ProviderType
public class AssetConfiguration {

    private final Map<String, Channel> assetChannels;
    private String assetDescription;
    private final String driverPid;

    /**
     * @param description the asset's description
     * @param driverPid the kura.service.pid of the asset's driver
     * @param channels the channels by name
     * @throws NullPointerException if any argument is null
     */
    public AssetConfiguration(String description, String driverPid, Map<String, Channel> channels) {
        this.assetDescription = Objects.requireNonNull(description, "Asset description cannot be null");
        this.driverPid = Objects.requireNonNull(driverPid, "Asset driver PID cannot be null");
        this.assetChannels = Collections.unmodifiableMap(
                Objects.requireNonNull(channels, "Asset channel configurations cannot be null"));
    }

    public Map<String, Channel> getAssetChannels() {
        return assetChannels;
    }

    public String getAssetDescription() {
        return assetDescription;
    }

    public String getDriverPid() {
        return driverPid;
    }

    /** @throws NullPointerException if {@code description} is null */
    public void setAssetDescription(String description) {
        this.assetDescription = Objects.requireNonNull(description, "Asset description cannot be null");
    }

    @Override
    public String toString() {
        return "AssetConfiguration [channels=" + assetChannels + ", description=" + assetDescription + ", driverPid="
                + driverPid + "]";
    }
}
