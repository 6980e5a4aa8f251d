package org.eclipse.kura.wire;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.wireadmin.Consumer;
import org.osgi.service.wireadmin.Producer;

/**
 * Mirrors Kura's {@code WireSupport}: made for a component by {@link WireHelperService#newWireSupport}, it holds
 * the component's wires; the component forwards its Producer and Consumer calls to it and sends through it.
 */
@ProviderType
public interface WireSupport extends Producer, Consumer {

    /**
     * Sends the records, in one envelope, on every connected output wire.
     *
     * @param wireRecords the records to send
     * @throws NullPointerException if {@code wireRecords} is null
     */
    void emit(List<WireRecord> wireRecords);
}
