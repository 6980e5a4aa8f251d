package org.eclipse.kura.cloudconnection.message;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.message.KuraPayload;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraMessage}: a payload with the properties that tell the endpoint how to deliver it. */
@ProviderType
public class KuraMessage {

    private final KuraPayload payload;
    private final Map<String, Object> properties;

    public KuraMessage(KuraPayload payload) {
        this.payload = payload;
        this.properties = new HashMap<>();
    }

    /**
     * @param payload the payload, null allowed
     * @param properties the properties, not null; copied
     */
    public KuraMessage(KuraPayload payload, Map<String, Object> properties) {
        this.payload = payload;
        this.properties = new HashMap<>(properties);
    }

    /** @return the message's own copy of the properties (as in Kura, it can be changed) */
    public Map<String, Object> getProperties() {
        return this.properties;
    }

    public KuraPayload getPayload() {
        return this.payload;
    }
}
