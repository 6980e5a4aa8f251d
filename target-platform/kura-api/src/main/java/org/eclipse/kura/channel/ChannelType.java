package org.eclipse.kura.channel;

import java.util.Locale;

/** Mirrors Kura's {@code ChannelType}: the directions a channel supports. */
public enum ChannelType {
    READ,
    READ_WRITE,
    WRITE;

    /**
     * Returns the channel type whose name equals {@code type}, ignoring case.
     *
     * @param type the name of the channel type
     * @return the channel type
     * @throws IllegalArgumentException if {@code type} is null or names no channel type
     */
    public static ChannelType getChannelType(String type) {
        if (type != null) {
            String wanted = type.trim().toUpperCase(Locale.ROOT);
            for (ChannelType candidate : values()) {
                if (candidate.name().equals(wanted)) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("Unknown channel type: " + type);
    }
}
