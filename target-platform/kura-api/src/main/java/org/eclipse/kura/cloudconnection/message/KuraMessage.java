package org.eclipse.kura.cloudconnection.message;

import java.util.Collections;
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
        this(payload, Collections.emptyMap());
    }

    /**
     * @param payload the payload
     * @param properties the properties (copied; null means empty)
     */
    public KuraMessage(KuraPayload payload, Map<String, Object> properties) {
        this.payload = payload;
        this.properties = properties == null ? Collections.emptyMap()
                : Collections.unmodifiableMap(new HashMap<>(properties));
    }

    /** @return the properties, unmodifiable */
    public Map<String, Object> getProperties() {
        return this.properties;
    }

    public KuraPayload getPayload() {
        return this.payload;
    }
}
