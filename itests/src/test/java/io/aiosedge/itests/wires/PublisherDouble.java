package io.aiosedge.itests.wires;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.WireSupport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.wireadmin.Wire;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Kura 5.4.1's CloudPublisher wire component ({@code org.eclipse.kura.wire.CloudPublisher}, palette "Publisher"),
 * which is not in Kura's API jar, as WIRES.md section 5 describes it: the CloudPublisher is the service that the
 * DS target {@code CloudPublisher.target} selects (0..1, dynamic; default {@code (kura.service.pid=changeme)});
 * per record of an envelope one {@code publish(new KuraMessage(payload, properties))}, its return value ignored:
 * payload timestamp = now, one metric per record property (the raw value of its TypedValue), the body from
 * {@code set.body.from.property} (STRING as UTF-8, BYTE_ARRAY as is, anything else ignored with a warning) and,
 * with {@code remove.body.from.metrics}, that metric removed; the message properties are the same name → value
 * map. No publisher bound: the records are dropped silently. One try around the loop: an exception from
 * {@code publish} skips the rest of that envelope. {@code publish.position} other than {@code none} needs Kura's
 * PositionService, which the tests do not have: only {@code none} is emulated.
 */
final class PublisherDouble implements WireReceiver {

    /** Exceptions Kura's component would have logged (each ended its envelope). */
    final List<Exception> errors = new CopyOnWriteArrayList<>();
    /** Records dropped because no publisher was bound. */
    final AtomicInteger dropped = new AtomicInteger();
    /** Calls of {@code publish} that returned. */
    final AtomicInteger published = new AtomicInteger();

    private final ServiceTracker<CloudPublisher, CloudPublisher> publisher;
    private final String bodyProperty;
    private final boolean removeBody;
    private volatile WireSupport support;

    PublisherDouble(BundleContext context, Map<String, ?> properties) throws InvalidSyntaxException {
        Object target = properties.get("CloudPublisher.target");
        Object positionValue = properties.get("publish.position");
        String position = positionValue == null ? "none" : positionValue.toString();
        if (!"none".equals(position)) {
            throw new IllegalArgumentException("publish.position '" + position + "': only 'none' is emulated");
        }
        Object body = properties.get("set.body.from.property");
        this.bodyProperty = body == null ? "" : body.toString();
        this.removeBody = Boolean.TRUE.equals(properties.get("remove.body.from.metrics"));
        this.publisher = new ServiceTracker<>(context, FrameworkUtil.createFilter("(&(objectClass="
                + CloudPublisher.class.getName() + ")" + (target == null ? "(kura.service.pid=changeme)" : target)
                + ")"), null);
        this.publisher.open();
    }

    void attach(WireHelperService helper, ServiceReference<WireComponent> own) {
        this.support = helper.newWireSupport(this, own);
    }

    void close() {
        this.publisher.close();
    }

    @Override
    public void onWireReceive(WireEnvelope envelope) {
        CloudPublisher bound = this.publisher.getService();
        if (bound == null) {
            this.dropped.addAndGet(envelope.getRecords().size());
            return;
        }
        try {
            for (WireRecord record : envelope.getRecords()) {
                bound.publish(message(record));
                this.published.incrementAndGet();
            }
        } catch (Exception e) {
            this.errors.add(e);
        }
    }

    private KuraMessage message(WireRecord record) {
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date());
        Map<String, Object> properties = new HashMap<>();
        for (Map.Entry<String, TypedValue<?>> property : record.getProperties().entrySet()) {
            payload.addMetric(property.getKey(), property.getValue().getValue());
            properties.put(property.getKey(), property.getValue().getValue());
        }
        TypedValue<?> body = this.bodyProperty.isEmpty() ? null : record.getProperties().get(this.bodyProperty);
        if (body != null && body.getType() == DataType.STRING) {
            payload.setBody(((String) body.getValue()).getBytes(StandardCharsets.UTF_8));
        } else if (body != null && body.getType() == DataType.BYTE_ARRAY) {
            payload.setBody((byte[]) body.getValue());
        }
        if (body != null && this.removeBody) {
            payload.removeMetric(this.bodyProperty);
            properties.remove(this.bodyProperty);
        }
        return new KuraMessage(payload, properties);
    }

    @Override
    public void updated(Wire wire, Object value) {
        this.support.updated(wire, value);
    }

    @Override
    public void producersConnected(Wire[] wires) {
        this.support.producersConnected(wires);
    }
}
