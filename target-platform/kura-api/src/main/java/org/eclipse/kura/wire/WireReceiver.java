package org.eclipse.kura.wire;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.wireadmin.Consumer;

/** Mirrors Kura's {@code WireReceiver}: a component with an input port (a WireAdmin {@link Consumer}). */
@ConsumerType
public interface WireReceiver extends WireComponent, Consumer {

    /**
     * Called by the component's {@link WireSupport} for every envelope that arrives on any input port, on the
     * emitting component's thread.
     *
     * @param wireEnvelope the envelope received
     */
    void onWireReceive(WireEnvelope wireEnvelope);
}
