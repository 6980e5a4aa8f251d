package org.eclipse.kura.configuration;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.Event;

/** Mirrors Kura's {@code KuraNetConfigReadyEvent}: posted when the network configuration is ready. */
@ProviderType
public class KuraNetConfigReadyEvent extends Event {

    public static final String KURA_NET_CONFIG_EVENT_READY_TOPIC = "org/eclipse/kura/configuration/NetConfigEvent/READY";

    public KuraNetConfigReadyEvent(Map<String, ?> properties) {
        super(KURA_NET_CONFIG_EVENT_READY_TOPIC, properties);
    }
}
