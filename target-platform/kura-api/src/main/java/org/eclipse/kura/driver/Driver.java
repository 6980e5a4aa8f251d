package org.eclipse.kura.driver;

import java.util.List;
import java.util.Map;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code Driver}: reads, writes and monitors the channels of a field device. */
@ProviderType
public interface Driver {

    String DRIVER_PID_PROPERTY_NAME = "driver.pid";

    void connect() throws ConnectionException;

    void disconnect() throws ConnectionException;

    ChannelDescriptor getChannelDescriptor();

    void read(List<ChannelRecord> records) throws ConnectionException;

    void registerChannelListener(Map<String, Object> channelConfig, ChannelListener listener)
            throws ConnectionException;

    void unregisterChannelListener(ChannelListener listener) throws ConnectionException;

    void write(List<ChannelRecord> records) throws ConnectionException;

    PreparedRead prepareRead(List<ChannelRecord> records);

    /** Mirrors Kura's {@code Driver.ConnectionException}: the driver cannot connect to its device. */
    final class ConnectionException extends Exception {

        private static final long serialVersionUID = 1L;

        public ConnectionException() {
            super();
        }

        public ConnectionException(String message) {
            super(message);
        }

        public ConnectionException(String message, Throwable cause) {
            super(message, cause);
        }

        public ConnectionException(Throwable cause) {
            super(cause);
        }
    }
}
