package io.aiosedge.api.cloud;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The compact binary encoding of a float32 tensor in offload payloads: little-endian
 * {@code int rank, long[rank] shape, float[product(shape)] values}. Shared by gateways and workers so both
 * sides agree without a schema library.
 */
public final class TensorPayloads {

    private TensorPayloads() {
    }

    /** A decoded float tensor: shape and values (row-major). */
    public record FloatTensor(long[] shape, float[] values) {
        public FloatTensor {
            long count = 1;
            for (long dimension : shape) {
                if (dimension < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                count = elements(count, dimension, shape);
            }
            if (count != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                        + " values but " + values.length + " were given");
            }
        }
    }

    /** {@code count * dimension}; a shape whose element count does not fit in a long is refused. */
    private static long elements(long count, long dimension, long[] shape) {
        try {
            return Math.multiplyExact(count, dimension);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than "
                    + Long.MAX_VALUE + " values");
        }
    }

    /** Encodes a tensor; the shape must match the number of values. */
    public static byte[] encode(long[] shape, float[] values) {
        new FloatTensor(shape, values); // validates
        ByteBuffer buffer = ByteBuffer.allocate(4 + 8 * shape.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(shape.length);
        for (long dimension : shape) {
            buffer.putLong(dimension);
        }
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    /** Decodes what {@link #encode} produced; a malformed payload gives an IllegalArgumentException saying why. */
    public static FloatTensor decode(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.remaining() < 4) {
            throw new IllegalArgumentException("tensor payload of " + payload.length + " bytes has no rank");
        }
        int rank = buffer.getInt();
        if (rank < 0 || rank > 16 || buffer.remaining() < 8L * rank) {
            throw new IllegalArgumentException("tensor payload declares rank " + rank + " but holds "
                    + buffer.remaining() + " bytes after it");
        }
        long[] shape = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = buffer.getLong();
            if (shape[i] < 0) {
                throw new IllegalArgumentException("tensor payload has negative dimension " + shape[i]);
            }
            count = elements(count, shape[i], shape);
        }
        // count * 4 may not overflow: a shape whose product wrapped around once passed as an empty tensor.
        if (count > buffer.remaining() / 4 || count * 4 != buffer.remaining()) {
            throw new IllegalArgumentException("tensor payload shape " + Arrays.toString(shape) + " needs "
                    + (count > Long.MAX_VALUE / 4 ? "more than " + Long.MAX_VALUE : String.valueOf(count * 4))
                    + " bytes of values but holds " + buffer.remaining());
        }
        float[] values = new float[(int) count]; // count <= remaining / 4 < 2^31
        buffer.asFloatBuffer().get(values);
        return new FloatTensor(shape, values);
    }
}
