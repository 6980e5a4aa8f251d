package org.eclipse.kura.message;

/** Mirrors Kura's {@code KuraDisconnectPayload}: the payload a device publishes before disconnecting. */
public class KuraDisconnectPayload extends KuraPayload {

    private static final String UPTIME = "uptime";
    private static final String DISPLAY_NAME = "display_name";

    public KuraDisconnectPayload(String uptime, String displayName) {
        super();
        addMetric(UPTIME, uptime);
        addMetric(DISPLAY_NAME, displayName);
    }

    /** @param payload a payload whose timestamp, position, metrics and body are copied */
    public KuraDisconnectPayload(KuraPayload payload) {
        super();
        setTimestamp(payload.getTimestamp());
        setPosition(payload.getPosition());
        payload.metrics().forEach(this::addMetric);
        setBody(payload.getBody());
    }

    public String getUptime() {
        return (String) getMetric(UPTIME);
    }

    public String getDisplayName() {
        return (String) getMetric(DISPLAY_NAME);
    }

    @Override
    public String toString() {
        return "KuraDisconnectPayload [getUptime()=" + getUptime() + ", getDisplayName()=" + getDisplayName() + "]";
    }
}
