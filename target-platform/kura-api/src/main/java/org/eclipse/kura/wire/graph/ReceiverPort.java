package org.eclipse.kura.wire.graph;

import java.util.function.Consumer;

import org.eclipse.kura.wire.WireEnvelope;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code ReceiverPort}: an input port of a component that is not a plain WireReceiver. */
@ProviderType
public interface ReceiverPort extends Port {

    /** @param consumer called with every envelope arriving on this port (replaces the previous one) */
    void onWireReceive(Consumer<WireEnvelope> consumer);
}
