package org.eclipse.kura.channel;

/** Mirrors Kura's {@code ChannelFlag}: the outcome of an operation on a channel. */
public enum ChannelFlag {
    FAILURE,
    SUCCESS
}
