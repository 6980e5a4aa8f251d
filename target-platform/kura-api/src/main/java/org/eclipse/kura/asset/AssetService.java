package org.eclipse.kura.asset;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code AssetService}: finds the registered assets by {@code kura.service.pid}. */
@ProviderType
public interface AssetService {

    /** @return the asset with that kura.service.pid, or null */
    Asset getAsset(String assetPid);

    /** @return the asset's kura.service.pid, or null */
    String getAssetPid(Asset asset);

    List<Asset> listAssets();
}
