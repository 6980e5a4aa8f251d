package org.eclipse.kura.wire.graph;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code WireGraphService}: reads, replaces and deletes the gateway's Wire graph. */
@ProviderType
public interface WireGraphService {

    void update(WireGraphConfiguration graphConfiguration) throws KuraException;

    void delete() throws KuraException;

    WireGraphConfiguration get() throws KuraException;
}
