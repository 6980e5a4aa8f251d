package io.aiosedge.driver.simulated.internal;

/** A channel configuration the simulated driver cannot use; the message names channel, property and value. */
final class ChannelConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String channel;
    private final String property;

    ChannelConfigException(String channel, String property, Object value, String reason) {
        super("channel '" + channel + "': property '" + property + "' has bad value '" + value + "': " + reason);
        this.channel = channel;
        this.property = property;
    }

    ChannelConfigException(String channel, String reason) {
        super("channel '" + channel + "': " + reason);
        this.channel = channel;
        this.property = null;
    }

    String channel() {
        return this.channel;
    }

    /** @return the offending property, or null when the problem is not one property */
    String property() {
        return this.property;
    }
}
