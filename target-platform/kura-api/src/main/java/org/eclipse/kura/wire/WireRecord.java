package org.eclipse.kura.wire;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import org.eclipse.kura.type.TypedValue;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code WireRecord}: named typed values passed along a wire. As in Kura, the record keeps an
 * unmodifiable view of the map it is given, not a copy: a sender must not change the map afterwards.
 */
@ProviderType
public class WireRecord {

    private final Map<String, TypedValue<?>> properties;

    /**
     * @param properties the record's values by name
     * @throws NullPointerException if {@code properties} is null
     */
    public WireRecord(Map<String, TypedValue<?>> properties) {
        this.properties = Collections.unmodifiableMap(Objects.requireNonNull(properties, "Properties cannot be null"));
    }

    /** @return the values by name, unmodifiable */
    public Map<String, TypedValue<?>> getProperties() {
        return properties;
    }
}
