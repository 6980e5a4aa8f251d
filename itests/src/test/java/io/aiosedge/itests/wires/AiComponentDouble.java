package io.aiosedge.itests.wires;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraIOException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.WireSupport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.wireadmin.Wire;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Kura 5.4.1's AI wire component ({@code org.eclipse.kura.wire.AIComponent}, palette "AI"), which is not in Kura's
 * API jar, as WIRES.md section 4 describes it:
 * <ul>
 * <li>the engine is the InferenceEngineService that the DS target {@code InferenceEngineService.target} selects
 * (a filter on {@code kura.service.pid}), a 0..1 dynamic reference: the component runs without one;</li>
 * <li>model names {@code preprocessor.model.name}, {@code inference.model.name}, {@code postprocessor.model.name},
 * trimmed, empty = step skipped;</li>
 * <li>model infos at every configuration and before each record, only when the engine is ready:
 * {@code if (isModelLoaded(name)) loadModel(name, Optional.empty())}, then {@code getModelInfo(name)} (empty:
 * INVALID_PARAMETER), cached until the next configuration;</li>
 * <li>record to tensors: one per input descriptor of the first model, in order, from the property named exactly
 * as the descriptor (missing: NOT_FOUND), the descriptor passed as it is: BOOLEAN, DOUBLE, FLOAT, INTEGER, LONG,
 * STRING as a one-element list of that class, BYTE_ARRAY as one Byte per byte;</li>
 * <li>pre, inference, post: each output list is the next input list, unchanged;</li>
 * <li>tensors to records: one record per output tensor, one property named as the tensor's own descriptor; a
 * class for which {@code isAssignableFrom(Byte.class)} holds becomes a byte[], anything else must hold exactly
 * one element (else KuraIOException) and becomes {@code TypedValues.newTypedValue} of it (an unchecked exception
 * for Short escapes, as in Kura); every record of one input record in one envelope;</li>
 * <li>engine missing or not ready: nothing emitted; a KuraException skips that record (logged, here kept in
 * {@link #errors}); {@code onWireReceive} is synchronized, {@code isEngineReady} called twice per record.</li>
 * </ul>
 */
final class AiComponentDouble implements WireEmitter, WireReceiver {

    /** The KuraExceptions Kura's component would have logged, one per skipped record. */
    final List<KuraException> errors = new CopyOnWriteArrayList<>();
    /** Envelopes dropped because no ready engine was bound ("not ready" in Kura's log). */
    final List<WireEnvelope> notReady = new CopyOnWriteArrayList<>();

    private final ServiceTracker<InferenceEngineService, InferenceEngineService> engine;
    private final List<String> models = new ArrayList<>();
    private final Map<String, ModelInfo> infos = new HashMap<>();
    private volatile WireSupport support;

    /**
     * @param properties the component's configuration: {@code InferenceEngineService.target} and the model names
     */
    AiComponentDouble(BundleContext context, Map<String, ?> properties) throws InvalidSyntaxException {
        Object target = properties.get("InferenceEngineService.target");
        String filter = "(&(objectClass=" + InferenceEngineService.class.getName() + ")"
                + (target == null ? "(kura.service.pid=changeme)" : target) + ")";
        Filter parsed = FrameworkUtil.createFilter(filter);
        this.engine = new ServiceTracker<>(context, parsed, null);
        this.engine.open();
        for (String key : List.of("preprocessor.model.name", "inference.model.name", "postprocessor.model.name")) {
            Object value = properties.get(key);
            String name = value == null ? "" : value.toString().trim();
            if (key.startsWith("inference") && name.isEmpty()) {
                name = "model_name";
            }
            this.models.add(name);
        }
    }

    /** Activation: the WireSupport from the component's own service reference. */
    void attach(WireHelperService helper, ServiceReference<WireComponent> own) {
        this.support = helper.newWireSupport(this, own);
        synchronized (this) {
            loadModelInfosQuietly();
        }
    }

    void close() {
        this.engine.close();
    }

    @Override
    public synchronized void onWireReceive(WireEnvelope envelope) {
        InferenceEngineService service = this.engine.getService();
        if (service == null || !ready(service)) {
            this.notReady.add(envelope);
            return;
        }
        for (WireRecord record : envelope.getRecords()) {
            try {
                loadModelInfos(service);
                List<ModelInfo> chain = chain();
                List<Tensor> tensors = fromWireRecord(chain.get(0).getInputs(), record);
                for (ModelInfo info : chain) {
                    tensors = service.infer(info, tensors);
                }
                this.support.emit(fromTensorList(tensors));
            } catch (KuraException e) {
                this.errors.add(e);
            }
        }
    }

    private static boolean ready(InferenceEngineService service) {
        try {
            return service.isEngineReady();
        } catch (KuraException e) {
            return false;
        }
    }

    private void loadModelInfosQuietly() {
        InferenceEngineService service = this.engine.getService();
        if (service == null) {
            return;
        }
        try {
            loadModelInfos(service);
        } catch (KuraException e) {
            this.errors.add(e);
        }
    }

    private void loadModelInfos(InferenceEngineService service) throws KuraException {
        if (!service.isEngineReady()) {
            return;
        }
        for (String name : this.models) {
            if (name.isEmpty() || this.infos.containsKey(name)) {
                continue;
            }
            if (service.isModelLoaded(name)) { // Kura's condition, as it is
                service.loadModel(name, Optional.empty());
            }
            Optional<ModelInfo> info = service.getModelInfo(name);
            if (info.isEmpty()) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model " + name + " has no info");
            }
            this.infos.put(name, info.get());
        }
    }

    private List<ModelInfo> chain() {
        List<ModelInfo> chain = new ArrayList<>();
        for (String name : this.models) {
            if (!name.isEmpty()) {
                chain.add(this.infos.get(name));
            }
        }
        return chain;
    }

    private static List<Tensor> fromWireRecord(List<TensorDescriptor> inputs, WireRecord record)
            throws KuraException {
        List<Tensor> tensors = new ArrayList<>();
        for (TensorDescriptor descriptor : inputs) {
            TypedValue<?> value = record.getProperties().get(descriptor.getName());
            if (value == null) {
                throw new KuraException(KuraErrorCode.NOT_FOUND, descriptor.getName());
            }
            switch (value.getType()) {
            case BOOLEAN:
                tensors.add(new Tensor(Boolean.class, descriptor, List.of((Boolean) value.getValue())));
                break;
            case DOUBLE:
                tensors.add(new Tensor(Double.class, descriptor, List.of((Double) value.getValue())));
                break;
            case FLOAT:
                tensors.add(new Tensor(Float.class, descriptor, List.of((Float) value.getValue())));
                break;
            case INTEGER:
                tensors.add(new Tensor(Integer.class, descriptor, List.of((Integer) value.getValue())));
                break;
            case LONG:
                tensors.add(new Tensor(Long.class, descriptor, List.of((Long) value.getValue())));
                break;
            case STRING:
                tensors.add(new Tensor(String.class, descriptor, List.of((String) value.getValue())));
                break;
            case BYTE_ARRAY:
                List<Byte> bytes = new ArrayList<>();
                for (byte b : (byte[]) value.getValue()) {
                    bytes.add(b);
                }
                tensors.add(new Tensor(Byte.class, descriptor, bytes));
                break;
            default:
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "type " + value.getType());
            }
        }
        return tensors;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static List<WireRecord> fromTensorList(List<Tensor> tensors) throws KuraIOException {
        List<WireRecord> records = new ArrayList<>();
        for (Tensor tensor : tensors) {
            Map<String, TypedValue<?>> properties = new LinkedHashMap<>();
            String name = tensor.getDescriptor().getName();
            Class type = tensor.getType();
            Optional<List<?>> data = tensor.getData(type);
            if (data.isPresent()) {
                List<?> values = data.get();
                if (type.isAssignableFrom(Byte.class)) {
                    byte[] bytes = new byte[values.size()];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = Byte.parseByte(values.get(i).toString());
                    }
                    properties.put(name, TypedValues.newByteArrayValue(bytes));
                } else {
                    if (values.size() != 1) {
                        throw new KuraIOException("Only tensors with one element are supported, '" + name + "' has "
                                + values.size());
                    }
                    properties.put(name, TypedValues.newTypedValue(values.get(0)));
                }
            }
            records.add(new WireRecord(properties));
        }
        return records;
    }

    @Override
    public Object polled(Wire wire) {
        return this.support.polled(wire);
    }

    @Override
    public void consumersConnected(Wire[] wires) {
        this.support.consumersConnected(wires);
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
