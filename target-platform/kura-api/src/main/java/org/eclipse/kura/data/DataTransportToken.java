package org.eclipse.kura.data;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code DataTransportToken}: identifies a message handed to the transport (MQTT message id within
 * a session) until its delivery is confirmed. A value: equal when id and session are. Like Kura's, it has no
 * {@code toString}.
 */
@ProviderType
public class DataTransportToken {

    private final int messageId;
    private final String sessionId;

    public DataTransportToken(int messageId, String sessionId) {
        this.messageId = messageId;
        this.sessionId = sessionId;
    }

    public int getMessageId() {
        return messageId;
    }

    public String getSessionId() {
        return sessionId;
    }

    @Override
    public int hashCode() {
        return 31 * (31 + messageId) + Objects.hashCode(sessionId);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        DataTransportToken other = (DataTransportToken) obj;
        return messageId == other.messageId && Objects.equals(sessionId, other.sessionId);
    }
}
