package io.aiosedge.wires.internal.task;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.WireSupport;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.wireadmin.Wire;

/** Test doubles of the Wire side: a WireHelperService whose WireSupport records what is emitted, and DS's inputs. */
final class WireFakes {

    private WireFakes() {
    }

    /** A WireSupport that keeps every emitted list and the calls forwarded to it. */
    static final class RecordingWireSupport implements WireSupport {
        final List<List<WireRecord>> emitted = new CopyOnWriteArrayList<>();
        final List<String> emitThreads = new CopyOnWriteArrayList<>();
        final List<Object> updatedValues = new CopyOnWriteArrayList<>();
        volatile Wire[] consumers;
        volatile Wire[] producers;

        @Override
        public void emit(List<WireRecord> wireRecords) {
            emitThreads.add(Thread.currentThread().getName());
            emitted.add(wireRecords);
        }

        @Override
        public void consumersConnected(Wire[] wires) {
            consumers = wires;
        }

        @Override
        public Object polled(Wire wire) {
            return "polled";
        }

        @Override
        public void producersConnected(Wire[] wires) {
            producers = wires;
        }

        @Override
        public void updated(Wire wire, Object value) {
            updatedValues.add(value);
        }
    }

    /** A WireHelperService handing out one support, remembering for which component and reference. */
    static final class Helper implements WireHelperService {
        final RecordingWireSupport support = new RecordingWireSupport();
        volatile WireComponent component;
        volatile ServiceReference<WireComponent> reference;

        @Override
        public WireSupport newWireSupport(WireComponent wireComponent, ServiceReference<WireComponent> ref) {
            this.component = wireComponent;
            this.reference = ref;
            return ref == null ? null : support;
        }

        @Override
        public String getPid(WireComponent wireComponent) {
            return null;
        }

        @Override
        public String getServicePid(String wireComponentPid) {
            return null;
        }

        @Override
        public String getServicePid(WireComponent wireComponent) {
            return null;
        }

        @Override
        public boolean isEmitter(String wireComponentPid) {
            return false;
        }

        @Override
        public boolean isReceiver(String wireComponentPid) {
            return false;
        }
    }

    /** A ComponentContext whose service reference is the given one. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ComponentContext context(ServiceReference<?> reference) {
        ComponentContext context = mock(ComponentContext.class);
        when(context.getServiceReference()).thenReturn((ServiceReference) reference);
        return context;
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<WireComponent> reference() {
        return mock(ServiceReference.class);
    }

    /** The configuration DS would hand over: every default, except the given AD ids (dots, as in the metatype). */
    static AiosTaskComponent.Config config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (AiosTaskComponent.Config) Proxy.newProxyInstance(AiosTaskComponent.Config.class.getClassLoader(),
                new Class<?>[] {AiosTaskComponent.Config.class}, (proxy, method, args) -> {
                    String id = method.getName().replace('_', '.');
                    return values.containsKey(id) ? values.get(id) : method.getDefaultValue();
                });
    }

    static WireEnvelope envelope(WireRecord... records) {
        return new WireEnvelope("upstream.service.pid", List.of(records));
    }
}
