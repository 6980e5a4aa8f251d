package org.eclipse.kura.wire.graph;

import java.util.List;

import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.WireSupport;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code MultiportWireSupport}: the wire support seen port by port (Kura's is always one). */
@ProviderType
public interface MultiportWireSupport extends WireSupport {

    /** @return the output ports, by index */
    List<EmitterPort> getEmitterPorts();

    /** @return the input ports, by index */
    List<ReceiverPort> getReceiverPorts();

    /** @return an envelope of the records from this component, to send on one port */
    WireEnvelope createWireEnvelope(List<WireRecord> records);
}
