package org.eclipse.kura.driver;

/**
 * Mirrors Kura's {@code ChannelDescriptor}: describes a driver's per-channel settings; Kura expects
 * {@link #getDescriptor()} to return a {@code java.util.List} of
 * {@code org.eclipse.kura.core.configuration.metatype.Tad}.
 */
public interface ChannelDescriptor {

    Object getDescriptor();
}
