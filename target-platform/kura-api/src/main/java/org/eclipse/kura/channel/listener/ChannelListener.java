package org.eclipse.kura.channel.listener;

/** Mirrors Kura's {@code ChannelListener}: receives channel events from a driver. */
public interface ChannelListener {

    void onChannelEvent(ChannelEvent event);
}
