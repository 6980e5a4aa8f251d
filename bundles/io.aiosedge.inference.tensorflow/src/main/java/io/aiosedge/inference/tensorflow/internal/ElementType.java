package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.BooleanDataBuffer;
import org.tensorflow.ndarray.buffer.DoubleDataBuffer;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.ndarray.buffer.LongDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Kura's (Triton's) element type names, the Java element class a Kura {@code Tensor} of that type holds, and
 * the TensorFlow data type it maps to, with conversions both ways. The mapping is Kura's: BOOL→Boolean,
 * INT8/UINT8→Byte, INT16→Short, INT32→Integer, INT64→Long, FP32→Float, FP64→Double, BYTES→Byte.
 *
 * <p>TensorFlow Java 1.1.0 has no tensor classes for int8 and int16, so models with such inputs or outputs are
 * described ({@link #INT8}, {@link #INT16}) but cannot be run: {@link #isRunnable()} is false for them and for
 * types Kura cannot express ({@link #UNSUPPORTED}).
 */
enum ElementType {
    BOOL(Boolean.class, DataType.DT_BOOL, true),
    INT8(Byte.class, DataType.DT_INT8, false),
    UINT8(Byte.class, DataType.DT_UINT8, true),
    INT16(Short.class, DataType.DT_INT16, false),
    INT32(Integer.class, DataType.DT_INT32, true),
    INT64(Long.class, DataType.DT_INT64, true),
    FP32(Float.class, DataType.DT_FLOAT, true),
    FP64(Double.class, DataType.DT_DOUBLE, true),
    /** One byte string: a Kura tensor's Byte elements are the bytes of a single string element. */
    BYTES(Byte.class, DataType.DT_STRING, true),
    /** A TensorFlow type without Kura equivalent (half floats, complex, unsigned 16-64 bit, resources…). */
    UNSUPPORTED(Void.class, DataType.DT_INVALID, false);

    private final Class<?> elementClass;
    private final DataType dataType;
    private final boolean runnable;

    ElementType(Class<?> elementClass, DataType dataType, boolean runnable) {
        this.elementClass = elementClass;
        this.dataType = dataType;
        this.runnable = runnable;
    }

    /** @return the class of the elements of a Kura tensor of this type */
    Class<?> elementClass() {
        return this.elementClass;
    }

    /** @return whether TensorFlow Java can create and read tensors of this type */
    boolean isRunnable() {
        return this.runnable;
    }

    /** @return the name Kura uses in {@code TensorDescriptor.getType()} */
    String kuraName() {
        return name();
    }

    /** @return the Kura type of a TensorFlow data type, {@link #UNSUPPORTED} when there is none */
    static ElementType of(DataType dataType) {
        for (ElementType type : values()) {
            if (type.dataType == dataType && type != UNSUPPORTED) {
                return type;
            }
        }
        return UNSUPPORTED;
    }

    /** @return the type of a Kura type name (case-insensitive), or null for an unknown name */
    static ElementType ofKuraName(String name) {
        if (name == null) {
            return null;
        }
        try {
            ElementType type = valueOf(name.trim().toUpperCase(Locale.ROOT));
            return type == UNSUPPORTED ? null : type;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Creates a TensorFlow tensor from Kura tensor elements, which the caller has checked to be of
     * {@link #elementClass()} and to number the shape's size (one for {@link #BYTES}).
     *
     * @param shape the tensor shape
     * @param values the elements, row-major
     * @return a new tensor the caller must close
     */
    Tensor toTensor(Shape shape, List<?> values) {
        int n = values.size();
        switch (this) {
        case FP32: {
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = (Float) values.get(i);
            }
            return TFloat32.tensorOf(shape, DataBuffers.of(data, true, false));
        }
        case FP64: {
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = (Double) values.get(i);
            }
            return TFloat64.tensorOf(shape, DataBuffers.of(data, true, false));
        }
        case INT32: {
            int[] data = new int[n];
            for (int i = 0; i < n; i++) {
                data[i] = (Integer) values.get(i);
            }
            return TInt32.tensorOf(shape, DataBuffers.of(data, true, false));
        }
        case INT64: {
            long[] data = new long[n];
            for (int i = 0; i < n; i++) {
                data[i] = (Long) values.get(i);
            }
            return TInt64.tensorOf(shape, DataBuffers.of(data, true, false));
        }
        case UINT8: {
            return TUint8.tensorOf(shape, DataBuffers.of(bytes(values), true, false));
        }
        case BOOL: {
            boolean[] data = new boolean[n];
            for (int i = 0; i < n; i++) {
                data[i] = (Boolean) values.get(i);
            }
            return TBool.tensorOf(shape, DataBuffers.of(data, true, false));
        }
        case BYTES:
            return TString.tensorOfBytes(shape, DataBuffers.ofObjects(bytes(values)));
        default:
            throw new IllegalStateException(this + " tensors cannot be created by TensorFlow Java");
        }
    }

    /**
     * Reads a TensorFlow tensor of this type into Kura elements.
     *
     * @param tensor the tensor, of this type
     * @return the elements, row-major ({@link #BYTES}: the bytes of the first string element)
     */
    List<Object> fromTensor(Tensor tensor) {
        int n = (int) tensor.shape().size();
        List<Object> out = new ArrayList<>(Math.max(n, 0));
        switch (this) {
        case FP32: {
            float[] data = new float[n];
            FloatDataBuffer buffer = tensor.asRawTensor().data().asFloats();
            buffer.read(data);
            for (float value : data) {
                out.add(value);
            }
            return out;
        }
        case FP64: {
            double[] data = new double[n];
            DoubleDataBuffer buffer = tensor.asRawTensor().data().asDoubles();
            buffer.read(data);
            for (double value : data) {
                out.add(value);
            }
            return out;
        }
        case INT32: {
            int[] data = new int[n];
            IntDataBuffer buffer = tensor.asRawTensor().data().asInts();
            buffer.read(data);
            for (int value : data) {
                out.add(value);
            }
            return out;
        }
        case INT64: {
            long[] data = new long[n];
            LongDataBuffer buffer = tensor.asRawTensor().data().asLongs();
            buffer.read(data);
            for (long value : data) {
                out.add(value);
            }
            return out;
        }
        case UINT8: {
            byte[] data = new byte[n];
            ByteDataBuffer buffer = tensor.asRawTensor().data();
            buffer.read(data);
            for (byte value : data) {
                out.add(value);
            }
            return out;
        }
        case BOOL: {
            boolean[] data = new boolean[n];
            BooleanDataBuffer buffer = tensor.asRawTensor().data().asBooleans();
            buffer.read(data);
            for (boolean value : data) {
                out.add(value);
            }
            return out;
        }
        case BYTES: {
            TString strings = (TString) tensor;
            byte[] first = n == 0 ? new byte[0] : strings.asBytes().getObject(new long[tensor.shape().numDimensions()]);
            for (byte value : first) {
                out.add(value);
            }
            return out;
        }
        default:
            throw new IllegalStateException(this + " tensors cannot be read by TensorFlow Java");
        }
    }

    private static byte[] bytes(List<?> values) {
        byte[] data = new byte[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (Byte) values.get(i);
        }
        return data;
    }
}
