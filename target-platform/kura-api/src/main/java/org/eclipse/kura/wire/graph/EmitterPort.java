package org.eclipse.kura.wire.graph;

import org.eclipse.kura.wire.WireEnvelope;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code EmitterPort}: an output port, for sending on one port only. */
@ProviderType
public interface EmitterPort extends Port {

    /** @param wireEnvelope sent on every wire of this port */
    void emit(WireEnvelope wireEnvelope);
}
