package org.eclipse.kura.wire.graph;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.wireadmin.Wire;

/** Mirrors Kura's {@code Port}: one input or output port of a wire component. */
@ProviderType
public interface Port {

    /** @return the wires connected to this port now */
    List<Wire> listConnectedWires();
}
