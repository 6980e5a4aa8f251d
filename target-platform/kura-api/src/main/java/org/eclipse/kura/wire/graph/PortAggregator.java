package org.eclipse.kura.wire.graph;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.kura.wire.WireEnvelope;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code PortAggregator}: combines the envelopes of several input ports into one call. */
@ProviderType
public interface PortAggregator {

    /** @param envelopes called with one envelope per port (by port index; null for a port with none) */
    void onWireReceive(Consumer<List<WireEnvelope>> envelopes);
}
