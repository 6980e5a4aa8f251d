package io.aiosedge.itests.wires;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.wireadmin.Consumer;
import org.osgi.service.wireadmin.Producer;
import org.osgi.service.wireadmin.Wire;

/**
 * A wire as Equinox WireAdmin delivers on it (WIRES.md §2): {@code update} calls the consumer synchronously on the
 * caller's thread, per wire one at a time; a Throwable from the consumer is kept (WireAdmin posts it as an event),
 * never thrown back to the emitter; the last value is kept only after a successful delivery. Properties as Kura's
 * graph service sets them: emitter.port, receiver.port (Integer) and both ends' kura.service.pid.
 */
final class WireDouble implements Wire {

    final List<Throwable> consumerExceptions = new CopyOnWriteArrayList<>();
    private final Producer producer;
    private final Consumer consumer;
    private final Hashtable<String, Object> properties = new Hashtable<>();
    private volatile boolean valid = true;
    private volatile Object lastValue;

    WireDouble(Producer producer, String producerServicePid, String emitterName, Consumer consumer,
            String consumerServicePid, String receiverName) {
        this.producer = producer;
        this.consumer = consumer;
        properties.put("wireadmin.producer.pid", producerServicePid);
        properties.put("wireadmin.consumer.pid", consumerServicePid);
        properties.put("emitter.port", 0);
        properties.put("receiver.port", 0);
        properties.put("emitter.kura.service.pid", emitterName);
        properties.put("receiver.kura.service.pid", receiverName);
    }

    /**
     * Wires emitter → receiver as WireAdmin does: by the service.pid and kura.service.pid of both registered ends,
     * both ends told at once.
     */
    static WireDouble between(Producer producer, org.osgi.framework.ServiceReference<?> from, Consumer consumer,
            org.osgi.framework.ServiceReference<?> to) {
        WireDouble wire = new WireDouble(producer, (String) from.getProperty("service.pid"),
                (String) from.getProperty("kura.service.pid"), consumer, (String) to.getProperty("service.pid"),
                (String) to.getProperty("kura.service.pid"));
        wire.connect();
        return wire;
    }

    /** Tells both ends they are connected by this wire (Equinox does this when the wire is created). */
    void connect() {
        producer.consumersConnected(new Wire[] {this});
        consumer.producersConnected(new Wire[] {this});
    }

    /** Deletes the wire: both ends are told they have no wire left. */
    void disconnect() {
        valid = false;
        try {
            producer.consumersConnected(null);
            consumer.producersConnected(null);
        } catch (RuntimeException e) {
            consumerExceptions.add(e); // an end that is already gone
        }
    }

    @Override
    public synchronized void update(Object value) {
        if (!valid) {
            return;
        }
        try {
            consumer.updated(this, value);
            lastValue = value;
        } catch (Throwable t) {
            consumerExceptions.add(t);
        }
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public boolean isConnected() {
        return valid;
    }

    @Override
    public Class<?>[] getFlavors() {
        return null;
    }

    @Override
    public Object poll() {
        return valid ? producer.polled(this) : null;
    }

    @Override
    public Object getLastValue() {
        return lastValue;
    }

    @Override
    public Dictionary<String, Object> getProperties() {
        return properties;
    }

    @Override
    public String[] getScope() {
        return null;
    }

    @Override
    public boolean hasScope(String name) {
        return true;
    }
}
