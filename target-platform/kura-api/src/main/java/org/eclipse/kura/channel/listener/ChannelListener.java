package org.eclipse.kura.channel.listener;

import org.osgi.annotation.versioning.ConsumerType;

/** Mirrors Kura's {@code ChannelListener}: receives channel events from a driver. */
@ConsumerType
public interface ChannelListener {

    void onChannelEvent(ChannelEvent event);
}
