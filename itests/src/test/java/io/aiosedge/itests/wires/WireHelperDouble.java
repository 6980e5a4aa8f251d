package io.aiosedge.itests.wires;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.graph.EmitterPort;
import org.eclipse.kura.wire.graph.MultiportWireSupport;
import org.eclipse.kura.wire.graph.ReceiverPort;
import org.osgi.framework.ServiceReference;
import org.osgi.service.wireadmin.Wire;

/**
 * A WireHelperService that behaves as Kura 5.4.1's (WIRES.md §2 and §7): {@code newWireSupport} reads
 * {@code service.pid} (an ArrayList is refused) and {@code kura.service.pid} (both required) from the component's
 * own service reference and the port counts from {@code receiver.port.count}/{@code emitter.port.count}
 * (default 1 for a WireReceiver/WireEmitter, else 0); the support is a MultiportWireSupport that emits one envelope
 * per call, identified by the emitter's service.pid, to every wire of every output port, synchronized per
 * component; wires are put on ports by their {@code emitter.port}/{@code receiver.port} properties; a received
 * value goes to {@code onWireReceive} of a WireReceiver whatever the port.
 */
final class WireHelperDouble implements WireHelperService {

    /** What each support was made from, by kura.service.pid: for the test's assertions. */
    final Map<String, String> servicePidByName = new ConcurrentHashMap<>();

    @Override
    public WireSupportDouble newWireSupport(WireComponent component, ServiceReference<WireComponent> reference) {
        if (reference == null) {
            return null;
        }
        Object servicePid = reference.getProperty("service.pid");
        if (servicePid instanceof ArrayList) {
            throw new IllegalArgumentException("service.pid is a list: " + servicePid);
        }
        String pid = Objects.requireNonNull(servicePid, "service.pid").toString();
        String name = Objects.requireNonNull(reference.getProperty("kura.service.pid"), "kura.service.pid").toString();
        int inputs = portCount(reference.getProperty("receiver.port.count"), component instanceof WireReceiver);
        int outputs = portCount(reference.getProperty("emitter.port.count"), component instanceof WireEmitter);
        servicePidByName.put(name, pid);
        return new WireSupportDouble(component, pid, inputs, outputs);
    }

    private static int portCount(Object property, boolean byDefault) {
        return property instanceof Integer ? (Integer) property : byDefault ? 1 : 0;
    }

    @Override
    public String getPid(WireComponent wireComponent) {
        throw new UnsupportedOperationException("not used by the components under test");
    }

    @Override
    public String getServicePid(String wireComponentPid) {
        return servicePidByName.get(wireComponentPid);
    }

    @Override
    public String getServicePid(WireComponent wireComponent) {
        throw new UnsupportedOperationException("not used by the components under test");
    }

    @Override
    public boolean isEmitter(String wireComponentPid) {
        throw new UnsupportedOperationException("not used by the components under test");
    }

    @Override
    public boolean isReceiver(String wireComponentPid) {
        throw new UnsupportedOperationException("not used by the components under test");
    }

    /** One component's ports and wires. */
    static final class WireSupportDouble implements MultiportWireSupport {
        private final WireComponent component;
        private final String servicePid;
        private final List<PortDouble> inputs = new ArrayList<>();
        private final List<PortDouble> outputs = new ArrayList<>();

        WireSupportDouble(WireComponent component, String servicePid, int inputCount, int outputCount) {
            this.component = component;
            this.servicePid = servicePid;
            for (int k = 0; k < inputCount; k++) {
                inputs.add(new PortDouble());
            }
            for (int k = 0; k < outputCount; k++) {
                outputs.add(new PortDouble());
            }
        }

        @Override
        public synchronized void emit(List<WireRecord> records) {
            Objects.requireNonNull(records, "records");
            WireEnvelope envelope = createWireEnvelope(records);
            for (PortDouble port : outputs) {
                port.emit(envelope);
            }
        }

        @Override
        public WireEnvelope createWireEnvelope(List<WireRecord> records) {
            return new WireEnvelope(servicePid, records);
        }

        @Override
        public synchronized void consumersConnected(Wire[] wires) {
            assign(wires, outputs, "emitter.port");
        }

        @Override
        public synchronized void producersConnected(Wire[] wires) {
            assign(wires, inputs, "receiver.port");
        }

        private static void assign(Wire[] wires, List<PortDouble> ports, String portProperty) {
            ports.forEach(port -> port.wires.clear());
            if (wires == null) {
                return;
            }
            for (Wire wire : wires) {
                Object index = wire.getProperties().get(portProperty);
                if (index instanceof Integer && (Integer) index >= 0 && (Integer) index < ports.size()) {
                    ports.get((Integer) index).wires.add(wire);
                }
            }
        }

        @Override
        public Object polled(Wire wire) {
            return wire.getLastValue();
        }

        @Override
        public void updated(Wire wire, Object value) {
            if (wire == null) {
                return;
            }
            WireEnvelope envelope = (WireEnvelope) value;
            if (component instanceof WireReceiver) {
                ((WireReceiver) component).onWireReceive(envelope);
            } else {
                Object index = wire.getProperties().get("receiver.port");
                if (index instanceof Integer && (Integer) index < inputs.size()) {
                    inputs.get((Integer) index).consumer.accept(envelope);
                }
            }
        }

        @Override
        public List<EmitterPort> getEmitterPorts() {
            return Collections.unmodifiableList(new ArrayList<>(outputs));
        }

        @Override
        public List<ReceiverPort> getReceiverPorts() {
            return Collections.unmodifiableList(new ArrayList<>(inputs));
        }
    }

    /** A port: its wires, and for an input port of a non-WireReceiver the consumer set on it. */
    static final class PortDouble implements EmitterPort, ReceiverPort {
        final List<Wire> wires = new CopyOnWriteArrayList<>();
        volatile Consumer<WireEnvelope> consumer = envelope -> { };

        @Override
        public List<Wire> listConnectedWires() {
            return Collections.unmodifiableList(new ArrayList<>(wires));
        }

        @Override
        public void emit(WireEnvelope envelope) {
            wires.forEach(wire -> wire.update(envelope));
        }

        @Override
        public void onWireReceive(Consumer<WireEnvelope> newConsumer) {
            this.consumer = newConsumer;
        }
    }
}
