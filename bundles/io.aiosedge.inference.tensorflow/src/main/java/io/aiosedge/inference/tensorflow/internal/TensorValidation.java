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
            ordered.add(checkTensor(model, entry, tensor));
        }
        return ordered;
    }

    /**
     * Checks one input and returns it as the session needs it: elements of the input type's class and a shape
     * without {@code -1}. Kura's AI wire component sends each record property as a one-element tensor of the
     * property's class (a DOUBLE channel gives Double elements, an INTEGER one Integer) with the model's declared
     * shape, {@code -1} included; so numbers of another class are converted where no value is lost in kind (any
     * number to FP32/FP64, whole numbers to INT32/INT64), and one {@code -1} dimension is resolved from the element
     * count.
     */
    private static Tensor checkTensor(String model, ModelSignature.Entry entry, Tensor tensor) throws KuraException {
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
        List<?> elements = elements(model, entry, tensor);
        long[] shape = resolve(model, entry, shape(model, entry.name(), descriptor.getShape()), elements.size());
        checkShape(model, entry, shape);
        long expected = entry.type() == ElementType.BYTES ? 1 : product(shape);
        if (entry.type() == ElementType.BYTES) {
            if (product(shape) != 1) {
                throw invalid(model, "input '" + entry.name() + "' is BYTES: one byte string per request is"
                        + " supported, so its shape must hold one element; received " + Arrays.toString(shape));
            }
        } else if (elements.size() != expected) {
            throw invalid(model, "input '" + entry.name() + "' shape " + Arrays.toString(shape) + " needs "
                    + expected + " elements, received " + elements.size());
        }
        boolean sameShape = Arrays.equals(shape, shape(model, entry.name(), descriptor.getShape()));
        if (sameShape && tensor.getType() == entry.type().elementClass()) {
            return tensor;
        }
        List<Long> resolved = new ArrayList<>(shape.length);
        for (long dimension : shape) {
            resolved.add(dimension);
        }
        return newTensor(entry.type().elementClass(),
                TensorDescriptor.builder(descriptor.getName(), descriptor.getType(), resolved).build(), elements);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Tensor newTensor(Class<?> type, TensorDescriptor descriptor, List<?> elements) {
        return new Tensor((Class) type, descriptor, (List) elements);
    }

    /** The tensor's elements as the input type's class, converted where no value is lost in kind. */
    private static List<?> elements(String model, ModelSignature.Entry entry, Tensor tensor) throws KuraException {
        Class<?> wanted = entry.type().elementClass();
        Class<?> held = tensor.getType();
        Optional<? extends List<?>> data = held == null ? Optional.empty() : tensor.getData(held);
        if (data.isEmpty()) {
            throw invalid(model, "input '" + entry.name() + "' holds no elements");
        }
        List<?> values = data.get();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw invalid(model, "input '" + entry.name() + "' holds a null element");
            }
        }
        if (held == wanted) {
            return values;
        }
        boolean numeric = entry.type() == ElementType.FP32 || entry.type() == ElementType.FP64
                || entry.type() == ElementType.INT32 || entry.type() == ElementType.INT64;
        if (!numeric || !Number.class.isAssignableFrom(held) || held == Byte.class || held == Short.class) {
            throw invalid(model, "input '" + entry.name() + "' of type " + entry.type().kuraName() + " must hold "
                    + wanted.getSimpleName() + " elements" + (numeric ? " (or Float, Double, Integer, Long)" : "")
                    + ", received " + held.getSimpleName());
        }
        List<Object> converted = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            converted.add(convert(model, entry, i, (Number) values.get(i)));
        }
        return converted;
    }

    private static Object convert(String model, ModelSignature.Entry entry, int index, Number value)
            throws KuraException {
        switch (entry.type()) {
        case FP32:
            return value.floatValue();
        case FP64:
            return value.doubleValue();
        default:
            break;
        }
        long whole;
        if (value instanceof Float || value instanceof Double) {
            double d = value.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 0x1p63) {
                throw invalid(model, "input '" + entry.name() + "' is " + entry.type().kuraName() + ": element "
                        + index + " (" + value + ") is not a whole number");
            }
            whole = (long) d;
        } else {
            whole = value.longValue();
        }
        if (entry.type() == ElementType.INT64) {
            return whole;
        }
        if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
            throw invalid(model, "input '" + entry.name() + "' is INT32: element " + index + " (" + value
                    + ") is out of range");
        }
        return (int) whole;
    }

    /**
     * Replaces a {@code -1} dimension (as Kura's AI wire component passes the model's declared shape) by what the
     * element count makes it: the only {@code -1} takes count / (product of the others), which must divide
     * exactly; a BYTES input's {@code -1} is 1 (one byte string).
     */
    private static long[] resolve(String model, ModelSignature.Entry entry, long[] shape, int count)
            throws KuraException {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (unknown >= 0) {
                    throw invalid(model, "input '" + entry.name() + "': shape " + Arrays.toString(shape)
                            + " has more than one -1; give the tensor its actual shape");
                }
                unknown = i;
            } else if (shape[i] >= 0) {
                known = Math.multiplyExact(known, shape[i]);
            }
        }
        if (unknown < 0) {
            return shape;
        }
        long[] resolved = shape.clone();
        if (entry.type() == ElementType.BYTES) {
            resolved[unknown] = 1;
            return resolved;
        }
        if (known == 0 || count == 0 || count % known != 0) {
            throw invalid(model, "input '" + entry.name() + "' shape " + Arrays.toString(shape) + " needs a multiple"
                    + " of " + known + " elements, received " + count + (count == 1 && known > 1
                            ? " (Kura's AI wire component makes one element of each record property: send the"
                                    + " samples through one of the engine's sample windows, wire.windows)"
                            : ""));
        }
        resolved[unknown] = count / known;
        return resolved;
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
