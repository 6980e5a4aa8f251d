package org.eclipse.kura.channel;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code ChannelStatus}: a {@link ChannelFlag} with an optional message and exception. */
@ProviderType
public class ChannelStatus {

    private final ChannelFlag channelFlag;
    private final String exceptionMessage;
    private final Exception exception;

    public ChannelStatus(ChannelFlag channelFlag) {
        this.channelFlag = Objects.requireNonNull(channelFlag, "Channel Flag cannot be null");
        this.exceptionMessage = null;
        this.exception = null;
    }

    public ChannelStatus(ChannelFlag channelFlag, String exceptionMessage, Exception exception) {
        this.channelFlag = Objects.requireNonNull(channelFlag, "Driver Flag cannot be null");
        this.exceptionMessage = exceptionMessage;
        this.exception = exception;
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        ChannelStatus other = (ChannelStatus) obj;
        return this.channelFlag == other.channelFlag && Objects.equals(this.exceptionMessage, other.exceptionMessage)
                && Objects.equals(this.exception, other.exception);
    }

    public ChannelFlag getChannelFlag() {
        return this.channelFlag;
    }

    public Exception getException() {
        return this.exception;
    }

    /** @return the message given to the constructor, null when none was (the exception's own is not used) */
    public String getExceptionMessage() {
        return this.exceptionMessage;
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.channelFlag, this.exceptionMessage, this.exception);
    }

    @Override
    public String toString() {
        return "ChannelStatus [channelFlag=" + this.channelFlag + ", exception=" + this.exception
                + ", exceptionMessage=" + this.exceptionMessage + "]";
    }
}
