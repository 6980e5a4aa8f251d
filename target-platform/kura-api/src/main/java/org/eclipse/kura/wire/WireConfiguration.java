package org.eclipse.kura.wire;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.wireadmin.Wire;

/**
 * Mirrors Kura's {@code WireConfiguration}: one wire of a graph, from an emitter to a receiver (both named by
 * {@code kura.service.pid}). Two configurations of the same class are equal when their emitter and receiver are;
 * the filter and the WireAdmin wire do not count.
 */
@ProviderType
public class WireConfiguration {

    private final String emitterPid;
    private final String receiverPid;
    private String filter;
    private Wire wire;

    /**
     * @param emitterPid the emitter's kura.service.pid
     * @param receiverPid the receiver's kura.service.pid
     * @throws NullPointerException if either is null
     */
    public WireConfiguration(String emitterPid, String receiverPid) {
        this.emitterPid = Objects.requireNonNull(emitterPid, "Emitter PID cannot be null");
        this.receiverPid = Objects.requireNonNull(receiverPid, "Receiver PID cannot be null");
    }

    public String getEmitterPid() {
        return emitterPid;
    }

    /** @return the WireAdmin filter of the wire, or null */
    public String getFilter() {
        return filter;
    }

    public String getReceiverPid() {
        return receiverPid;
    }

    /** @return the WireAdmin wire made for this configuration, or null */
    public Wire getWire() {
        return wire;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }

    public void setWire(Wire wire) {
        this.wire = wire;
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        WireConfiguration other = (WireConfiguration) obj;
        return emitterPid.equals(other.emitterPid) && receiverPid.equals(other.receiverPid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(emitterPid, receiverPid);
    }

    @Override
    public String toString() {
        return "WireConfiguration [emitterPid=" + emitterPid + ", filter=" + filter + ", receiverPid=" + receiverPid
                + ", wire=" + wire + "]";
    }
}
