package io.aiosedge.api.cloud;

import org.osgi.annotation.versioning.ProviderType;

/** Service of the cloud-sync connector: the current measured state of its link to the broker. */
@ProviderType
public interface CloudLinkMonitor {

    /** The latest link state; never null ({@link LinkState#UNKNOWN} before the first measurement). */
    LinkState linkState();
}
