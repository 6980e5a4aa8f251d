package io.aiosedge.models.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Writes a trained {@link DenseNetwork} as a TensorFlow SavedModel: signature {@code serving_default}, input
 * {@code window} FP32 {@code [-1, 64]} (raw samples), output {@code anomaly} FP32 {@code [-1, 1]} (probability).
 * The feature computation of {@link WindowFeatures} becomes graph ops and the learned weights constants, so the
 * model has no variables and no Python was involved.
 */
final class SavedModelWriter {

    private SavedModelWriter() {
    }

    /**
     * @param directory where to write (must not exist or be empty)
     * @param network the trained network
     * @param cloudInputs whether the network takes {@link WindowFeatures#cloud} inputs (else {@link WindowFeatures#edge})
     */
    static void write(Path directory, DenseNetwork network, boolean cloudInputs) throws IOException {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            int width = WindowFeatures.WINDOW;
            Placeholder<TFloat32> window = tf.withName("window").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, width)));
            Operand<TInt32> rows = tf.constant(1);
            Operand<TFloat32> mean = tf.math.mean(window, rows, Mean.keepDims(true));
            Operand<TFloat32> centred = tf.math.sub(window, mean);
            Operand<TFloat32> std = tf.math.sqrt(tf.math.add(tf.math.mean(tf.math.square(centred), rows,
                    Mean.keepDims(true)), tf.constant(WindowFeatures.EPSILON)));
            float[][] difference = new float[width][width - 1];
            for (int j = 0; j < width - 1; j++) {
                difference[j][j] = -1f;
                difference[j + 1][j] = 1f;
            }
            Operand<TFloat32> absDiff = tf.math.abs(tf.linalg.matMul(window, tf.constant(difference)));
            List<Operand<TFloat32>> inputs = new ArrayList<>();
            inputs.add(std);
            inputs.add(tf.max(absDiff, rows, Max.keepDims(true)));
            inputs.add(tf.math.mean(absDiff, rows, Mean.keepDims(true)));
            inputs.add(tf.max(tf.math.abs(centred), rows, Max.keepDims(true)));
            if (cloudInputs) {
                Operand<TFloat32> flat = tf.dtypes.cast(tf.math.less(absDiff, tf.constant(WindowFeatures.EPSILON)),
                        TFloat32.class);
                inputs.add(tf.math.mean(flat, rows, Mean.keepDims(true)));
                inputs.add(tf.math.div(centred, std));
                inputs.add(tf.math.div(absDiff, std));
            }
            Operand<TFloat32> x = inputs.size() == 1 ? inputs.get(0) : tf.concat(inputs, rows);
            x = tf.math.mul(tf.math.sub(x, tf.constant(new float[][] {network.inputMean})),
                    tf.constant(new float[][] {network.inputScale}));
            int layers = network.weights.length;
            for (int l = 0; l < layers; l++) {
                Operand<TFloat32> z = tf.math.add(tf.linalg.matMul(x, tf.constant(network.weights[l])),
                        tf.constant(new float[][] {network.biases[l]}));
                x = l == layers - 1 ? tf.withName("anomaly").math.sigmoid(z) : tf.nn.relu(z);
            }
            Signature signature = Signature.builder().key("serving_default").input("window", window)
                    .output("anomaly", x).build();
            SavedModelBundle.exporter(directory.toString()).withFunction(SessionFunction.create(signature, session))
                    .export();
        }
    }
}
