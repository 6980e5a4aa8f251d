package org.eclipse.kura.driver;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code ChannelDescriptor}: describes a driver's per-channel settings; Kura expects
 * {@link #getDescriptor()} to return a {@code java.util.List} of
 * {@code org.eclipse.kura.core.configuration.metatype.Tad}.
 */
@ProviderType
public interface ChannelDescriptor {

    Object getDescriptor();
}
