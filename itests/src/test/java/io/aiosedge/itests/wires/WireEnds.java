package io.aiosedge.itests.wires;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.WireSupport;
import org.osgi.framework.ServiceReference;
import org.osgi.service.wireadmin.Wire;

/** The test's own ends of the graph, written as Kura's wire components are (WIRES.md §2). */
final class WireEnds {

    private WireEnds() {
    }

    /**
     * Registers a test's own component as Kura registers its wire components: service.pid {@code <name>.service} and
     * kura.service.pid {@code <name>}, under the given Wire types; the registration goes into {@code registrations}
     * for the test's clean-up.
     */
    @SuppressWarnings("unchecked")
    static ServiceReference<WireComponent> register(org.osgi.framework.BundleContext context,
            List<org.osgi.framework.ServiceRegistration<?>> registrations, Object end, String name, String... types) {
        java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
        properties.put("service.pid", name + ".service");
        properties.put("kura.service.pid", name);
        org.osgi.framework.ServiceRegistration<?> registration = context.registerService(types, end, properties);
        registrations.add(registration);
        return (ServiceReference<WireComponent>) registration.getReference();
    }

    /** An upstream component (like a Timer or an Asset) that sends what the test gives it. */
    static final class Source implements WireEmitter {
        private volatile WireSupport support;

        void attach(WireHelperService helper, ServiceReference<WireComponent> own) {
            support = helper.newWireSupport(this, own);
        }

        void send(WireRecord... records) {
            support.emit(List.of(records));
        }

        @Override
        public Object polled(Wire wire) {
            return support.polled(wire);
        }

        @Override
        public void consumersConnected(Wire[] wires) {
            support.consumersConnected(wires);
        }
    }

    /** A downstream component (like a Logger or a Publisher) that keeps what arrives and on which thread. */
    static final class Sink implements WireReceiver {
        final List<WireEnvelope> envelopes = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        private volatile WireSupport support;

        void attach(WireHelperService helper, ServiceReference<WireComponent> own) {
            support = helper.newWireSupport(this, own);
        }

        @Override
        public void onWireReceive(WireEnvelope envelope) {
            threads.add(Thread.currentThread().getName());
            envelopes.add(envelope);
        }

        @Override
        public void updated(Wire wire, Object value) {
            support.updated(wire, value);
        }

        @Override
        public void producersConnected(Wire[] wires) {
            support.producersConnected(wires);
        }
    }
}
