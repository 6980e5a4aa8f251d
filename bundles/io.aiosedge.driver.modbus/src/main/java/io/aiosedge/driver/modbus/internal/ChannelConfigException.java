package io.aiosedge.driver.modbus.internal;

/** A channel's configuration cannot be used; the message names the channel, the property and the bad value. */
final class ChannelConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    ChannelConfigException(String message) {
        super(message);
    }
}
