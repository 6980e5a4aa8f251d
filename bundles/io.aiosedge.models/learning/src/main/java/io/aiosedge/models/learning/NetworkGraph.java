package io.aiosedge.models.learning;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the forward pass of a {@link WindowNetwork} as TensorFlow ops, from the raw window to the logit, with its
 * parameters supplied by the caller: variables (trainable form), float constants (frozen form) or dequantized
 * 8-bit constants ({@link Int8Export}).
 */
final class NetworkGraph {

    /**
     * One parameter tensor of the network.
     *
     * @param name graph name, e.g. {@code conv1_kernel}
     * @param shape dimensions
     * @param fanIn inputs that feed one output (for the initial scale); 0 for a bias
     */
    record Parameter(String name, long[] shape, int fanIn) {

        /** @return the number of values */
        int size() {
            long size = 1;
            for (long d : this.shape) {
                size *= d;
            }
            return (int) size;
        }

        /** @return whether it is a bias (kept in float by {@link Int8Export}) */
        boolean bias() {
            return this.fanIn == 0;
        }
    }

    /** Supplies the operand of one parameter. */
    interface ParameterSource {
        Operand<TFloat32> get(Parameter parameter);
    }

    private NetworkGraph() {
    }

    /** @return the parameters in graph order */
    static List<Parameter> parameters(WindowNetwork network) {
        List<Parameter> parameters = new ArrayList<>();
        int channels = WindowNetwork.CHANNELS;
        int index = 1;
        for (WindowNetwork.Convolution c : network.convolutions()) {
            parameters.add(new Parameter("conv" + index + "_kernel", new long[] {1, c.kernel(), channels, c.filters()},
                    c.kernel() * channels));
            parameters.add(new Parameter("conv" + index + "_bias", new long[] {c.filters()}, 0));
            channels = c.filters();
            index++;
        }
        int inputs = network.convolvedLength() * network.convolvedChannels();
        List<Integer> sizes = new ArrayList<>(network.hidden());
        sizes.add(1);
        for (int d = 0; d < sizes.size(); d++) {
            int size = sizes.get(d);
            String layer = "dense" + (d + 1);
            int fanIn = inputs + (d == 0 ? WindowStatistics.COUNT : 0);
            parameters.add(new Parameter(layer + "_kernel", new long[] {inputs, size}, fanIn));
            if (d == 0) {
                parameters.add(new Parameter(layer + "_statistics", new long[] {WindowStatistics.COUNT, size}, fanIn));
            }
            parameters.add(new Parameter(layer + "_bias", new long[] {size}, 0));
            inputs = size;
        }
        return parameters;
    }

    /**
     * @param tf where to build
     * @param network the network
     * @param window the raw windows, FP32 {@code [-1, width]}
     * @param source the parameters
     * @return the logits, FP32 {@code [-1, 1]}
     */
    static Operand<TFloat32> logits(Ops tf, WindowNetwork network, Operand<TFloat32> window, ParameterSource source) {
        int width = network.width();
        Operand<TInt32> rows = tf.constant(1);
        Operand<TFloat32> mean = tf.math.mean(window, rows, Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(window, mean);
        Operand<TFloat32> std = tf.math.sqrt(tf.math.add(tf.math.mean(tf.math.square(centred), rows,
                Mean.keepDims(true)), tf.constant(WindowStatistics.EPSILON)));
        float[][] difference = new float[width][width - 1];
        for (int j = 0; j < width - 1; j++) {
            difference[j][j] = -1f;
            difference[j + 1][j] = 1f;
        }
        Operand<TFloat32> absDiff = tf.math.abs(tf.linalg.matMul(window, tf.constant(difference)));
        Operand<TFloat32> stuck = tf.dtypes.cast(tf.math.less(absDiff, tf.constant(WindowStatistics.EPSILON)),
                TFloat32.class);
        Operand<TFloat32> statistics = tf.concat(List.of(std, tf.max(absDiff, rows, Max.keepDims(true)),
                tf.math.mean(absDiff, rows, Mean.keepDims(true)),
                tf.max(tf.math.abs(centred), rows, Max.keepDims(true)),
                tf.math.mean(stuck, rows, Mean.keepDims(true))), rows);
        Operand<TFloat32> standardised = tf.math.mul(tf.math.sub(statistics,
                tf.constant(new float[][] {network.statisticsMean()})), tf.constant(new float[][] {network.statisticsScale()}));

        Operand<TFloat32> scaledWindow = tf.math.div(centred, std);
        Operand<TFloat32> scaledDiff = tf.pad(tf.math.div(absDiff, std), tf.constant(new int[][] {{0, 0}, {0, 1}}),
                tf.constant(0f));
        // [-1, 1, width, 2]: Conv2D over a "height" of 1 is a 1-D convolution over time.
        Operand<TFloat32> x = tf.expandDims(tf.stack(List.of(scaledWindow, scaledDiff), org.tensorflow.op.core.Stack.axis(2L)),
                tf.constant(1));
        List<Parameter> parameters = parameters(network);
        int next = 0;
        for (WindowNetwork.Convolution c : network.convolutions()) {
            Operand<TFloat32> kernel = source.get(parameters.get(next++));
            Operand<TFloat32> bias = source.get(parameters.get(next++));
            x = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias));
            if (c.pool() > 1) {
                int[] pool = {1, 1, c.pool(), 1};
                x = tf.nn.maxPool(x, tf.constant(pool), tf.constant(pool), "VALID");
            }
        }
        x = tf.reshape(x, tf.constant(new int[] {-1, network.convolvedLength() * network.convolvedChannels()}));
        int layers = network.hidden().size() + 1;
        for (int d = 0; d < layers; d++) {
            Operand<TFloat32> z = tf.linalg.matMul(x, source.get(parameters.get(next++)));
            if (d == 0) {
                // The statistics join the first dense layer as a second product (no concat on the trained path).
                z = tf.math.add(z, tf.linalg.matMul(standardised, source.get(parameters.get(next++))));
            }
            z = tf.nn.biasAdd(z, source.get(parameters.get(next++)));
            x = d == layers - 1 ? z : tf.nn.relu(z);
        }
        return x;
    }
}
