package io.aiosedge.models.learning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The graph {@link TrainableModel#create} builds for a {@link WindowNetwork}: the {@code window}, {@code label}
 * and {@code learning_rate} placeholders, the network description node, one variable per parameter with a
 * {@code _value} placeholder and an {@code _assign} op, the sigmoid output, the cross-entropy loss and the Adam
 * updates with their moments; then the three signatures over it, and the He-normal initial weights. Holds no
 * lock: it is only used inside {@code TrainableModel.create}, which runs under the lock on
 * {@code TrainableModel.class}, on a graph no other thread sees yet.
 *
 * @param window the {@code window} placeholder, FP32 {@code [-1, width]}
 * @param label the {@code label} placeholder, FP32 {@code [-1, 1]}
 * @param learningRate the {@code learning_rate} placeholder, FP32 scalar
 * @param anomaly the sigmoid output, FP32 {@code [-1, 1]}
 * @param loss the batch's mean cross-entropy, nats
 * @param stepLoss the loss fetched by a training step: runs the Adam updates, returns the loss before them
 */
record TrainingGraph(Placeholder<TFloat32> window, Placeholder<TFloat32> label, Placeholder<TFloat32> learningRate,
        Operand<TFloat32> anomaly, Operand<TFloat32> loss, Operand<TFloat32> stepLoss) {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float ADAM_EPSILON = 1e-7f;

    /** Adds the whole training graph of the network to {@code tf}'s graph. */
    static TrainingGraph build(Ops tf, WindowNetwork network, List<NetworkGraph.Parameter> parameters) {
        int width = network.width();
        Placeholder<TFloat32> window = tf.withName("window").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, width)));
        Placeholder<TFloat32> label = tf.withName("label").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, 1)));
        Placeholder<TFloat32> learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
                Placeholder.shape(Shape.scalar()));
        tf.withName(TrainableModel.NETWORK_NODE).constant(network.encode());

        List<Variable<TFloat32>> variables = new ArrayList<>();
        for (NetworkGraph.Parameter p : parameters) {
            Variable<TFloat32> v = tf.withName(p.name()).variable(Shape.of(p.shape()), TFloat32.class);
            variables.add(v);
            // Weights are set by feeding these assigns (creation, setWeights): no copy of them in the graph.
            Placeholder<TFloat32> value = tf.withName(p.name() + "_value").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(p.shape())));
            tf.withName(p.name() + "_assign").assign(v, value);
        }
        int[] next = {0};
        Operand<TFloat32> logits = NetworkGraph.logits(tf, network, window, p -> variables.get(next[0]++));
        Operand<TFloat32> anomaly = tf.withName("anomaly").math.sigmoid(logits);
        // Binary cross-entropy on logits, stable for any sign: max(z, 0) − z·y + log(1 + e^−|z|).
        Operand<TFloat32> perRow = tf.math.add(tf.math.sub(tf.math.maximum(logits, tf.constant(0f)),
                tf.math.mul(logits, label)), tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
        Operand<TFloat32> loss = tf.withName("loss").math.mean(perRow, tf.constant(new int[] {0, 1}));

        Gradients gradients = tf.gradients(loss, variables);
        Variable<TFloat32> beta1Power = tf.withName("adam_beta1_power").variable(tf.constant(BETA1));
        Variable<TFloat32> beta2Power = tf.withName("adam_beta2_power").variable(tf.constant(BETA2));
        List<Op> gradientOps = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            gradientOps.add(tf.identity(gradients.<TFloat32>dy(i)));
        }
        // Every update waits for every gradient: a backward op still reading a weight must not see it updated.
        Ops afterGradients = tf.withControlDependencies(gradientOps);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> v = variables.get(i);
            String name = parameters.get(i).name();
            Variable<TFloat32> m = tf.withName(name + "_adam_m").variable(tf.zerosLike(v));
            Variable<TFloat32> s = tf.withName(name + "_adam_v").variable(tf.zerosLike(v));
            updates.add(afterGradients.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate,
                    afterGradients.constant(BETA1), afterGradients.constant(BETA2),
                    afterGradients.constant(ADAM_EPSILON), gradients.<TFloat32>dy(i)));
        }
        Ops afterUpdates = tf.withControlDependencies(updates);
        Op b1 = afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, afterUpdates.constant(BETA1)));
        Op b2 = afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, afterUpdates.constant(BETA2)));
        Operand<TFloat32> stepLoss = tf.withControlDependencies(List.of(b1, b2)).withName("train_loss").identity(loss);
        return new TrainingGraph(window, label, learningRate, anomaly, loss, stepLoss);
    }

    /** @return the {@value TrainableModel#SERVING}, {@value TrainableModel#TRAIN_STEP} and {@value TrainableModel#EVALUATE} signatures */
    List<Signature> signatures() {
        return List.of(
                Signature.builder().key(TrainableModel.SERVING).input("window", window).output("anomaly", anomaly)
                        .build(),
                Signature.builder().key(TrainableModel.TRAIN_STEP).input("window", window).input("label", label)
                        .input("learning_rate", learningRate).output("loss", stepLoss).build(),
                Signature.builder().key(TrainableModel.EVALUATE).input("window", window).input("label", label)
                        .output("loss", loss).build());
    }

    /** @return He-normal kernels drawn from {@code seed} (Box-Muller), zero biases, by parameter name in order */
    static Map<String, float[]> initialWeights(List<NetworkGraph.Parameter> parameters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (NetworkGraph.Parameter p : parameters) {
            float[] values = new float[p.size()];
            if (!p.bias()) {
                double scale = Math.sqrt(2.0 / p.fanIn());
                for (int i = 0; i < values.length; i++) {
                    double u = 1 - random.nextDouble();
                    double v = random.nextDouble();
                    values[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * scale);
                }
            }
            weights.put(p.name(), values);
        }
        return weights;
    }
}
