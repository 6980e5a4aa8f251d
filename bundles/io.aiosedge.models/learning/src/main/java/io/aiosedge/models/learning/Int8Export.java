package io.aiosedge.models.learning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Writes the serving-only, 8-bit form of a {@link TrainableModel}: every kernel quantized symmetrically per
 * output channel ({@code q = round(w / s)}, {@code s = max|w| / 127} over the channel, q in −127..127), biases kept
 * in float, and the dequantization {@code (cast(q + 128) − 128) · s} done by ops in the graph. TensorFlow Java 1.1
 * has no INT8 tensor type, so q is stored as UINT8 with a zero point of 128: the same 8 bits per weight. The
 * SavedModel has no variables and only {@code serving_default} (same {@code window} / {@code anomaly} signature).
 */
public final class Int8Export {

    /** The zero point of the stored bytes. */
    static final int ZERO_POINT = 128;

    /**
     * What was written.
     *
     * @param parameters parameters of the network
     * @param weightBytes bytes the parameters take: 1 per kernel weight, 4 per bias and per channel scale
     * @param floatBytes bytes the same parameters take in float (4 each)
     * @param worstError largest |w − dequantized w| over all kernels
     */
    public record Report(long parameters, long weightBytes, long floatBytes, double worstError) {
    }

    /**
     * One kernel quantized per output channel.
     *
     * @param codes stored bytes (q + 128), same order as the kernel
     * @param scales one scale per output channel (the last dimension)
     */
    public record Quantized(byte[] codes, float[] scales) {

        /** @return the dequantized values */
        public float[] dequantize() {
            float[] values = new float[this.codes.length];
            int channels = this.scales.length;
            for (int i = 0; i < values.length; i++) {
                values[i] = ((this.codes[i] & 0xff) - ZERO_POINT) * this.scales[i % channels];
            }
            return values;
        }
    }

    private Int8Export() {
    }

    /**
     * @param values kernel values, row-major, the output channel the fastest-moving index
     * @param channels output channels (divides the number of values)
     * @return the codes and scales
     */
    public static Quantized quantize(float[] values, int channels) {
        if (channels < 1 || values.length % channels != 0) {
            throw new IllegalArgumentException(values.length + " kernel values do not split into " + channels + " channels");
        }
        float[] scales = new float[channels];
        for (int i = 0; i < values.length; i++) {
            scales[i % channels] = Math.max(scales[i % channels], Math.abs(values[i]));
        }
        for (int c = 0; c < channels; c++) {
            scales[c] = scales[c] == 0 ? 1f : scales[c] / 127f;
        }
        byte[] codes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int q = Math.round(values[i] / scales[i % channels]);
            codes[i] = (byte) (Math.max(-127, Math.min(127, q)) + ZERO_POINT);
        }
        return new Quantized(codes, scales);
    }

    /**
     * @param model the trained model (its current weights)
     * @param directory a folder that does not exist yet or is empty
     * @return sizes and the worst rounding error
     * @throws IOException naming the folder when it is not empty or cannot be written
     */
    public static Report write(TrainableModel model, Path directory) throws IOException {
        return write(model, directory, true);
    }

    /**
     * Writes the same serving-only graph with every parameter as a float constant: the baseline of the int8 form
     * (same ops but the dequantization, no variables, only {@code serving_default}).
     *
     * @param model the trained model (its current weights)
     * @param directory a folder that does not exist yet or is empty
     * @return sizes ({@code weightBytes} = {@code floatBytes}) and a worst error of 0
     * @throws IOException naming the folder when it is not empty or cannot be written
     */
    public static Report writeFloat(TrainableModel model, Path directory) throws IOException {
        return write(model, directory, false);
    }

    private static Report write(TrainableModel model, Path directory, boolean int8) throws IOException {
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("will not export into " + directory + ": it is not empty");
                }
            }
        }
        WindowNetwork network = model.network();
        Map<String, float[]> weights = model.weights();
        long[] bytes = {0};
        long[] floats = {0};
        double[] worst = {0};
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> window = tf.withName("window").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, network.width())));
            tf.withName(TrainableModel.NETWORK_NODE).constant(network.encode() + (int8 ? " int8" : " float"));
            Operand<TFloat32> logits = NetworkGraph.logits(tf, network, window, p -> {
                float[] values = weights.get(p.name());
                floats[0] += 4L * values.length;
                if (p.bias() || !int8) {
                    bytes[0] += 4L * values.length;
                    return tf.withName(p.name()).constant(Shape.of(p.shape()), DataBuffers.of(values, true, false));
                }
                int channels = (int) p.shape()[p.shape().length - 1];
                Quantized q = quantize(values, channels);
                float[] restored = q.dequantize();
                for (int i = 0; i < values.length; i++) {
                    worst[0] = Math.max(worst[0], Math.abs(values[i] - restored[i]));
                }
                bytes[0] += values.length + 4L * channels;
                Operand<TUint8> codes = tf.withName(p.name() + "_q").constant(Shape.of(p.shape()), DataBuffers.of(q.codes(), true, false));
                Operand<TFloat32> centred = tf.math.sub(tf.dtypes.cast(codes, TFloat32.class), tf.constant((float) ZERO_POINT));
                return tf.withName(p.name()).math.mul(centred, tf.constant(q.scales()));
            });
            Operand<TFloat32> anomaly = tf.withName("anomaly").math.sigmoid(logits);
            Signature signature = Signature.builder().key(TrainableModel.SERVING).input("window", window)
                    .output("anomaly", anomaly).build();
            SavedModelBundle.exporter(directory.toString()).withFunction(SessionFunction.create(signature, session)).export();
        }
        return new Report(network.parameters(), bytes[0], floats[0], worst[0]);
    }

    /** @return the parameter names that are quantized (kernels), for the README and tests */
    static List<String> quantizedParameters(WindowNetwork network) {
        return NetworkGraph.parameters(network).stream().filter(p -> !p.bias()).map(NetworkGraph.Parameter::name).toList();
    }
}
