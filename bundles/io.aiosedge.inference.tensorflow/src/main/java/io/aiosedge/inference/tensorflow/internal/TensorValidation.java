package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;

/**
 * Checks requests against a model's signature before anything reaches TensorFlow, so that a bad request is
 * a {@link KuraException} naming the model and what was expected vs received, never a native error.
 */
final class TensorValidation {

    private TensorValidation() {
    }

    /**
     * Checks Kura input tensors: one per signature input (matched by descriptor name), each of the input's
     * Kura type, holding elements of that type's class, with a shape that fits the signature and as many
     * elements as the shape says.
     *
     * @param model the model name (for messages)
     * @param signature the model's signature
     * @param inputs the request
     * @return the inputs in signature order
     * @throws KuraException INVALID_PARAMETER naming the model, the tensor, and expected vs received
     */
    static List<Tensor> kuraInputs(String model, ModelSignature signature, List<Tensor> inputs) throws KuraException {
        if (inputs == null || inputs.isEmpty()) {
            throw invalid(model, "no input tensors; expected " + names(signature.inputs()));
        }
        Map<String, Tensor> byName = new HashMap<>();
        for (Tensor tensor : inputs) {
            if (tensor == null || tensor.getDescriptor() == null) {
                throw invalid(model, "null input tensor or descriptor");
            }
            String name = tensor.getDescriptor().getName();
            if (signature.input(name) == null) {
                throw invalid(model, "unknown input '" + name + "'; expected " + names(signature.inputs()));
            }
            if (byName.put(name, tensor) != null) {
                throw invalid(model, "input '" + name + "' given twice");
            }
        }
        for (ModelSignature.Entry output : signature.outputs()) {
            if (!output.type().isRunnable()) {
                throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "model '" + model + "': output '"
                        + output.name() + "' is " + output.type().kuraName()
                        + ", which TensorFlow Java 1.1.0 cannot read");
            }
        }
        List<Tensor> ordered = new ArrayList<>(signature.inputs().size());
        for (ModelSignature.Entry entry : signature.inputs()) {
            Tensor tensor = byName.get(entry.name());
            if (tensor == null) {
                throw invalid(model, "missing input '" + entry.name() + "' (" + entry.describe() + "); received "
                        + byName.keySet());
            }
            checkTensor(model, entry, tensor);
            ordered.add(tensor);
        }
        return ordered;
    }

    private static void checkTensor(String model, ModelSignature.Entry entry, Tensor tensor) throws KuraException {
        TensorDescriptor descriptor = tensor.getDescriptor();
        ElementType declared = ElementType.ofKuraName(descriptor.getType());
        if (declared != entry.type()) {
            throw invalid(model, "input '" + entry.name() + "' must be of type " + entry.type().kuraName()
                    + ", received " + descriptor.getType());
        }
        if (!entry.type().isRunnable()) {
            throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "model '" + model + "': input '"
                    + entry.name() + "' is " + entry.type().kuraName() + ", which TensorFlow Java 1.1.0 cannot create");
        }
        Optional<? extends List<?>> data = tensor.getData(entry.type().elementClass());
        if (data.isEmpty()) {
            throw invalid(model, "input '" + entry.name() + "' of type " + entry.type().kuraName() + " must hold "
                    + entry.type().elementClass().getSimpleName() + " elements, received "
                    + tensor.getType().getSimpleName());
        }
        long[] shape = shape(model, entry.name(), descriptor.getShape());
        checkShape(model, entry, shape);
        long expected = entry.type() == ElementType.BYTES ? 1 : product(shape);
        if (entry.type() == ElementType.BYTES) {
            if (product(shape) != 1) {
                throw invalid(model, "input '" + entry.name() + "' is BYTES: one byte string per request is"
                        + " supported, so its shape must hold one element; received " + Arrays.toString(shape));
            }
        } else if (data.get().size() != expected) {
            throw invalid(model, "input '" + entry.name() + "' shape " + Arrays.toString(shape) + " needs "
                    + expected + " elements, received " + data.get().size());
        }
        for (Object element : data.get()) {
            if (element == null) {
                throw invalid(model, "input '" + entry.name() + "' holds a null element");
            }
        }
    }

    /**
     * Checks a fast-path request against a one-input model.
     *
     * @param model the model name
     * @param entry the model's input
     * @param input the values
     * @param shape their shape
     * @throws KuraException INVALID_PARAMETER naming the model and expected vs received shape
     */
    static void floatInput(String model, ModelSignature.Entry entry, float[] input, long[] shape) throws KuraException {
        if (input == null || shape == null) {
            throw invalid(model, "input values and shape are required");
        }
        checkShape(model, entry, shape);
        long size = product(shape);
        if (size != input.length) {
            throw invalid(model, "shape " + Arrays.toString(shape) + " needs " + size + " values, received "
                    + input.length);
        }
    }

    private static void checkShape(String model, ModelSignature.Entry entry, long[] shape) throws KuraException {
        for (long dimension : shape) {
            if (dimension < 0) {
                throw invalid(model, "input '" + entry.name() + "': negative dimension in shape "
                        + Arrays.toString(shape));
            }
        }
        long[] expected = entry.shape();
        if (expected == null) {
            return;
        }
        if (entry.scalar()) {
            // Kura cannot describe a scalar with an empty shape: [1] (or []) is the scalar.
            if (shape.length > 1 || (shape.length == 1 && shape[0] != 1)) {
                throw invalid(model, "input '" + entry.name() + "' is a scalar: its shape must be [1] (or []),"
                        + " received " + Arrays.toString(shape));
            }
            return;
        }
        boolean fits = expected.length == shape.length;
        for (int i = 0; fits && i < expected.length; i++) {
            fits = expected[i] < 0 || expected[i] == shape[i];
        }
        if (!fits) {
            throw invalid(model, "input '" + entry.name() + "' must have shape " + Arrays.toString(expected)
                    + " (-1: any size), received " + Arrays.toString(shape));
        }
    }

    private static long[] shape(String model, String input, List<Long> shape) throws KuraException {
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            Long dimension = shape.get(i);
            if (dimension == null) {
                throw invalid(model, "input '" + input + "': null dimension in shape " + shape);
            }
            dims[i] = dimension;
        }
        return dims;
    }

    private static long product(long[] shape) {
        long size = 1;
        for (long dimension : shape) {
            size = Math.multiplyExact(size, dimension);
        }
        return size;
    }

    private static List<String> names(List<ModelSignature.Entry> entries) {
        List<String> names = new ArrayList<>();
        for (ModelSignature.Entry entry : entries) {
            names.add(entry.describe());
        }
        return names;
    }

    private static KuraException invalid(String model, String detail) {
        return new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + model + "': " + detail);
    }
}
