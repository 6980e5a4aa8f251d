package org.eclipse.kura.channel.listener;

import java.util.Objects;

import org.eclipse.kura.channel.ChannelRecord;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code ChannelEvent}: a channel record reported to a {@link ChannelListener}. */
@ProviderType
public class ChannelEvent {

    private final ChannelRecord channelRecord;

    public ChannelEvent(ChannelRecord channelRecord) {
        this.channelRecord = Objects.requireNonNull(channelRecord, "Channel record cannot be null");
    }

    public ChannelRecord getChannelRecord() {
        return this.channelRecord;
    }

    @Override
    public String toString() {
        return "ChannelEvent [channelRecord=" + this.channelRecord + "]";
    }
}
