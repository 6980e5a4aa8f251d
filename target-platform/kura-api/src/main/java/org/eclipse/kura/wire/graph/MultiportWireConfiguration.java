package org.eclipse.kura.wire.graph;

import java.util.Objects;

import org.eclipse.kura.wire.WireConfiguration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code MultiportWireConfiguration}: a wire from one port of an emitter to one port of a receiver;
 * equal when emitter, receiver and both ports are.
 */
@ProviderType
public class MultiportWireConfiguration extends WireConfiguration {

    private int emitterPort;
    private int receiverPort;

    public MultiportWireConfiguration(String emitterPid, String receiverPid, int emitterPort, int receiverPort) {
        super(emitterPid, receiverPid);
        this.emitterPort = emitterPort;
        this.receiverPort = receiverPort;
    }

    public int getEmitterPort() {
        return emitterPort;
    }

    public void setEmitterPort(int emitterPort) {
        this.emitterPort = emitterPort;
    }

    public int getReceiverPort() {
        return receiverPort;
    }

    public void setReceiverPort(int receiverPort) {
        this.receiverPort = receiverPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), emitterPort, receiverPort);
    }

    @Override
    public boolean equals(Object obj) {
        if (!super.equals(obj)) {
            return false;
        }
        MultiportWireConfiguration other = (MultiportWireConfiguration) obj;
        return emitterPort == other.emitterPort && receiverPort == other.receiverPort;
    }
}
