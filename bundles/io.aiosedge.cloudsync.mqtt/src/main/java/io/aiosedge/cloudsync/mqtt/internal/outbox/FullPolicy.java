package io.aiosedge.cloudsync.mqtt.internal.outbox;

import java.util.Locale;

import org.eclipse.kura.KuraStoreCapacityReachedException;

/** What a full outbox does with an append of priority &ge; 2 (0 and 1 are always accepted). */
public enum FullPolicy {
    /** The append fails with {@link KuraStoreCapacityReachedException}; nothing stored is touched. */
    REFUSE("refuse"),
    /**
     * The oldest unsent message of the lowest priority (highest number) is deleted to make room, provided it is
     * not more important than the new one (else the new one is refused).
     */
    DROP_OLDEST("drop-oldest");

    final String key;

    FullPolicy(String key) {
        this.key = key;
    }

    /** The policy named by a configuration value ({@code refuse} or {@code drop-oldest}). */
    public static FullPolicy parse(String value, String property) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (FullPolicy p : values()) {
            if (p.key.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException(property + " '" + value + "' must be 'refuse' or 'drop-oldest'");
    }

    @Override
    public String toString() {
        return key;
    }
}
