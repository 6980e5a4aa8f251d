package org.eclipse.kura.wire;

import java.util.Collections;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.wireadmin.BasicEnvelope;

/**
 * Mirrors Kura's {@code WireEnvelope}: what one emit sends, a WireAdmin envelope whose value is the unmodifiable
 * list of records (a view of the given list), whose identification is the emitter's {@code service.pid} and whose
 * scope is {@code WIRES}.
 */
@ProviderType
public class WireEnvelope extends BasicEnvelope {

    private static final String WIRES_SCOPE = "WIRES";

    /**
     * @param emitterPid the emitting component's service.pid
     * @param wireRecords the records
     * @throws NullPointerException if {@code wireRecords} is null
     */
    public WireEnvelope(String emitterPid, List<WireRecord> wireRecords) {
        super(Collections.unmodifiableList(wireRecords), emitterPid, WIRES_SCOPE);
    }

    /** @return the emitting component's service.pid */
    public String getEmitterPid() {
        return (String) getIdentification();
    }

    /** @return the records, unmodifiable */
    @SuppressWarnings("unchecked")
    public List<WireRecord> getRecords() {
        return (List<WireRecord>) getValue();
    }
}
